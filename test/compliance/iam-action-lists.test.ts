import * as fs from 'fs';
import * as path from 'path';

// Every IAM action list the library grants is written once: the areas' private/perms.ts files and the shared
// constructs/core/private/iam-actions.ts. A list spelled out in two places can drift (one area tightened, the other not).
const root = path.join(__dirname, '..', '..', 'constructs');
const files = [
  path.join(root, 'core', 'private', 'iam-actions.ts'),
  ...fs.readdirSync(root).map((area) => path.join(root, area, 'private', 'perms.ts')).filter((f) => fs.existsSync(f)),
];

function literalLists(file: string): Array<{ name: string; actions: string[] }> {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(/export const (\w+) = \[([^\]]*)\]/g)]
    .map(([, name, body]) => ({ name, actions: [...body.matchAll(/'([^']+)'/g)].map((m) => m[1]) }))
    .filter((list) => list.actions.length > 0 && list.actions.every((a) => /^[a-z0-9-]+:[A-Za-z*]+$/.test(a)));
}

test('the action-list files are found and hold lists', () => {
  expect(files.length).toBeGreaterThanOrEqual(6);
  expect(literalLists(files[0]).map((l) => l.name)).toContain('LOG_STREAM_WRITE_ACTIONS');
});

test('no IAM action list is spelled out twice', () => {
  const seen = new Map<string, string[]>();
  for (const file of files) {
    for (const { name, actions } of literalLists(file)) {
      const key = [...actions].sort().join(',');
      seen.set(key, [...(seen.get(key) ?? []), `${path.relative(root, file)}:${name}`]);
    }
  }
  const twins = [...seen.values()].filter((where) => where.length > 1);
  expect(twins).toEqual([]);
});
