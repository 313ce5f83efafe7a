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
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * The bundled dependencies and, transitively, their dependencies (npm expects a bundle to carry them; jsii requires
 * non-jsii runtime dependencies to be bundled). Resolved in the repository's hoisted node_modules.
 */
function bundledClosure(manifest) {
  const closure = new Set();
  const visit = (dep) => {
    if (closure.has(dep)) return;
    const pkg = path.join(root, 'node_modules', dep, 'package.json');
    if (!existsSync(pkg)) throw new Error(`pack: bundled dependency ${dep} is not installed in node_modules/`);
    closure.add(dep);
    Object.keys(JSON.parse(readFileSync(pkg, 'utf8')).dependencies ?? {}).forEach(visit);
  };
  (manifest.bundledDependencies ?? []).forEach(visit);
  return closure;
}

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

// 1. The file list npm would pack from the repository (honours `files`, always adds README/LICENSE/CHANGELOG).
const [dryRun] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts', '--workspaces=false'], root));
const files = dryRun.files.map((f) => f.path).filter((f) => f !== 'package.json' && !f.startsWith('node_modules/'));

// 2. A staging copy with the published manifest.
const stage = mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-pack-'));
try {
  for (const file of files) {
    mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(stage, file));
  }
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const bundled = bundledClosure(manifest);
  for (const dep of bundled) {
    // npm lists them only when its view of the tree agrees; copy each whole package so the bundle is complete.
    cpSync(path.join(root, 'node_modules', dep), path.join(stage, 'node_modules', dep), { recursive: true, dereference: true });
  }
  const published = Object.fromEntries(PUBLISHED_FIELDS.filter((k) => manifest[k] !== undefined).map((k) => [k, manifest[k]]));
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);

  // 3. Tar the staging copy as npm does (`package/` prefix, fixed mtime and owner: the same inputs give the same bytes).
  //    Not `npm pack` in the staging folder: it drops the bundled dependencies' own dependencies (extraneous there).
  mkdirSync(outDir, { recursive: true });
  const tarball = path.join(outDir, `${published.name}-${published.version}.tgz`);
  execFileSync('tar', ['--create', '--gzip', '--file', tarball, '--directory', stage, '--sort=name', '--mtime=1985-10-26T08:15:00Z',
    '--owner=0', '--group=0', '--numeric-owner', '--transform', 's,^\\.,package,', '.'], { stdio: 'inherit' });
  const listed = execFileSync('tar', ['--list', '--gzip', '--file', tarball], { encoding: 'utf8' }).split('\n')
    .filter((f) => f.startsWith('package/') && !f.endsWith('/')).map((f) => f.slice('package/'.length));
  const packed = { files: listed.map((f) => ({ path: f })), size: statSync(tarball).size };

  // 4. Check what was packed: the manifest has no development fields, the assembly and the docs are in.
  const leaked = Object.keys(published).filter((k) => !PUBLISHED_FIELDS.includes(k));
  const packedPaths = new Set(packed.files.map((f) => f.path));
  const missing = ['package.json', '.jsii', 'dist/index.js', 'dist/index.d.ts', 'LICENSE', 'README.md', 'container/Dockerfile']
    .filter((f) => !packedPaths.has(f));
  // Bundled dependencies (jsii requires non-jsii runtime dependencies to be bundled) travel in node_modules/;
  // anything else under node_modules/, and any test, is a mistake.
  const testFiles = [...packedPaths].filter((f) => (f.startsWith('node_modules/')
    ? ![...bundled].some((dep) => f.startsWith(`node_modules/${dep}/`))
    : /(^|\/)test\/|\.test\.[jt]s$/.test(f)));
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
