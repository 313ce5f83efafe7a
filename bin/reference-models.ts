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

/**
 * When each image the reference platform runs stops getting security patches, from the publishers' own
 * tables (read 2026-12-01): AWS Deep Learning Containers framework support policy
 * (aws.github.io/deep-learning-containers/reference/support_policy), Node.js release schedule, AWS Lambda
 * runtimes. `test/bin/reference-image-support.test.ts` fails once a date has passed, and when an image of the
 * reference config is missing here, so ageing shows up as a red test instead of a silent CVE backlog.
 */
export interface ReferenceImageSupport {
  /** `repository:tag` (DLC), a base image, or a Lambda runtime. */
  readonly image: string;
  /** Last day of security patches (ISO date). */
  readonly supportedUntil: string;
  /** Where the date comes from. */
  readonly source: string;
  /**
   * For an image past its end of support that has no supported successor yet: the last day it is still
   * accepted (ISO date), with `why`. @default - not accepted past supportedUntil
   */
  readonly acceptedUntil?: string;
  /** Why an image past its end of support is still used, and what replaces it. @default - none */
  readonly why?: string;
}

export const REFERENCE_IMAGE_SUPPORT: ReferenceImageSupport[] = [
  { image: 'pytorch-training:2.10.0-gpu-py313-cu130-ubuntu22.04-sagemaker', supportedUntil: '2027-01-21', source: 'DLC support policy: PyTorch 2.10 GA 2026-01-21, EOP 2027-01-21' },
  {
    image: 'pytorch-inference:2.6.0-gpu-py312-cu124-ubuntu22.04-sagemaker', supportedUntil: '2026-06-30',
    source: 'DLC support policy: PyTorch Inference 2.6, EOP extended to 2026-06-30',
    acceptedUntil: '2027-01-31',
    why: 'The last PyTorch inference DLC (TorchServe was retired; AWS publishes no newer pytorch-inference image for '
      + 'non-LLM models). Replace it with a serving image of your own built on pytorch-training 2.10 before this date.',
  },
  { image: 'node:24-bookworm-slim', supportedUntil: '2028-04-30', source: 'Node.js release schedule: 24 LTS, end of life 2028-04-30 (container/Dockerfile)' },
  { image: 'lambda:nodejs24.x', supportedUntil: '2028-04-30', source: 'AWS Lambda runtimes: nodejs24.x follows Node.js 24 end of life (training handler)' },
];
