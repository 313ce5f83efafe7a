'use strict';

/** A client-facing error: the server answers `status` with `{ "error": message, "code": code }`. */
class HttpError extends Error {
  /** @param {number} status @param {string} code machine-readable reason @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

module.exports = { HttpError };
