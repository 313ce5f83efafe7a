'use strict';
// Classification metrics with scikit-learn's conventions: macro averages are the unweighted mean
// over all classes, and a ratio with a zero denominator counts as 0.

/**
 * confusion[t][p] = number of rows with true class t predicted as p.
 * @param {ArrayLike<number>} yTrue
 * @param {ArrayLike<number>} yPred
 * @param {number} classCount
 * @returns {number[][]}
 */
function confusionMatrix(yTrue, yPred, classCount) {
  if (yTrue.length !== yPred.length) throw new Error(`${yTrue.length} labels but ${yPred.length} predictions`);
  const m = Array.from({ length: classCount }, () => new Array(classCount).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(t >= 0 && t < classCount) || !(p >= 0 && p < classCount)) {
      throw new Error(`row ${i}: class out of range 0..${classCount - 1} (true=${t}, predicted=${p})`);
    }
    m[t][p] += 1;
  }
  return m;
}

/** @param {number} a @param {number} b */
const ratio = (a, b) => (b === 0 ? 0 : a / b);

/**
 * @typedef {object} ClassificationReport
 * @property {number} accuracy
 * @property {number} macro_precision
 * @property {number} macro_recall
 * @property {number} macro_f1
 * @property {{ class: number, precision: number, recall: number, f1: number, support: number }[]} per_class
 * @property {number[][]} confusion_matrix
 * @property {number} rows
 */

/**
 * @param {ArrayLike<number>} yTrue
 * @param {ArrayLike<number>} yPred
 * @param {number} classCount
 * @returns {ClassificationReport}
 */
function classificationReport(yTrue, yPred, classCount) {
  const cm = confusionMatrix(yTrue, yPred, classCount);
  let correct = 0;
  const perClass = cm.map((row, k) => {
    const tp = row[k];
    correct += tp;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = cm.reduce((a, r) => a + r[k], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { class: k, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const mean = (/** @type {'precision'|'recall'|'f1'} */ key) =>
    ratio(perClass.reduce((a, c) => a + c[key], 0), classCount);
  return {
    accuracy: ratio(correct, yTrue.length),
    macro_precision: mean('precision'),
    macro_recall: mean('recall'),
    macro_f1: mean('f1'),
    per_class: perClass,
    confusion_matrix: cm,
    rows: yTrue.length,
  };
}

/**
 * Fixed 6-decimal rendering used by the log lines SageMaker metric definitions parse.
 * @param {number} v
 */
const fmt = (v) => (Number.isFinite(v) ? v.toFixed(6) : 'nan');

/**
 * `epoch=3 loss=0.123456 accuracy=0.965000 val_loss=0.150000 val_accuracy=0.960000`
 * @param {number} epoch 1-based
 * @param {{ loss: number, accuracy: number, val_loss?: number, val_accuracy?: number }} m
 */
function epochLine(epoch, m) {
  return `epoch=${epoch} loss=${fmt(m.loss)} accuracy=${fmt(m.accuracy)} ` +
    `val_loss=${fmt(m.val_loss ?? NaN)} val_accuracy=${fmt(m.val_accuracy ?? NaN)}`;
}

/**
 * `test_accuracy=0.961200 test_macro_precision=... test_macro_recall=... test_macro_f1=...`
 * @param {ClassificationReport} r
 */
function testLine(r) {
  return `test_accuracy=${fmt(r.accuracy)} test_macro_precision=${fmt(r.macro_precision)} ` +
    `test_macro_recall=${fmt(r.macro_recall)} test_macro_f1=${fmt(r.macro_f1)}`;
}

module.exports = { confusionMatrix, classificationReport, epochLine, testLine };
