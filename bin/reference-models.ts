import * as path from 'path';
import { MlopsConfig } from '../lib/config/mlops-config';
import { MlModelDefinition } from '../lib/ml-model-definition';

/**
 * The reference platform's config file: its models (`digits`, our TensorFlow.js container trained on CPU;
 * `vision-gpu`, a PyTorch model trained by a distributed GPU job with AWS Deep Learning Containers), its
 * environment and monitoring. Edit the models there, not here (docs/config.md).
 */
export const REFERENCE_CONFIG = path.join(__dirname, '..', 'mlops.config.yaml');

/** The reference models as definitions for `region`, read from `mlops.config.yaml` (for benchmarks and tests). */
export function referenceModels(region: string): MlModelDefinition[] {
  const config = MlopsConfig.fromFile(REFERENCE_CONFIG);
  return config.modelsFor({ ...config.environments[0], region });
}
