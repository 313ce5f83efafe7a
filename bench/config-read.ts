/**
 * Reads mlops.config.yaml in a fresh process as bin/ does (module loading included) and prints how long it took.
 * Time the whole process from outside, before and after a change, in turn (docs/benchmarks.md):
 *
 *   node --import tsx bench/config-read.ts [file]
 */
import * as path from 'path';

const started = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the clock starts, on purpose
const { MlopsConfig } = require('../lib/config/mlops-config') as typeof import('../lib/config/mlops-config');
const file = process.argv[2] ?? path.join(__dirname, '..', 'mlops.config.yaml');
const config = MlopsConfig.fromFile(file);
console.log(`${file}: ${config.environments.length} environment(s), read in ${(performance.now() - started).toFixed(1)} ms`);
