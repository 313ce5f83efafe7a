'use strict';
// Shared test helpers (not a test file: jest only runs *.test.js).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');

/** A fresh temp directory, removed by the returned cleanup. */
function tempDir(prefix = 'container-test-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** @param {string} file @param {string} text */
function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * Raw HTTP request with full control of headers and body chunks.
 * @param {number} port
 * @param {{ method?: string, path?: string, headers?: Record<string, string|number>, body?: string|Buffer }} o
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string, json: () => any }>}
 */
function request(port, o = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path ?? '/', headers: o.headers, agent: false,
    }, (res) => {
      const chunks = /** @type {Buffer[]} */ ([]);
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

module.exports = { tempDir, write, request };
