#!/usr/bin/env node
/**
 * Every ```ts snippet in README.md and docs/*.md works literally, as a package user would run it: each one is
 * compiled (one TypeScript program for all of them) and run in a scratch app that depends on the packed tarball
 * (`scripts/pack.mjs`), not on the repository's sources. Every CDK and cdk8s `App` a snippet creates is
 * synthesized; a snippet marked `<!-- snippet: nag-clean -->` must also have zero unsuppressed cdk-nag
 * AwsSolutions and NIST 800-53 R5 findings.
 *
 *   npm run build && node scripts/check-doc-snippets.mjs [--tarball <file>] [--keep]
 *
 * Markers (HTML comments, invisible on GitHub and in the package):
 *   <!-- snippet-setup
 *   import { App, Stack } from 'aws-cdk-lib';
 *   const stack = new Stack(new App(), 'Stack');
 *   -->                          code every later snippet of the page starts with (imports are merged)
 *   <!-- snippet: nag-clean -->  the next snippet synthesizes cdk-nag clean
 *   <!-- snippet: continues -->  the next snippet builds on the page's previous snippet (which runs first)
 *
 * The README's nag-clean example is also translated to Python with jsii-rosetta (against the packed assembly, so
 * names and struct types are the generated bindings'); docs/python.md must hold exactly that translation
 * (`--update-python` rewrites it).
 *
 * Offline: the scratch app's node_modules holds the extracted tarball plus symlinks to the repository's installed
 * peers (aws-cdk-lib, constructs, cdk8s, cdk8s-plus-27) and to whatever else a snippet imports (cdk-nag, yaml).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');
const { values } = parseArgs({ options: { tarball: { type: 'string' }, keep: { type: 'boolean', default: false }, 'update-python': { type: 'boolean', default: false }, only: { type: 'string' } } });
const started = Date.now();

// ---- 1. Snippets ------------------------------------------------------------------------------------------
const pages = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** One ```ts block: where it is, the setup it starts with, its code and its markers. */
function snippetsOf(page) {
  const lines = readFileSync(path.join(root, page), 'utf8').split('\n');
  const out = [];
  let setup = '';
  let markers = new Set();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('<!-- snippet-setup')) {
      const end = lines.indexOf('-->', i);
      if (end < 0) throw new Error(`${page}:${i + 1}: snippet-setup without a closing --> line`);
      setup = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const marker = /^<!-- snippet: ([\w-]+(?: [\w-]+)*) -->$/.exec(line);
    if (marker) { marker[1].split(' ').forEach((m) => markers.add(m)); continue; }
    const fence = /^(\s*)```(ts|typescript)\s*$/.exec(line);
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
      const indent = fence[1].length;
      const code = lines.slice(i + 1, end).map((l) => l.slice(indent)).join('\n');
      // `continues`: the snippet builds on the page's previous one (its setup and code run first).
      const previous = out[out.length - 1];
      const start = markers.has('continues') && previous ? `${previous.setup}\n${previous.code}` : setup;
      out.push({ page, line: i + 2, setup: start, markers, code });
      markers = new Set();
      i = end;
      continue;
    }
    if (line.trim() !== '' && markers.size > 0 && !line.startsWith('<!--')) markers = new Set(); // a marker binds to the next block only
  }
  return out;
}

// --only <text>: just the pages whose path contains it (for fixing one page; CI checks all).
const snippets = pages.filter((p) => !values.only || p.includes(values.only)).flatMap(snippetsOf);

// ---- 2. Imports: hoisted and merged, so a snippet may repeat what its setup imports ------------------------------
const IMPORT = /^import\s+(?:type\s+)?(?:(\*\s+as\s+[\w$]+)|([\w$]+)\s*,?\s*)?(\{[^}]*\})?\s*from\s+['"]([^'"]+)['"];?[ \t]*$/gm;

function splitImports(code) {
  const imports = [];
  const body = code.replace(IMPORT, (match, ns, def, named, from) => {
    imports.push({ ns: ns?.replace(/\s+/g, ' '), def, named: named ? named.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean) : [], from });
    return match.replace(/[^\n]/g, ''); // keep line numbers
  });
  return { imports, body };
}

function renderImports(all) {
  const byModule = new Map();
  for (const i of all) {
    const m = byModule.get(i.from) ?? { ns: new Set(), def: undefined, named: new Set() };
    if (i.ns) m.ns.add(i.ns);
    if (i.def) m.def = i.def;
    i.named.forEach((n) => m.named.add(n));
    byModule.set(i.from, m);
  }
  const lines = [];
  for (const [from, m] of byModule) {
    for (const ns of m.ns) lines.push(`import ${ns} from '${from}';`);
    const named = m.named.size ? `{ ${[...m.named].join(', ')} }` : '';
    if (m.def || named) lines.push(`import ${[m.def, named].filter(Boolean).join(', ')} from '${from}';`);
  }
  return lines;
}

// ---- 3. The scratch app -------------------------------------------------------------------------------------------
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-snippets-'));
const modules = path.join(scratch, 'node_modules');
mkdirSync(path.join(modules, 'cdk-mlops'), { recursive: true });

const tarball = values.tarball ?? execFileSync('node', [path.join(root, 'scripts', 'pack.mjs'), '--out', path.join(scratch, 'pack')],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
execFileSync('tar', ['-xzf', tarball, '-C', path.join(modules, 'cdk-mlops'), '--strip-components=1']);
const manifest = JSON.parse(readFileSync(path.join(modules, 'cdk-mlops', 'package.json'), 'utf8'));

/** Links a package the repository has installed into the scratch app (what `npm install` would have put there). */
function link(name) {
  const target = path.join(root, 'node_modules', name);
  const at = path.join(modules, name);
  if (existsSync(at) || !existsSync(target)) return;
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}
const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
[...Object.keys(manifest.peerDependencies ?? {}), ...Object.keys(manifest.dependencies ?? {}),
  // kubernetes-models: the dev dependency MlopsTesting.validateKubernetesManifests asks its users to install.
  ...Object.keys(manifest.peerDependenciesMeta ?? {}), '@types/node', '@types/jest', 'expect', 'kubernetes-models'].forEach(link);

const src = path.join(scratch, 'src');
mkdirSync(src);
writeFileSync(path.join(src, '__snippet-runtime.ts'), `
/** Records every App a snippet creates, so the runner can synthesize it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function __trackApp<T extends abstract new (...args: any[]) => any>(AppClass: T): T {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Tracked = class extends (AppClass as any) { constructor(...args: any[]) { super(...args); ((globalThis as any).__snippetApps ??= []).push(this); } };
  return Tracked as unknown as T;
}
`);

const files = snippets.map((s, index) => {
  const setup = splitImports(s.setup);
  const own = splitImports(s.code);
  for (const i of [...setup.imports, ...own.imports]) if (!i.from.startsWith('.')) link(packageName(i.from));
  const track = (code) => code.replace(/\bnew\s+((?:[A-Za-z_$][\w$]*\.)?App)\s*\(/g, 'new (__trackApp($1))(');
  const imports = [...setup.imports, ...own.imports];
  // A snippet written for a construct's body (`new Foo(this, ...)`) runs inside a Stack (or, for cdk8s, a Chart).
  const inScope = /\bthis\b/.test(setup.body + own.body);
  const cdk8sOnly = imports.some((i) => i.from.startsWith('cdk8s')) && !imports.some((i) => i.from.startsWith('aws-cdk-lib'));
  const [open, close] = !inScope ? ['', ''] : cdk8sOnly
    ? [`import { App as __App8s, Chart as __Chart } from 'cdk8s';\nclass __Snippet extends __Chart { constructor(scope: __App8s, id: string) { super(scope, id);`,
      `} }\nnew __Snippet(new (__trackApp(__App8s))(), 'Snippet');`]
    : [`import { App as __App, Stack as __Stack } from 'aws-cdk-lib';\nclass __Snippet extends __Stack { constructor(scope: __App, id: string) { super(scope, id);`,
      `} }\nnew __Snippet(new (__trackApp(__App))(), 'Snippet');`];
  const head = [`import { __trackApp } from './__snippet-runtime';`, ...renderImports(imports), open, track(setup.body)].filter((l) => l !== '');
  const headLines = head.join('\n').split('\n').length;
  const name = `${String(index).padStart(2, '0')}-${s.page.replace(/[/.]/g, '_')}-L${s.line}`;
  writeFileSync(path.join(src, `${name}.ts`), `${head.join('\n')}\n${track(own.body)}\n${close}\nexport {};\n`);
  return { ...s, name, headLines };
});

// ---- 4. One compile of every snippet ----------------------------------------------------------------------------
const out = path.join(scratch, 'out');
const program = ts.createProgram(readdirSync(src).map((f) => path.join(src, f)), {
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
  strict: true, esModuleInterop: true, skipLibCheck: true, outDir: out, rootDir: src, types: ['node', 'jest'],
  typeRoots: [path.join(modules, '@types')], noEmitOnError: false,
});
const failures = new Map(); // snippet name -> messages
const fail = (name, message) => failures.set(name, [...(failures.get(name) ?? []), message]);
for (const d of ts.getPreEmitDiagnostics(program).concat(program.emit().diagnostics)) {
  const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const file = d.file && files.find((f) => path.join(src, `${f.name}.ts`) === d.file.fileName);
  if (!file) { fail('(compile)', text); continue; }
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  const where = line + 1 > file.headLines ? `${file.page}:${file.line + line - file.headLines}` : `${file.page}:${file.line} (setup)`;
  fail(file.name, `${where}: TS${d.code}: ${text}`);
}

// ---- 5. Run and synthesize each compiled snippet (one process; cdk-lib and cdk8s load once) ----------------------------
const runner = path.join(scratch, 'run.js');
writeFileSync(runner, `
const fs = require('fs'); const path = require('path'); const os = require('os');
const jobs = JSON.parse(process.argv[2]);
const results = {};
for (const job of jobs) {
  globalThis.__snippetApps = [];
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'snippet-'));
  process.chdir(cwd); // cdk8s writes dist/ relative to the working directory
  try {
    require(job.file);
    let findings = [];
    for (const app of globalThis.__snippetApps) {
      app.synth();
      if (job.nagClean && require('aws-cdk-lib').App.isApp(app)) {
        const nag = require('cdk-nag');
        for (const pack of [new nag.AwsSolutionsChecks(app), new nag.NIST80053R5Checks(app)]) {
          for (const v of pack.validateScope(app).violations) for (const r of v.violatingResources) findings.push(v.ruleName + ' at ' + r.constructPath);
        }
      }
    }
    if (globalThis.__snippetApps.length === 0) findings = job.nagClean ? ['marked nag-clean but creates no App'] : [];
    results[job.name] = findings.length ? { error: 'cdk-nag findings:\\n    ' + findings.join('\\n    ') } : { apps: globalThis.__snippetApps.length };
  } catch (e) {
    results[job.name] = { error: (e && e.stack ? e.stack.split('\\n').slice(0, 4).join('\\n    ') : String(e)) };
  }
}
process.stdout.write(JSON.stringify(results));
`);
const jobs = files.filter((f) => !failures.has(f.name))
  .map((f) => ({ name: f.name, file: path.join(out, `${f.name}.js`), nagClean: f.markers.has('nag-clean') }));
const results = JSON.parse(execFileSync('node', [runner, JSON.stringify(jobs)], {
  cwd: scratch, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CDK_VALIDATION: 'false' },
}));
for (const f of files) {
  const r = results[f.name];
  if (r?.error) fail(f.name, `${f.page}:${f.line}: ${r.error}`);
}

// ---- 6. The Python version of the README example (docs/python.md) is jsii-rosetta's translation, kept current ----
const PYTHON_PAGE = path.join(root, 'docs', 'python.md');
const PYTHON_BLOCK = /(<!-- rosetta: README example -->\n```python\n)([\s\S]*?)(```)/;
const readmeExample = files.find((f) => f.page === 'README.md' && f.markers.has('nag-clean'));
if (readmeExample && !failures.has(readmeExample.name) && existsSync(PYTHON_PAGE)) {
  writeFileSync(path.join(scratch, 'readme-example.md'), `\`\`\`ts\n${readmeExample.code}\n\`\`\`\n`);
  const translated = execFileSync(path.join(root, 'node_modules', '.bin', 'jsii-rosetta'), ['markdown', 'readme-example.md', '--language', 'python'], {
    cwd: scratch, encoding: 'utf8', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const python = /```python\n([\s\S]*?)```/.exec(translated)?.[1] ?? /```\n([\s\S]*?)```/.exec(translated)?.[1];
  const page = readFileSync(PYTHON_PAGE, 'utf8');
  if (!python) fail('docs/python.md', `jsii-rosetta gave no Python for the README example:\n${translated}`);
  else if (!PYTHON_BLOCK.test(page)) fail('docs/python.md', 'no `<!-- rosetta: README example -->` python block to compare with');
  else if (values['update-python']) writeFileSync(PYTHON_PAGE, page.replace(PYTHON_BLOCK, (_m, open, _old, close) => `${open}${python}${close}`));
  else if (PYTHON_BLOCK.exec(page)[2] !== python) {
    fail('docs/python.md', `the Python example is not jsii-rosetta's translation of the README example; run with --update-python. Expected:\n${python}`);
  }
}

// ---- 7. Report ----------------------------------------------------------------------------------------------------
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const nagged = files.filter((f) => f.markers.has('nag-clean')).length;
if (!values.keep) rmSync(scratch, { recursive: true, force: true });
if (failures.size > 0) {
  for (const [name, messages] of failures) console.error(`✗ ${name}\n  ${messages.join('\n  ')}`);
  console.error(`\n${failures.size} of ${files.length} snippets fail (${seconds}s)${values.keep ? `; scratch app: ${scratch}` : ''}`);
  process.exit(1);
}
console.log(`${files.length} snippets from ${new Set(files.map((f) => f.page)).size} pages compile and synthesize against ${path.basename(tarball)} `
  + `(${nagged} cdk-nag clean) in ${seconds}s`);
