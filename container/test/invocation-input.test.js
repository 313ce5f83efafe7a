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
    ['text/csv', '1,x,3', 400, 'not_numeric', 'row 0, column 1: "x" is not a decimal number'],
    ['text/csv', '1,2,3\n1,,3', 400, 'not_numeric', 'row 1, column 1: "" is not a decimal number'],
    // Number() would take these; they are not decimal numbers (a hex or binary literal in a feature is a client bug).
    ['text/csv', '0x10,2,3', 400, 'not_numeric', 'row 0, column 0: "0x10" is not a decimal number'],
    ['text/csv', '1,0b1,3', 400, 'not_numeric', 'row 0, column 1: "0b1" is not a decimal number'],
    ['text/csv', '1,2,0o7', 400, 'not_numeric', 'row 0, column 2: "0o7" is not a decimal number'],
    ['text/csv', '1,2,Infinity', 400, 'not_numeric', '"Infinity" is not a decimal number'],
    ['text/csv', '1,2,1e', 400, 'not_numeric', '"1e" is not a decimal number'],
    // Finite as a double, Infinity as float32: the model would answer null probabilities.
    ['text/csv', '1,2,1e39', 400, 'not_numeric', 'row 0, column 2: 1e39 is outside the float32 range'],
    ['text/csv', '1,2,-3.5e38', 400, 'not_numeric', 'outside the float32 range'],
    ['application/json', '[1,2,1e39]', 400, 'not_numeric', 'row 0, column 2: 1e+39 is outside the float32 range'],
    ['application/json', '{"instances": [[1,2,3],[1,-1.7976931348623157e308,3]]}', 400, 'not_numeric', 'row 1, column 1: -1.7976931348623157e+308 is outside'],
    ['text/csv', '1,2', 400, 'wrong_feature_count', 'row 0: 2 features, the model expects 3'],
    ['text/plain', '1,2,3', 415, 'unsupported_media_type', 'content type "text/plain" is not supported'],
    [undefined, '1,2,3', 415, 'unsupported_media_type', 'content type "(none)" is not supported'],
    ['application/json', '[1,2,1e400]', 400, 'not_numeric', 'row 0, column 2: null is not a finite number'],
  ])('%s %j -> %i %s', (type, body, status, code, message) => {
    const e = httpError(() => parse(type, body));
    expect(e).toMatchObject({ status, code });
    expect(e.message).toContain(message);
  });

  test('the largest float32 and tiny values are accepted (CSV and JSON agree)', () => {
    const csv = parse('text/csv', '3.4028234e38,-3.4028234e38,1e-50');
    const json = parse('application/json', '[3.4028234e38,-3.4028234e38,1e-50]');
    expect(Array.from(csv.features)).toEqual(Array.from(json.features));
    expect(csv.features.every(Number.isFinite)).toBe(true);
  });

  test.each([
    ['text/csv', `${'1,2,3\n'.repeat(5)}`],
    ['application/json', JSON.stringify(Array.from({ length: 5 }, () => [1, 2, 3]))],
  ])('%s: more rows than maxRows is 413 too_many_rows, naming the limit', (type, body) => {
    expect(parse(type, body).rows).toBe(5);
    const e = httpError(() => parseInvocation(type, Buffer.from(body), 3, 4));
    expect(e).toMatchObject({ status: 413, code: 'too_many_rows' });
    expect(e.message).toContain('request has 5 rows; at most 4 per request (MAX_ROWS_PER_REQUEST)');
    expect(parseInvocation(type, Buffer.from(body), 3, 5).rows).toBe(5);
  });
});
