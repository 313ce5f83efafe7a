import * as fs from 'fs';
import * as path from 'path';
import { referenceContainerDirectory } from '../../constructs/core/private/reference-container';

/**
 * The reference model container (container/) as a config default: what a model without `image` runs.
 * Internal: not exported from the package index.
 */

/** The image name the reference container is pushed to for Kubernetes (replace with your registry). */
export const REFERENCE_KUBERNETES_IMAGE = 'ghcr.io/example/cdk-mlops-digits:0.1.0';

/** The channels `container/scripts/prepare-mnist.js` writes (validation is split off train). */
export const REFERENCE_CHANNELS = ['train', 'test'];

/** What `container/src/hyperparameters.js` accepts for one hyperparameter. */
interface HyperparameterSpec {
  readonly type: string;
  readonly help: string;
}

/** Whether `dir` is the reference container's build context. */
export function isReferenceContainer(dir: string): boolean {
  const reference = referenceContainerDirectory();
  return reference !== undefined && path.resolve(dir) === path.resolve(reference);
}

/** The container's own hyperparameter module, so the config is checked by the rules training applies. */
interface HyperparameterModule {
  readonly HYPERPARAMETER_SPEC: { [name: string]: HyperparameterSpec };
  parseHyperparameters(raw: { [name: string]: unknown }): unknown;
}

function hyperparameterModule(): HyperparameterModule | undefined {
  const dir = referenceContainerDirectory();
  const file = dir && path.join(dir, 'src', 'hyperparameters.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return file && fs.existsSync(file) ? require(file) as HyperparameterModule : undefined;
}

/** The reference container's hyperparameter names, or undefined when the container is not available. */
export function referenceHyperparameterNames(): string[] | undefined {
  const module = hyperparameterModule();
  return module && Object.keys(module.HYPERPARAMETER_SPEC);
}

/** Why the reference container would reject `value` for `name` (undefined when it accepts it). */
export function referenceHyperparameterProblem(name: string, value: unknown): string | undefined {
  const module = hyperparameterModule();
  if (!module) return undefined;
  try {
    module.parseHyperparameters({ [name]: value });
    return undefined;
  } catch (e) {
    // "invalid hyperparameters: epochs=0: must be in [1, 1000]" → "must be in [1, 1000]"
    const message = (e as Error).message.replace(/^invalid hyperparameters: /, '');
    const spec = module.HYPERPARAMETER_SPEC[name];
    return `${message.replace(/^[^:]*=[^:]*: /, '')}${spec ? ` (${spec.help}; reference container)` : ''}`;
  }
}
