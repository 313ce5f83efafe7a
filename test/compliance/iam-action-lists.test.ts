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

/** Every .ts file under constructs/ but the action-list files themselves. */
function constructFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return constructFiles(full);
    return e.name.endsWith('.ts') && !files.includes(full) ? [full] : [];
  });
}

/** Lists of two or more literal IAM actions written in a construct: `actions: ['a:B', 'c:D']` or `grant(x, 'a:B', 'c:D')`. */
function inlineLists(source: string): string[][] {
  const action = /'([a-z0-9-]+:[A-Za-z*]+)'/g;
  const bodies = [
    ...[...source.matchAll(/actions:\s*\[([^\]]*)\]/g)].map((m) => m[1]),
    ...[...source.matchAll(/\.grant\(((?:[^()]|\([^()]*\))*)\)/g)].map((m) => m[1]),
  ];
  return bodies.map((body) => [...body.matchAll(action)].map((m) => m[1])).filter((actions) => actions.length >= 2);
}

test('the inline-list finder sees both forms', () => {
  expect(inlineLists("key.grant(role, 'kms:Encrypt', 'kms:Decrypt'); new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'] })"))
    .toEqual([['s3:GetObject', 's3:PutObject'], ['kms:Encrypt', 'kms:Decrypt']]);
  expect(inlineLists("key.grant(new iam.ServicePrincipal('sagemaker.amazonaws.com'), 'kms:CreateGrant', 'kms:DescribeKey')"))
    .toEqual([['kms:CreateGrant', 'kms:DescribeKey']]);
  expect(inlineLists("actions: PASS_ROLE_ACTIONS, x.grant(role, ...KMS_ACTIONS)")).toEqual([]);
});

test('no construct spells out an IAM action list of its own (it lives in its area\'s private/perms.ts)', () => {
  const inline = constructFiles(root).flatMap((file) => inlineLists(fs.readFileSync(file, 'utf8'))
    .map((actions) => `${path.relative(root, file)}: ${actions.join(', ')}`));
  expect(inline).toEqual([]);
});
