import * as fs from 'fs';
import * as path from 'path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { parse } from 'yaml';
import { CONFIG_SCHEMA } from '../../lib/config/private/config-schema';
import { validate as precompiled } from '../../lib/config/private/config-schema-validator';
import { CONFIG_VALIDATOR_OPTIONS, generatedConfigSchemaFiles } from '../../scripts/write-config-schema';
import { ROOT } from './fixtures';

/** The shipped JSON Schema is what editors see: generated from one source, current, and accepting what the platform accepts. */
describe('schema/mlops.config.schema.json', () => {
  const file = path.join(ROOT, 'schema', 'mlops.config.schema.json');
  const shipped = JSON.parse(fs.readFileSync(file, 'utf8'));
  const validate = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true }).compile(shipped);

  test('ships in the package, and the reference config points editors at it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schema/*.json');
    expect(fs.readFileSync(path.join(ROOT, 'mlops.config.yaml'), 'utf8').split('\n')[0])
      .toBe('# yaml-language-server: $schema=./schema/mlops.config.schema.json');
  });

  test.each(['mlops.config.yaml', 'examples/article.config.yaml'])('accepts %s', (name) => {
    expect(validate(parse(fs.readFileSync(path.join(ROOT, name), 'utf8')))).toBe(true);
  });

  test('rejects an unknown key, a malformed instance type and a wrong platform', () => {
    expect(validate({ model: { name: 'a', instanceTyp: 'ml.m5.large' } })).toBe(false);
    expect(validate({ model: { name: 'a', instanceType: 'm5.large' } })).toBe(false);
    expect(validate({ model: { name: 'a' }, environment: { platform: 'gcp' } })).toBe(false);
    expect(validate({ model: { name: 'a' }, environment: { platform: 'Kubernetes' } })).toBe(true);
  });
});

/** lib/config/private/schema-check.ts validates with ajv's standalone code, generated at build time instead of compiled per run. */
describe('lib/config/private/config-schema-validator.ts', () => {
  const generated = generatedConfigSchemaFiles();

  test.each(Object.keys(generated))('%s is what `npm run schema` writes from lib/config/private/config-schema.ts now (run it after editing the schema)', (file) => {
    expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(generated[file]);
  });

  test('needs nothing of ajv at run time but its small runtime helpers (not the compiler)', () => {
    const source = fs.readFileSync(path.join(ROOT, 'lib', 'config', 'private', 'config-schema-validator.ts'), 'utf8');
    const required = [...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    for (const module of required) expect(module).toMatch(/^ajv\/dist\/runtime\//);
    expect(source).not.toMatch(/\bimport\b.*from/);
  });

  test('reports exactly the errors (keyword, instancePath, params, parentSchema) the runtime compile reports', () => {
    const generatedValidator = precompiled as unknown as ValidateFunction;
    const runtime = new Ajv2020(CONFIG_VALIDATOR_OPTIONS).compile(CONFIG_SCHEMA);
    const inputs: unknown[] = [
      parse(fs.readFileSync(path.join(ROOT, 'mlops.config.yaml'), 'utf8')),
      { model: { name: '', instanceTyp: 'ml.m5.large', image: { ecr: {} } }, environment: { platform: 'gcp', region: 7 } },
      { models: [{ name: 'a', params: { learnin_rate: 'x' }, scaling: { minCapacity: -1 } }], monitoring: { metrics: 'loss' } },
      { version: 2, extra: true },
      'not a map',
    ];
    let invalid = 0;
    for (const input of inputs) {
      const ok = generatedValidator(input);
      expect(ok).toBe(runtime(input));
      if (!ok) invalid++;
      expect(generatedValidator.errors).toEqual(runtime.errors);
    }
    expect(invalid).toBe(inputs.length - 1);
  });
});
