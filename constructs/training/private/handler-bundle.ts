import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The directory holding the pre-built handler bundle, `handler/dist/index.js` in this area's folder (the parent of
 * this `private/` folder) both in the sources and in the compiled package (dist/constructs/training/). Throws a clear error when the build step did not run, instead of letting
 * `lambda.Code.fromAsset` fail later with a bare ENOENT.
 */
export function handlerBundleDir(baseDir: string = path.join(__dirname, '..')): string {
  const dir = path.join(baseDir, 'handler', 'dist');
  if (!existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`cdk-mlops: the SageMakerTrainingJob handler bundle is missing (${path.join(dir, 'index.js')}). `
      + 'Run `npm run bundle` (or `npm run build`) in the cdk-mlops package to create it.');
  }
  return dir;
}
