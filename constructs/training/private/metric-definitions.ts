import { PropsCheck } from '../../core';
import { checkPresent, checkString } from '../../core/private/prop-checks';
import { MetricDefinition } from '../metric-definitions';
import { finalMetricAttributeName } from './protocol';

/** A decimal or scientific number, e.g. `0.965000`, `-1.5e-3`. */
const NUMBER = '([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)';

/** `key=<number>` where `key` is a whole word: `loss=` must not match inside `val_loss=`. */
function keyValue(key: string): string {
  return `(?:^|\\s)${key}=${NUMBER}`;
}

/**
 * Metrics of the reference container (container/), which logs exactly:
 * `epoch=3 loss=0.123456 accuracy=0.965000 val_loss=0.150000 val_accuracy=0.960000` and
 * `test_accuracy=0.961200 test_macro_precision=0.960000 test_macro_recall=0.960000 test_macro_f1=0.960000`.
 */
export const DEFAULT_METRIC_DEFINITIONS: MetricDefinition[] = [
  { name: 'train:loss', regex: keyValue('loss') },
  { name: 'train:accuracy', regex: keyValue('accuracy') },
  { name: 'validation:loss', regex: keyValue('val_loss') },
  { name: 'validation:accuracy', regex: keyValue('val_accuracy') },
  { name: 'test:accuracy', regex: keyValue('test_accuracy') },
  { name: 'test:macro_f1', regex: keyValue('test_macro_f1') },
];

/** SageMaker accepts at most 40 metric definitions per job. */
export const MAX_METRIC_DEFINITIONS = 40;

/** Number of capture groups in a compiled regex (the empty alternative always matches). */
function captureGroups(regex: RegExp): number {
  return new RegExp(`${regex.source}|`).exec('')!.length - 1;
}

/** Checks names (unique, SageMaker length, distinct attribute names) and regexes (compile, one group). */
export function checkMetricDefinitions(check: PropsCheck, definitions: MetricDefinition[]): void {
  check.require(definitions.length <= MAX_METRIC_DEFINITIONS, 'metricDefinitions', definitions,
    `at most ${MAX_METRIC_DEFINITIONS} definitions (SageMaker limit)`);
  const attributes = new Map<string, string>();
  definitions.forEach((d, i) => {
    const prop = `metricDefinitions[${i}]`;
    // A plain-JavaScript caller may leave out the name or regex (a TypeError on .length otherwise).
    if (!checkPresent(check, prop, d, 'must be a { name, regex } metric definition')) return;
    const hasName = checkString(check, `${prop}.name`, d.name, 'is required: 1-255 characters on one line, e.g. "validation:accuracy"');
    const hasRegex = checkString(check, `${prop}.regex`, d.regex, 'is required: a regular expression with one capture group (the value)');
    if (hasName && check.require(d.name.length >= 1 && d.name.length <= 255 && !/[\r\n]/.test(d.name), `${prop}.name`, d.name,
      'must be 1-255 characters on one line, e.g. "validation:accuracy"')) {
      const attribute = finalMetricAttributeName(d.name);
      const clash = attributes.get(attribute);
      if (clash === d.name) {
        check.fail(`${prop}.name`, d.name, 'must be unique among the metric definitions');
      } else if (clash !== undefined) {
        check.fail(`${prop}.name`, d.name, `must differ from "${clash}" in more than punctuation: both become the attribute ${attribute}`);
      }
      attributes.set(attribute, d.name);
    }
    if (!hasRegex || !check.require(d.regex.length >= 1 && d.regex.length <= 500, `${prop}.regex`, d.regex, 'must be 1-500 characters')) return;
    let compiled: RegExp;
    try {
      compiled = new RegExp(d.regex);
    } catch (e) {
      check.fail(`${prop}.regex`, d.regex, `must be a valid regular expression (${(e as Error).message})`);
      return;
    }
    const groups = captureGroups(compiled);
    check.require(groups === 1, `${prop}.regex`, d.regex,
      `must have exactly one capture group (the value), found ${groups}; use (?:...) for other groups`);
  });
}
