import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, runCli } from '../../lib/cli/run-cli';

const ROOT = path.join(__dirname, '..', '..');

function run(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tempFile(name: string, text?: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-cli-')), name);
  if (text !== undefined) fs.writeFileSync(file, text);
  return file;
}

describe('cdk-mlops validate', () => {
  test('a valid file: exit 0, and the assumptions it relies on', () => {
    const result = run('validate', path.join(ROOT, 'examples', 'article.config.yaml'));
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toMatch(/article\.config\.yaml: valid\n {2}assumed:\n/);
    expect(result.out).toContain('model.name = "AIModel": lower-cased to "aimodel"');
    expect(run('validate', '--quiet', path.join(ROOT, 'examples', 'article.config.yaml')).out).not.toContain('assumed');
  });

  test('a bad file: exit 1 and every problem with file:line:column', () => {
    const file = tempFile('bad.yaml', 'model:\n  name: a\n  params: { learnin_rate: 0.1 }\nenvironment: { platform: gcp }\n');
    const result = run('validate', path.join(ROOT, 'mlops.config.yaml'), file);
    expect(result.code).toBe(EXIT_INVALID);
    expect(result.out).toContain('mlops.config.yaml: valid');
    expect(result.err.split('\n')).toEqual([
      `${file}: 2 problems`,
      expect.stringMatching(new RegExp(`^ {2}${file}:3:13 model\\.params\\.learnin_rate = 0\\.1: unknown key; did you mean "learning_rate"\\?`)),
      `  ${file}:4:26 environment.platform = "gcp": must be aws (CloudFormation), kubernetes (YAML) or both; case-insensitive`,
    ]);
  });

  test('usage errors exit 2', () => {
    expect(run('validate').code).toBe(EXIT_USAGE);
    expect(run('frobnicate')).toMatchObject({ code: EXIT_USAGE, err: expect.stringContaining('unknown command "frobnicate"') });
    expect(run('validate', '--colour', 'x.yaml')).toMatchObject({ code: EXIT_USAGE, err: expect.stringContaining("Unknown option '--colour'") });
    expect(run()).toMatchObject({ code: EXIT_USAGE, err: expect.stringContaining('Usage: cdk-mlops') });
  });

  test('--help lists the commands', () => {
    const result = run('--help');
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toMatch(/validate <file\.\.\.>[\s\S]*init \[file\]/);
  });
});

describe('cdk-mlops init', () => {
  test('writes a commented starter that validates, and never overwrites without --force', () => {
    const file = tempFile('mlops.config.yaml');
    expect(run('init', file).code).toBe(EXIT_OK);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/cdk-mlops/schema/mlops.config.schema.json');
    expect(text.match(/#/g)!.length).toBeGreaterThan(10);
    expect(run('validate', file)).toMatchObject({ code: EXIT_OK });
    fs.writeFileSync(file, 'mine');
    expect(run('init', file)).toMatchObject({ code: EXIT_USAGE, err: expect.stringContaining('exists; pass --force') });
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    expect(run('init', file, '--force').code).toBe(EXIT_OK);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('the cdk-mlops executable', () => {
  test('runs from the repository with tsx and sets its exit code', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const cli = path.join(ROOT, 'lib', 'cli', 'cdk-mlops.ts');
    expect(execFileSync(tsx, [cli, 'validate', path.join(ROOT, 'mlops.config.yaml')], { encoding: 'utf8' })).toContain('mlops.config.yaml: valid');
    const bad = spawnSync(tsx, [cli, 'validate', tempFile('x.yaml', 'models: 3\n')], { encoding: 'utf8' });
    expect(bad.status).toBe(EXIT_INVALID);
    expect(bad.stderr).toMatch(/x\.yaml:1:9 models = 3: must be array/);
  });

  test('package.json names it as the cdk-mlops bin, where the build writes it, with a shebang', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk-mlops': 'dist/lib/cli/cdk-mlops.js' });
    expect(fs.readFileSync(path.join(ROOT, 'lib', 'cli', 'cdk-mlops.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    // The CLI's own imports are runtime dependencies, bundled for jsii.
    expect(pkg.dependencies).toMatchObject({ ajv: expect.any(String), yaml: expect.any(String) });
    expect(pkg.bundledDependencies).toEqual(expect.arrayContaining(['ajv', 'yaml']));
  });
});
