import * as fs from 'fs';
import * as path from 'path';

/**
 * Where the reference model container's build context (`container/`: Dockerfile, bin/, src/) is: the repository
 * in development, `node_modules/cdk-mlops/container` once installed (the package ships it without its tests).
 * Found by walking up from this file to the package root, so it works from the sources (tsx, jest) and from dist/.
 */
export function referenceContainerDirectory(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const container = path.join(dir, 'container');
      return fs.existsSync(path.join(container, 'Dockerfile')) ? container : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
