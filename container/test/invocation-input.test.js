'use strict';
const { parseInvocation } = require('../src/invocation-input');

const parse = (type, body, features = 3) => parseInvocation(type, Buffer.from(body), features);

/** @param {() => unknown} fn */
function httpError(fn) {
  try {
    fn();
  } catch (e) {
    return { status: e.status, code: e.code, message: e.message };
  }
  throw new Error('expected an HttpError');
}

describe('parseInvocation', () => {
  test.each([
    ['{"instances": [[1,2,3],[4,5,6]]}', 2],
    ['[[1,2,3],[4,5,6]]', 2],
    ['[1,2,3]', 1],
  ])('application/json %s', (body, rows) => {
    const r = parse('application/json; charset=utf-8', body);
    expect(r.rows).toBe(rows);
    expect(Array.from(r.features)).toEqual([1, 2, 3, 4, 5, 6].slice(0, rows * 3));
  });

  test('text/csv: one row per line, CRLF and blank lines tolerated', () => {
    const r = parse('TEXT/CSV', '1,2,3\r\n4, 5 ,6e0\n\n');
    expect(r.rows).toBe(2);
    expect(Array.from(r.features)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test.each([
    ['application/json', '', 400, 'empty_body', 'request body is empty'],
    ['text/csv', ' \n ', 400, 'empty_body', 'request body is empty'],
    ['application/json', '{"instances": [1,', 400, 'invalid_json', 'body is not valid JSON'],
    ['application/json', '{"inputs": [[1,2,3]]}', 400, 'wrong_shape', 'object without "instances"'],
    ['application/json', '"1,2,3"', 400, 'wrong_shape', 'expected {"instances"'],
    ['application/json', '[[1,2,3], 4]', 400, 'wrong_shape', 'row 1 is not an array'],
    ['application/json', '{"instances": []}', 400, 'no_rows', 'request contains no rows'],
    ['application/json', '[[1,2,3],[1,2]]', 400, 'wrong_feature_count', 'row 1: 2 features, the model expects 3'],
    ['application/json', '[1,2,3,4]', 400, 'wrong_feature_count', 'row 0: 4 features, the model expects 3'],
    ['application/json', '[1,"2",3]', 400, 'not_numeric', 'row 0, column 1: "2" is not a finite number'],
    ['application/json', '[1,null,3]', 400, 'not_numeric', 'row 0, column 1: null is not a finite number'],
    ['text/csv', '1,x,3', 400, 'not_numeric', 'row 0, column 1: "x" is not a finite number'],
    ['text/csv', '1,2,3\n1,,3', 400, 'not_numeric', 'row 1, column 1: "" is not a finite number'],
    ['text/csv', '1,2', 400, 'wrong_feature_count', 'row 0: 2 features, the model expects 3'],
    ['text/plain', '1,2,3', 415, 'unsupported_media_type', 'content type "text/plain" is not supported'],
    [undefined, '1,2,3', 415, 'unsupported_media_type', 'content type "(none)" is not supported'],
  ])('%s %j -> %i %s', (type, body, status, code, message) => {
    const e = httpError(() => parse(type, body));
    expect(e).toMatchObject({ status, code });
    expect(e.message).toContain(message);
  });
});
