'use strict';
const { confusionMatrix, classificationReport, epochLine, testLine } = require('../src/metrics');

describe('classification metrics', () => {
  // 3 classes, 8 rows. Worked by hand:
  //   true:  0 0 0 1 1 1 2 2
  //   pred:  0 0 1 1 1 2 2 0
  const yTrue = [0, 0, 0, 1, 1, 1, 2, 2];
  const yPred = [0, 0, 1, 1, 1, 2, 2, 0];

  test('confusion matrix counts true class by row, predicted class by column', () => {
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 1],
    ]);
  });

  test('accuracy, per-class and macro precision/recall/F1 match the hand computation', () => {
    const r = classificationReport(yTrue, yPred, 3);
    expect(r.accuracy).toBeCloseTo(5 / 8, 12);
    // class 0: P = 2/3, R = 2/3; class 1: P = 2/3, R = 2/3; class 2: P = 1/2, R = 1/2
    expect(r.per_class.map((c) => c.precision)).toEqual([2 / 3, 2 / 3, 1 / 2].map((v) => expect.closeTo(v, 12)));
    expect(r.per_class.map((c) => c.recall)).toEqual([2 / 3, 2 / 3, 1 / 2].map((v) => expect.closeTo(v, 12)));
    expect(r.per_class.map((c) => c.support)).toEqual([3, 3, 2]);
    expect(r.macro_precision).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 2) / 3, 12);
    expect(r.macro_recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 2) / 3, 12);
    expect(r.macro_f1).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 2) / 3, 12);
  });

  test('macro F1 is the mean of per-class F1, not F1 of the macro averages', () => {
    // class 0: P=1/2 R=1 F1=2/3; class 1: P=1 R=1/2 F1=2/3 -> macro F1 2/3 (F1 of means would be 0.75)
    const r = classificationReport([0, 1, 1], [0, 0, 1], 2);
    expect(r.macro_precision).toBeCloseTo(0.75, 12);
    expect(r.macro_recall).toBeCloseTo(0.75, 12);
    expect(r.macro_f1).toBeCloseTo(2 / 3, 12);
  });

  test('a class never predicted and never present counts as 0, not NaN', () => {
    const r = classificationReport([0, 1], [0, 1], 3);
    expect(r.per_class[2]).toEqual({ class: 2, precision: 0, recall: 0, f1: 0, support: 0 });
    expect(r.macro_f1).toBeCloseTo(2 / 3, 12);
  });

  test('out-of-range classes and length mismatches are errors', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow('row 1: class out of range 0..2');
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow('1 labels but 2 predictions');
  });

  test('log lines have the exact stable format SageMaker metric regexes parse', () => {
    expect(epochLine(3, { loss: 0.1234564, accuracy: 0.965, val_loss: 0.15, val_accuracy: 0.96 }))
      .toBe('epoch=3 loss=0.123456 accuracy=0.965000 val_loss=0.150000 val_accuracy=0.960000');
    expect(testLine(classificationReport(yTrue, yPred, 3)))
      .toBe('test_accuracy=0.625000 test_macro_precision=0.611111 test_macro_recall=0.611111 test_macro_f1=0.611111');
  });
});
