/**
 * The drift rule of the local loop, in one place (the demo's monitor and the tests use it): a baseline
 * of the training features (per-feature mean and standard deviation, and a histogram of all feature
 * values) and a comparison of captured requests with it.
 *
 * Two signals, each a violation on its own, in the spirit of Model Monitor's data-quality checks:
 * - the population stability index (PSI) of the value histogram: Σ (c − b) · ln(c / b) over the bins;
 *   < 0.1 is no shift, > 0.2 (the default threshold) a significant one;
 * - the share of features whose mean moved by more than `meanShiftThreshold` (in feature units; MNIST
 *   pixels are 0..1) from the baseline mean.
 */

/** Baseline statistics of a dataset (what the local `statistics.json` holds). */
export interface DriftBaseline {
  /** Rows the baseline was computed from. */
  readonly rows: number;
  /** Per feature, in column order. */
  readonly features: Array<{ readonly mean: number; readonly std: number }>;
  /** Upper edges of the value-histogram bins (the last bin is closed at its edge). */
  readonly binEdges: number[];
  /** Share of all feature values in each bin (sums to 1). */
  readonly binFractions: number[];
}

/** What a monitoring run checks (the local `constraints.json`). */
export interface DriftConstraints {
  /** PSI of the value histogram above which the run reports drift. @default 0.2 */
  readonly psiThreshold: number;
  /** A feature whose mean moved by more than this has drifted. @default 0.1 */
  readonly meanShiftThreshold: number;
  /** Share of drifted features above which the run reports drift. @default 0.05 */
  readonly driftedFeatureShare: number;
}

/** The result of one monitoring run. */
export interface DriftReport {
  /** Captured rows analysed. */
  readonly rows: number;
  /** PSI of the value histogram against the baseline. */
  readonly psi: number;
  /** Features whose mean moved by more than the threshold. */
  readonly driftedFeatures: number;
  /** All features. */
  readonly featureCount: number;
  /** The constraints that failed (empty: no violation). */
  readonly violations: string[];
}

export const DEFAULT_CONSTRAINTS: DriftConstraints = { psiThreshold: 0.2, meanShiftThreshold: 0.1, driftedFeatureShare: 0.05 };
/** Ten equal bins over 0..1, the range of the reference container's pixel features. */
export const DEFAULT_BIN_EDGES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
/** Empty bins get this share, so ln(c / b) stays finite. */
const EPSILON = 1e-4;

function histogram(rows: number[][], edges: number[]): number[] {
  const counts = new Array(edges.length).fill(0);
  let total = 0;
  for (const row of rows) {
    for (const v of row) {
      let bin = edges.findIndex((edge) => v < edge);
      if (bin < 0) bin = edges.length - 1;
      counts[bin] += 1;
      total += 1;
    }
  }
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

function featureMeans(rows: number[][], featureCount: number): number[] {
  const sums = new Array(featureCount).fill(0);
  for (const row of rows) for (let f = 0; f < featureCount; f++) sums[f] += row[f];
  return sums.map((s) => s / rows.length);
}

/** The baseline of `rows` (features only, no label). Throws on an empty or ragged dataset. */
export function computeBaseline(rows: number[][], binEdges: number[] = DEFAULT_BIN_EDGES): DriftBaseline {
  if (rows.length === 0) throw new Error('computeBaseline: no rows');
  const featureCount = rows[0].length;
  const ragged = rows.findIndex((r) => r.length !== featureCount);
  if (ragged >= 0) throw new Error(`computeBaseline: row ${ragged} has ${rows[ragged].length} features, row 0 has ${featureCount}`);
  const means = featureMeans(rows, featureCount);
  const squares = new Array(featureCount).fill(0);
  for (const row of rows) for (let f = 0; f < featureCount; f++) squares[f] += (row[f] - means[f]) ** 2;
  return {
    rows: rows.length,
    features: means.map((mean, f) => ({ mean, std: Math.sqrt(squares[f] / rows.length) })),
    binEdges,
    binFractions: histogram(rows, binEdges),
  };
}

/** PSI between two histograms over the same bins. */
export function populationStabilityIndex(baseline: number[], current: number[]): number {
  let psi = 0;
  for (let i = 0; i < baseline.length; i++) {
    const b = Math.max(baseline[i], EPSILON);
    const c = Math.max(current[i], EPSILON);
    psi += (c - b) * Math.log(c / b);
  }
  return psi;
}

/** Compares captured rows with the baseline. Rows with another feature count are a violation of their own. */
export function compareWithBaseline(rows: number[][], baseline: DriftBaseline, constraints: DriftConstraints = DEFAULT_CONSTRAINTS): DriftReport {
  const featureCount = baseline.features.length;
  const violations: string[] = [];
  const wrongShape = rows.filter((r) => r.length !== featureCount).length;
  if (wrongShape > 0) violations.push(`${wrongShape} captured rows do not have ${featureCount} features`);
  const usable = rows.filter((r) => r.length === featureCount);
  if (usable.length === 0) return { rows: rows.length, psi: 0, driftedFeatures: 0, featureCount, violations: [...violations, 'no captured rows to analyse'] };
  const psi = populationStabilityIndex(baseline.binFractions, histogram(usable, baseline.binEdges));
  const means = featureMeans(usable, featureCount);
  const driftedFeatures = means.filter((m, f) => Math.abs(m - baseline.features[f].mean) > constraints.meanShiftThreshold).length;
  if (psi > constraints.psiThreshold) violations.push(`value distribution: PSI ${psi.toFixed(3)} > ${constraints.psiThreshold}`);
  if (driftedFeatures / featureCount > constraints.driftedFeatureShare) {
    violations.push(`feature means: ${driftedFeatures}/${featureCount} features moved by more than ${constraints.meanShiftThreshold} `
      + `(allowed ${(constraints.driftedFeatureShare * 100).toFixed(0)} %)`);
  }
  return { rows: usable.length, psi, driftedFeatures, featureCount, violations };
}
