import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The layout rule of constructs/ (aws-cdk's `lib/private/` convention, docs/decisions.md section 36): the top level
 * of an area holds public API only, helpers live in the area's `private/` folder, and an index never re-exports
 * from `private/`. Checked with the TypeScript compiler on what the package entry really exports, so a helper left in
 * a public file, or a private helper re-exported, fails here rather than in a user's autocomplete.
 */
const ROOT = path.join(__dirname, '..', '..');
const CONSTRUCTS = path.join(ROOT, 'constructs');
/** Folders inside an area that are not API: the helpers, and the training job's Lambda handler (bundled). */
const INTERNAL_FOLDERS = new Set(['private', 'handler']);

/**
 * Exports of top-level files that are not package API, by file and name, each with the reason it stays there.
 * Keep it short: a new internal helper goes into the area's private/ folder instead.
 */
const ALLOWED_INTERNAL_EXPORTS: { [file: string]: { names: string[]; reason: string } } = {
  'constructs/core/validation.ts': {
    names: ['MlopsValidationFailure', 'newValidationError', 'describeValue', 'isUnresolved'],
    reason: 'The one format of a validation error: its builder shares the brand symbol with MlopsValidationError and is what '
      + 'PropsCheck throws, next to the token rule every check applies. MlopsValidationFailure is the type of the public type '
      + 'guard in TypeScript; jsii cannot export an interface extending Error, so the package index leaves it out.',
  },
  'constructs/pipeline/pipeline-states.ts': {
    names: ['MANIFEST_FOLDER'],
    reason: 'Part of the run-time contract this file collects: the folder scripts/upload-training-data.ts writes and the '
      + 'new-data trigger watches; a string constant (jsii exports none), too small to be a file of its own.',
  },
};

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const areas = fs.readdirSync(CONSTRUCTS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

function topLevelEntries(area: string): { files: string[]; folders: string[] } {
  const entries = fs.readdirSync(path.join(CONSTRUCTS, area), { withFileTypes: true });
  return {
    files: entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts').map((e) => e.name).sort(),
    folders: entries.filter((e) => e.isDirectory() && !INTERNAL_FOLDERS.has(e.name)).map((e) => e.name).sort(),
  };
}

/** The module specifiers of an index's `export ... from '...'` declarations. */
function reExportSpecifiers(indexFile: string): string[] {
  const source = ts.createSourceFile(indexFile, fs.readFileSync(indexFile, 'utf8'), ts.ScriptTarget.ES2022, true);
  return source.statements.filter(ts.isExportDeclaration)
    .map((s) => s.moduleSpecifier).filter((m): m is ts.StringLiteral => !!m && ts.isStringLiteral(m)).map((m) => m.text);
}

// One program over the package entry: its exports, and the exports of every top-level file, resolved to declarations.
const program = ts.createProgram([path.join(ROOT, 'index.ts')], {
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true, types: ['node'],
});
const checker = program.getTypeChecker();
const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
function exportsOf(file: string): ts.Symbol[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${rel(file)} is not reachable from index.ts`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  return moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
}
const packageExports = exportsOf(path.join(ROOT, 'index.ts')).map((s) => ({ name: s.name, symbol: resolve(s) }));
const packageSymbols = new Set(packageExports.map((e) => e.symbol));
const declarationFiles = (s: ts.Symbol) => (s.declarations ?? []).map((d) => rel(d.getSourceFile().fileName));

describe('layout of constructs/: public API at the top of an area, helpers in private/', () => {
  test.each(['index.ts', 'lib/index.ts', 'constructs/index.ts', ...areas.map((a) => `constructs/${a}/index.ts`)])(
    '%s re-exports nothing from a private/ folder', (index) => {
      const file = path.join(ROOT, index);
      expect(reExportSpecifiers(file).filter((m) => m.split('/').includes('private'))).toEqual([]);
    });

  test('no name the package exports is declared in a private/ folder (or the training handler)', () => {
    const leaked = packageExports.filter((e) => declarationFiles(e.symbol).some((f) => /\/(private|handler)\//.test(f)))
      .map((e) => `${e.name} (${declarationFiles(e.symbol).join(', ')})`);
    expect(leaked).toEqual([]);
  });

  test('the package exports classes, interfaces and enums only: no free functions or constants (jsii drops them)', () => {
    const notTypes = packageExports.filter((e) => !(e.symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.Enum)))
      .map((e) => `${e.name} (${declarationFiles(e.symbol).join(', ')})`);
    expect(notTypes).toEqual([]);
  });

  test.each(areas)('every top-level file and folder of constructs/%s is exported by its index', (area) => {
    const specifiers = new Set(reExportSpecifiers(path.join(CONSTRUCTS, area, 'index.ts')));
    const { files, folders } = topLevelEntries(area);
    const missing = [...files.map((f) => `./${f.replace(/\.ts$/, '')}`), ...folders.map((f) => `./${f}`)].filter((m) => !specifiers.has(m));
    expect(missing).toEqual([]);
  });

  test.each(areas)('every export of a top-level file of constructs/%s is package API (helpers belong in private/)', (area) => {
    const internal: string[] = [];
    for (const name of topLevelEntries(area).files) {
      const file = `constructs/${area}/${name}`;
      const allowed = new Set(ALLOWED_INTERNAL_EXPORTS[file]?.names ?? []);
      for (const s of exportsOf(path.join(ROOT, file))) {
        if (!packageSymbols.has(resolve(s)) && !allowed.has(s.name)) internal.push(`${file}: ${s.name}`);
      }
    }
    expect(internal).toEqual([]);
  });

  test('the allow-list names only exports that exist and are still internal', () => {
    const stale: string[] = [];
    for (const [file, { names }] of Object.entries(ALLOWED_INTERNAL_EXPORTS)) {
      const exported = new Map(exportsOf(path.join(ROOT, file)).map((s) => [s.name, resolve(s)]));
      for (const n of names) if (!exported.has(n) || packageSymbols.has(exported.get(n)!)) stale.push(`${file}: ${n}`);
    }
    expect(stale).toEqual([]);
  });

  test('every export of a top-level file of lib/ is package API (its helpers are in lib/private/)', () => {
    const internalExports = (file: string) => exportsOf(path.join(ROOT, file)).filter((s) => !packageSymbols.has(resolve(s))).map((s) => `${file}: ${s.name}`);
    // The check sees internal exports where there are some (every export of lib/private/ is one).
    expect(internalExports('lib/private/model-name.ts').length).toBeGreaterThan(0);
    const files = fs.readdirSync(path.join(ROOT, 'lib')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => internalExports(`lib/${f}`))).toEqual([]);
  });

  test('bin/ (the reference app, written as a user would) imports no private/ file', () => {
    const offenders: string[] = [];
    for (const name of fs.readdirSync(path.join(ROOT, 'bin')).filter((f) => f.endsWith('.ts'))) {
      const file = path.join(ROOT, 'bin', name);
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
      for (const s of source.statements) {
        if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)
          && s.moduleSpecifier.text.split('/').includes('private')) offenders.push(`bin/${name}: ${s.moduleSpecifier.text}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
