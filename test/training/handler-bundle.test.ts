import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { handlerBundleDir } from '../../constructs/training/private/handler-bundle';

test('a missing bundle is a clear error that says how to build it', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-mlops-no-bundle-'));
  expect(() => handlerBundleDir(empty)).toThrow(/handler bundle is missing .*handler\/dist\/index\.js.*Run `npm run bundle`/);
});

test('the pre-built bundle is where the construct looks, and exports both Lambda entry points', () => {
  const dir = handlerBundleDir();
  expect(fs.readdirSync(dir)).toEqual(['index.js']); // the asset hash covers exactly the bundle
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(path.join(dir, 'index.js'));
  expect(typeof bundle.onEvent).toBe('function');
  expect(typeof bundle.isComplete).toBe('function');
});
