import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { CONFIG_SCHEMA } from '../../lib/config/config-schema';
import { ROOT } from './fixtures';

/** The shipped JSON Schema is what editors see: generated from one source, current, and accepting what the platform accepts. */
describe('schema/mlops.config.schema.json', () => {
  const file = path.join(ROOT, 'schema', 'mlops.config.schema.json');
  const shipped = JSON.parse(fs.readFileSync(file, 'utf8'));
  const validate = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true }).compile(shipped);

  test('is lib/config/config-schema.ts as written by `npm run schema` (run it after editing the schema)', () => {
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
  });

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
