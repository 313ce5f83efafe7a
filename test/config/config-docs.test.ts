import * as fs from 'fs';
import * as path from 'path';
import { formatProblems } from '../../lib/config/config-problem';
import { CONFIG_SCHEMA } from '../../lib/config/private/config-schema';
import { MlopsConfig } from '../../lib/config/mlops-config';
import { ROOT } from './fixtures';

/** docs/config.md shows real output and documents every key of the schema. */
describe('docs/config.md', () => {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'config.md'), 'utf8');
  const inRepo = (name: string) => path.relative(process.cwd(), path.join(ROOT, name));

  test('the multi-error example is what validate prints today', () => {
    const file = inRepo('examples/mistakes.config.yaml');
    const report = MlopsConfig.check(file);
    expect(report.problems.length).toBe(8);
    expect(page).toContain(formatProblems(file, report.problems));
  });

  test('the article example lists the assumptions synth prints today', () => {
    const file = inRepo('examples/article.config.yaml');
    const { assumptions } = MlopsConfig.check(file);
    expect(page).toContain([`${file}: assumed`, ...assumptions.map((a) => `  ${a}`)].join('\n'));
  });

  test('the first example is a valid config (build contexts relative to the repository root)', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(page)![1];
    const config = MlopsConfig.fromYaml(example, path.join(ROOT, 'example.yaml'));
    expect(config.modelsFor(config.environments[0]).map((m) => m.name)).toEqual(['digits']);
  });

  test('every key of the schema is documented', () => {
    const keys = new Set<string>();
    const walk = (schema: { properties?: { [k: string]: object }; items?: object }) => {
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        keys.add(key);
        walk(child);
      }
      if (schema.items) walk(schema.items);
    };
    walk(CONFIG_SCHEMA);
    expect(keys.size).toBeGreaterThan(40);
    expect([...keys].filter((key) => !new RegExp(`\`([a-zA-Z.]+\\.)?${key}(\\.[a-zA-Z.]+)?\``).test(page))).toEqual([]);
  });
});
