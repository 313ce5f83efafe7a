#!/usr/bin/env node
/**
 * Pre-bundles the custom-resource handlers with esbuild so consumers of cdk-mlops never need Docker or
 * esbuild to synthesize: the constructs load the bundle with lambda.Code.fromAsset.
 *
 * Each bundle is written next to the TypeScript sources (used by tsx, jest and `cdk synth` in this repo)
 * and into the same place under dist/ (used by the compiled package), so it runs fine from `prepare`
 * (before dist/ exists) and from `npm run build` (before or after tsc). Output is deterministic: same
 * sources and lockfile, same bytes, same asset hash.
 *
 * The AWS SDK is bundled rather than taken from the Lambda runtime: the handler then runs exactly the
 * SDK version its tests ran against, and a runtime SDK update cannot change its behaviour.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Must match the lambda.Runtime the constructs choose (NODEJS_24_X). */
const NODE_TARGET = 'node24';

const HANDLERS = [
  { entry: 'constructs/training/handler/index.ts', outfile: 'constructs/training/handler/dist/index.js' },
];

for (const { entry, outfile } of HANDLERS) {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    minify: true,
    keepNames: true, // readable error names and stack frames in CloudWatch
    sourcemap: false,
    legalComments: 'eof', // the bundled SDK's licence notices travel with it
    // The AWS SDK's ES-module build tree-shakes; its CommonJS build (esbuild's default for node) bundles everything.
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const distFile = path.join(root, 'dist', outfile);
  mkdirSync(path.dirname(distFile), { recursive: true });
  copyFileSync(path.join(root, outfile), distFile);
  const kib = Math.round(statSync(path.join(root, outfile)).size / 1024);
  console.log(`bundled ${entry} -> ${outfile} and dist/${outfile} (${kib} KiB)`);
}
