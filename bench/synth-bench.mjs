#!/usr/bin/env node
/**
 * Whole-process `cdk synth` time: the reference app (bin/) against bench/l1-app.ts, which declares
 * the same resources with L1 constructs only. Runs alternate (A, B, A, B …) so machine noise hits
 * both alike; the median of each and their ratio are printed.
 *
 *   node bench/synth-bench.mjs [runs=7] [app command]           e.g. 'node --import tsx bench/scale-app.ts'
 *   node bench/synth-bench.mjs --fixture <dir> [app command]   only write the baseline's fixture (for an
 *                                                              external paired timer) and exit
 *
 * Both apps run the way cdk.json runs the reference app: `node --import tsx` (no npx wrapper process).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const fixtureOnly = process.argv[2] === '--fixture';
const runs = fixtureOnly ? 0 : Number(process.argv[2] ?? 7);
const referenceApp = (fixtureOnly ? process.argv[4] : process.argv[3]) || 'node --import tsx bin/mlops-platform.ts';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cdk = path.join(root, 'node_modules', '.bin', 'cdk');

function synth(app, outdir, env = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cdk, ['synth', '--quiet', '--app', app, '--output', outdir], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${app} failed:\n${r.stderr}`);
  return seconds;
}

// 1. One synth of the reference app gives the resource list the baseline declares.
const fixtureDir = fixtureOnly ? path.resolve(process.argv[3]) : mkdtempSync(path.join(tmpdir(), 'cdk-mlops-bench-'));
synth(referenceApp, fixtureDir, { CDK_VALIDATION: 'false' });
const k8sDir = path.join(fixtureDir, 'k8s');
const manifests = Object.fromEntries(readdirSync(k8sDir).map((f) =>
  [f.replace('.k8s.yaml', ''), readFileSync(path.join(k8sDir, f), 'utf8').split(/^---$/m).map((d) => parse(d)).filter(Boolean)]));
writeFileSync(path.join(fixtureDir, 'k8s.json'), JSON.stringify(manifests));
const resourceCount = readdirSync(fixtureDir).filter((f) => f.endsWith('.template.json'))
  .reduce((n, f) => n + Object.keys(JSON.parse(readFileSync(path.join(fixtureDir, f), 'utf8')).Resources).length, 0);
const objectCount = Object.values(manifests).flat().length;

if (fixtureOnly) {
  console.log(`fixture in ${fixtureDir}: ${resourceCount} CloudFormation resources, ${objectCount} Kubernetes objects`);
  process.exit(0);
}

// 2. Alternate timed runs.
const times = { reference: [], l1: [] };
for (let i = 0; i < runs; i++) {
  times.reference.push(synth(referenceApp, mkdtempSync(path.join(tmpdir(), 'ref-'))));
  times.l1.push(synth('node --import tsx bench/l1-app.ts', mkdtempSync(path.join(tmpdir(), 'l1-')), { BENCH_FIXTURE_DIR: fixtureDir }));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ref = median(times.reference);
const l1 = median(times.l1);
console.log(`resources: ${resourceCount} CloudFormation, ${objectCount} Kubernetes objects; runs: ${runs}`);
console.log(`reference app  median ${ref.toFixed(2)} s  (${times.reference.map((t) => t.toFixed(2)).join(', ')})`);
console.log(`L1 baseline    median ${l1.toFixed(2)} s  (${times.l1.map((t) => t.toFixed(2)).join(', ')})`);
console.log(`ratio (reference / L1): ${(ref / l1).toFixed(3)}`);
