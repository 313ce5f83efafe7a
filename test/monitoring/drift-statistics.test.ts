import { computeBaseline, compareWithBaseline, DEFAULT_CONSTRAINTS, populationStabilityIndex } from '../../scripts/demo-loop/drift-statistics';
import { INVERTED, splitDigits, transformDigits } from '../../scripts/demo-loop/digits-data';

/** The local loop's drift rule, on real MNIST digits. */
describe('drift statistics (local monitor)', () => {
  const digits = splitDigits({ train: 50, traffic: 20 });
  const pixels = (rows: { pixels: number[] }[]) => rows.map((d) => d.pixels);
  const baseline = computeBaseline(pixels(digits.train));

  test('the baseline has one mean and std per pixel and a histogram that sums to 1', () => {
    expect(baseline.rows).toBe(500);
    expect(baseline.features).toHaveLength(784);
    expect(baseline.binFractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // MNIST is mostly black background: the first bin dominates.
    expect(baseline.binFractions[0]).toBeGreaterThan(0.7);
  });

  test('held-out digits of the same distribution are no violation', () => {
    const report = compareWithBaseline(pixels(digits.traffic), baseline);
    expect(report.violations).toEqual([]);
    expect(report.psi).toBeLessThan(0.1);
    expect(report.rows).toBe(200);
  });

  test('inverted digits are drift on both signals', () => {
    const report = compareWithBaseline(pixels(transformDigits(digits.traffic, INVERTED)), baseline);
    expect(report.psi).toBeGreaterThan(DEFAULT_CONSTRAINTS.psiThreshold * 10);
    expect(report.driftedFeatures).toBeGreaterThan(700);
    expect(report.violations).toEqual([
      expect.stringMatching(/^value distribution: PSI \d+\.\d{3} > 0\.2$/),
      expect.stringMatching(/^feature means: \d+\/784 features moved by more than 0\.1/),
    ]);
  });

  test('a mixed stream with a small share of shifted traffic stays under the thresholds; a large share does not', () => {
    const mixed = (share: number) => digits.traffic.map((d, i) => (i < share * digits.traffic.length ? INVERTED(d.pixels) : d.pixels));
    expect(compareWithBaseline(mixed(0.02), baseline).violations).toEqual([]);
    expect(compareWithBaseline(mixed(0.5), baseline).violations.length).toBeGreaterThan(0);
  });

  test('rows of the wrong width and an empty capture are violations, not crashes', () => {
    expect(compareWithBaseline([[0.1, 0.2]], baseline).violations).toEqual(['1 captured rows do not have 784 features', 'no captured rows to analyse']);
    expect(compareWithBaseline([], baseline).violations).toEqual(['no captured rows to analyse']);
    expect(() => computeBaseline([])).toThrow('computeBaseline: no rows');
    expect(() => computeBaseline([[1, 2], [1]])).toThrow('row 1 has 1 features, row 0 has 2');
  });

  test('PSI is 0 for equal histograms and grows with the shift', () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(populationStabilityIndex([0.5, 0.5], [0.6, 0.4])).toBeLessThan(populationStabilityIndex([0.5, 0.5], [0.9, 0.1]));
  });
});
