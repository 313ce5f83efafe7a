'use strict';
// A tfjs-node that loads but registers its backend with another tfjs-core copy (a version mismatch)
// must not stop the server or trainer: auto-selection falls back to wasm, as it does when tfjs-node is missing.
jest.mock('@tensorflow/tfjs-node', () => ({}), { virtual: true });

const { initBackend } = require('../src/backend');

test('auto-selection falls back to wasm when tfjs-node loads but its backend is not registered', async () => {
  const lines = [];
  const info = await initBackend({ requested: '', log: (line) => lines.push(line) });
  expect(info.name).toBe('wasm');
  expect(lines.join('\n')).toMatch(/^backend=wasm/);
});
