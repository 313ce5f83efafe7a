import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

/** The README's install section states the peer dependencies and minimums package.json declares. */
test('README lists every peer dependency with the minimum package.json declares, and the install line names the required ones', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const optional = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}).filter((p) => manifest.peerDependenciesMeta[p].optional));
  const table = Object.fromEntries([...readme.matchAll(/^\| `([^`]+)`(?: \(optional\))? \| (\d+\.\d+\.\d+) \|/gm)].map((m) => [m[1], m[2]]));
  const floors = Object.fromEntries(Object.entries(manifest.peerDependencies as Record<string, string>)
    .map(([name, range]) => [name, /(\d+\.\d+\.\d+)/.exec(range)![1]]));
  expect(table).toEqual(floors);
  const install = /^npm install cdk-mlops (.+)$/m.exec(readme)?.[1].split(' ') ?? [];
  expect(install.sort()).toEqual(Object.keys(floors).filter((p) => !optional.has(p)).sort());
});
