#!/usr/bin/env node
/**
 * The Python example in docs/python.md uses only names the generated Python bindings have: every name imported
 * from `cdk_mlops`, every method called and every keyword argument must appear in the code jsii-pacmak generated.
 *
 *   npx jsii-pacmak --code-only --targets python --outdir <dir> && node scripts/check-python-example.mjs <dir>
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bindings = readFileSync(path.join(process.argv[2], 'python', 'src', 'cdk_mlops', '__init__.py'), 'utf8');
const page = readFileSync(path.join(root, 'docs', 'python.md'), 'utf8');
const example = /<!-- rosetta: README example -->\n```python\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
const code = example.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');

const imported = [...code.matchAll(/^from cdk_mlops import (.+)$/gm)].flatMap((m) => m[1].split(',').map((s) => s.trim()));
const classes = new Set([...bindings.matchAll(/^class (\w+)\b/gm)].map((m) => m[1]));
const defs = new Set([...bindings.matchAll(/\bdef (\w+)\(/g)].map((m) => m[1]));
// Keyword arguments of our classes (the aws_cdk ones, App() and Stack(), take none here).
const keywords = [...code.matchAll(/\b([a-z_][a-z0-9_]*)=(?!=)/g)].map((m) => m[1]);
const methods = [...code.matchAll(/\.([a-z_][a-z0-9_]*)\(/g)].map((m) => m[1]);

const problems = [
  ...(example.trim() === '' ? ['docs/python.md has no rosetta Python block'] : []),
  ...imported.filter((n) => !classes.has(n)).map((n) => `cdk_mlops has no class ${n}`),
  ...methods.filter((n) => !defs.has(n)).map((n) => `no method ${n}() in the bindings`),
  ...keywords.filter((k) => !new RegExp(`\\b${k}: `).test(bindings)).map((k) => `no keyword argument ${k} in the bindings`),
];
if (problems.length > 0) {
  console.error(`docs/python.md does not match the generated Python bindings:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`docs/python.md: ${imported.length} classes, ${new Set(methods).size} methods and ${new Set(keywords).size} keyword arguments found in the Python bindings`);
