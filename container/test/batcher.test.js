'use strict';
const { Batcher } = require('../src/batcher');

/** A fake model with 2 classes: probabilities [x0, -x0] so each row's output identifies the row. */
function fakePredict() {
  const calls = [];
  const predict = async (features, rows) => {
    calls.push(rows);
    const probabilities = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      probabilities[2 * r] = features[r];
      probabilities[2 * r + 1] = -features[r];
    }
    return { probabilities, classCount: 2 };
  };
  return { predict, calls };
}

describe('Batcher', () => {
  test('requests submitted together share one predict and each gets its own rows back', async () => {
    const { predict, calls } = fakePredict();
    const b = new Batcher({ predict, featureCount: 1, maxBatchSize: 64 });
    const results = await Promise.all([
      b.submit(Float32Array.from([1]), 1),
      b.submit(Float32Array.from([2, 3]), 2),
      b.submit(Float32Array.from([4]), 1),
    ]);
    expect(calls).toEqual([4]);
    expect(b.predictCalls).toBe(1);
    expect(results.map((r) => Array.from(r.probabilities))).toEqual([[1, -1], [2, -2, 3, -3], [4, -4]]);
  });

  test('batches never exceed maxBatchSize rows', async () => {
    const { predict, calls } = fakePredict();
    const b = new Batcher({ predict, featureCount: 1, maxBatchSize: 3 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => b.submit(Float32Array.from([i]), 1)));
    expect(calls).toEqual([3, 3, 2]);
  });

  test('a request larger than maxBatchSize runs as pieces of at most maxBatchSize rows, answers in row order', async () => {
    const { predict, calls } = fakePredict();
    const b = new Batcher({ predict, featureCount: 1, maxBatchSize: 2 });
    const whole = await b.submit(Float32Array.from([1, 2, 3, 4, 5]), 5);
    expect(calls).toEqual([2, 2, 1]);
    expect(whole.probabilities.length).toBe(10);
    const one = async (v) => Array.from((await new Batcher({ predict, featureCount: 1 }).submit(Float32Array.from([v]), 1)).probabilities);
    const expected = [];
    for (const v of [1, 2, 3, 4, 5]) expected.push(...(await one(v)));
    expect(Array.from(whole.probabilities)).toEqual(expected);
  });

  test('maxDelayMs waits for later requests to join the batch', async () => {
    const { predict, calls } = fakePredict();
    const b = new Batcher({ predict, featureCount: 1, maxBatchSize: 64, maxDelayMs: 30 });
    const first = b.submit(Float32Array.from([1]), 1);
    await new Promise((r) => setTimeout(r, 5));
    const second = b.submit(Float32Array.from([2]), 1);
    await Promise.all([first, second]);
    expect(calls).toEqual([2]);
  });

  test('a predict failure rejects every request of that batch and later batches still run', async () => {
    let fail = true;
    const b = new Batcher({
      featureCount: 1,
      predict: async (f, rows) => {
        if (fail) throw new Error('boom');
        return { probabilities: new Float32Array(rows), classCount: 1 };
      },
    });
    const results = await Promise.allSettled([b.submit(Float32Array.from([1]), 1), b.submit(Float32Array.from([2]), 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(b.submit(Float32Array.from([1]), 1)).resolves.toMatchObject({ classCount: 1 });
  });
});
