#!/usr/bin/env node
/**
 * Packs cdk-mlops for publishing: the files `package.json` `files` selects (as `npm pack` computes them), with a
 * manifest that carries no development-only fields (scripts, devDependencies, workspaces, overrides). The
 * repository's package.json keeps its scripts for development; what users install never runs or shows them.
 *
 *   npm run build && node scripts/pack.mjs [--out <dir>]     → prints the tarball path (default out: .scratch/pack)
 *
 * Publish the printed tarball (`npm publish <tarball>`), never the repository folder.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(root, '.scratch', 'pack') } } });
const outDir = path.resolve(values.out);

/** Manifest fields a package user needs; everything else in the repository's package.json is for development. */
const PUBLISHED_FIELDS = [
  'name', 'version', 'description', 'license', 'author', 'repository', 'homepage', 'bugs', 'keywords', 'engines',
  'main', 'types', 'exports', 'bin', 'files', 'dependencies', 'bundledDependencies', 'peerDependencies',
  'peerDependenciesMeta', 'jsii', 'stability',
];

for (const built of ['dist/index.js', 'dist/index.d.ts', '.jsii']) {
  if (!existsSync(path.join(root, built))) {
    console.error(`pack: ${built} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

// 1. The file list npm would pack from the repository (honours `files`, always adds README/LICENSE/CHANGELOG).
const [dryRun] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts', '--workspaces=false'], root));
const files = dryRun.files.map((f) => f.path).filter((f) => f !== 'package.json');

// 2. A staging copy with the published manifest.
const stage = mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-pack-'));
try {
  for (const file of files) {
    mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(stage, file));
  }
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const published = Object.fromEntries(PUBLISHED_FIELDS.filter((k) => manifest[k] !== undefined).map((k) => [k, manifest[k]]));
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);

  // 3. Pack the staging copy (no scripts there to run).
  mkdirSync(outDir, { recursive: true });
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], stage));
  const tarball = path.join(outDir, packed.filename);

  // 4. Check what was packed: the manifest has no development fields, the assembly and the docs are in.
  const leaked = Object.keys(published).filter((k) => !PUBLISHED_FIELDS.includes(k));
  const packedPaths = new Set(packed.files.map((f) => f.path));
  const missing = ['package.json', '.jsii', 'dist/index.js', 'dist/index.d.ts', 'LICENSE', 'README.md', 'container/Dockerfile']
    .filter((f) => !packedPaths.has(f));
  const testFiles = [...packedPaths].filter((f) => /(^|\/)test\/|\.test\.[jt]s$|node_modules\//.test(f));
  if (leaked.length > 0 || missing.length > 0 || testFiles.length > 0) {
    console.error(`pack: bad package: development fields ${JSON.stringify(leaked)}, missing ${JSON.stringify(missing)}, `
      + `test files ${JSON.stringify(testFiles.slice(0, 5))}`);
    process.exit(1);
  }
  console.error(`pack: ${packed.files.length} files, ${Math.round(packed.size / 1024)} KiB packed, manifest fields: ${Object.keys(published).join(', ')}`);
  console.log(tarball);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
