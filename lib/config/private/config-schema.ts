/**
 * The JSON Schema of `mlops.config.yaml`: the one source of truth. `schema/mlops.config.schema.json`
 * (shipped in the package, for editors) is written from it by `npm run schema`, and a test keeps the
 * two equal. Internal: not exported from the package index.
 *
 * Keys follow the TypeScript API (`instanceType`, `minCapacity`); durations are whole minutes and
 * latencies milliseconds, so every value is a plain YAML scalar.
 */

import { CHANNEL_NAME } from '../../../constructs/core/private/training-contract';

/** Where editors and `cdk-mlops init` point: the schema inside the installed package. */
export const CONFIG_SCHEMA_PATH = 'node_modules/cdk-mlops/schema/mlops.config.schema.json';

/** `aws` → `[aA][wW][sS]`: JSON Schema has no case-insensitive enum, and editors should accept `AWS`. */
function caseInsensitive(words: string[]): string {
  const alternatives = words.map((word) => [...word].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join(''));
  return `^(?:${alternatives.join('|')})$`;
}

/** The platforms an environment can target. */
export const PLATFORMS = ['aws', 'kubernetes', 'both'];
/** Rollout strategies (`DeploymentPolicy` factories). */
export const ROLLOUT_STRATEGIES = ['allAtOnce', 'canary', 'linear'];
/** Kubernetes security profiles (`KubeSecurityProfile`). */
export const SECURITY_PROFILES = ['restricted', 'baseline'];

const INSTANCE_TYPE = {
  type: 'string',
  pattern: '^ml\\.[a-z][a-z0-9-]*\\.[a-z0-9][a-z0-9-]*$',
  description: 'SageMaker instance type ml.<family>.<size>, e.g. ml.m5.large or ml.g5.xlarge (see docs/instance-types.md).',
};
const MINUTES = (description: string, maximum: number) => ({ type: 'integer', minimum: 1, maximum, description });
const PERCENT = (description: string) => ({ type: 'number', exclusiveMinimum: 0, maximum: 100, description });
const STRING_MAP = (description: string) => ({ type: 'object', additionalProperties: { type: 'string' }, description });
const NAME_AND_TAG = (description: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['repository'],
  properties: {
    repository: { type: 'string', minLength: 1, description: 'Repository name.' },
    tag: { type: 'string', minLength: 1, description: 'Image tag. Default: latest (ecr) — required for deepLearningContainer.' },
  },
  description,
});

const IMAGE = {
  type: 'object',
  additionalProperties: false,
  description: 'Where the image comes from: exactly one of build, ecr, deepLearningContainer. Default: the reference container (container/).',
  properties: {
    build: { type: 'string', minLength: 1, description: 'Docker build context, relative to this file; built and pushed by cdk deploy.' },
    dockerfile: { type: 'string', minLength: 1, description: 'Dockerfile inside the build context. Default: Dockerfile.' },
    ecr: NAME_AND_TAG('An image in an ECR repository of the target account.'),
    deepLearningContainer: NAME_AND_TAG('An AWS Deep Learning Container, e.g. repository pytorch-inference.'),
  },
};

const GATE = {
  type: 'object',
  additionalProperties: false,
  required: ['metric'],
  description: 'Deploy a trained model only if its final metric is within bounds.',
  properties: {
    metric: { type: 'string', minLength: 1, description: 'A training metric, e.g. test:accuracy.' },
    minimum: { type: 'number', description: 'Lowest acceptable final value.' },
    maximum: { type: 'number', description: 'Highest acceptable final value (e.g. for a loss).' },
  },
};

const HYPERPARAMETERS = {
  type: 'object',
  additionalProperties: { type: ['number', 'string', 'boolean'] },
  description: 'Hyperparameters passed to the training container (integers, numbers, strings, booleans).',
};

const TRAINING = {
  type: 'object',
  additionalProperties: false,
  description: 'Train the model (on SageMaker during deploy, and as a Kubernetes Job), then serve what was trained.',
  properties: {
    instanceType: { ...INSTANCE_TYPE, description: 'Training instance type. Default: ml.m5.xlarge.' },
    instanceCount: { type: 'integer', minimum: 1, maximum: 100, description: 'Instances; more than one is distributed training. Default: 1.' },
    image: { ...IMAGE, description: 'Training image. Default: the serving image (one image for train and serve).' },
    kubernetesImage: { type: 'string', minLength: 1, description: 'Training image for Kubernetes. Default: the model\'s kubernetesImage.' },
    channels: {
      type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: CHANNEL_NAME.source },
      description: 'Channels, each read from <model>/<channel>/ in the data bucket. Default: [train, test] for the reference container, else [train, validation, test].',
    },
    hyperparameters: HYPERPARAMETERS,
    maxRuntimeMinutes: MINUTES('Longest the job may run. Default: 30.', 7200),
    spotMaxWaitMinutes: MINUTES('Use managed spot; longest total time including waiting for capacity. Default: on-demand.', 7200),
    env: STRING_MAP('Environment of the training container.'),
    gate: GATE,
    kubernetesDataUri: { type: 'string', pattern: '^s3://', description: 's3://bucket/prefix/ with <channel>/ folders for the Kubernetes job. Default: no Kubernetes training job.' },
    kubernetesOutputUri: { type: 'string', pattern: '^s3://', description: 's3://bucket/prefix/ the Kubernetes job uploads <job>/output/model.tar.gz to (as SageMaker); the serving pods wait for it. Default: the job writes to kubernetesModelClaim.' },
    kubernetesModelClaim: { type: 'string', minLength: 1, description: 'PersistentVolumeClaim the Kubernetes job writes to (without kubernetesOutputUri). Default: <model>-model.' },
  },
};

/** A model's `pipeline:` (continuous training, `MlPipelineDefinition`). */
const PIPELINE = {
  type: 'object',
  additionalProperties: false,
  description: 'Continuous training on SageMaker (needs training): retrain on a schedule, new data or drift, gate, register, approve, deploy (docs/pipeline.md).',
  properties: {
    schedule: {
      type: 'string',
      pattern: '^(rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|cron\\([^)]+\\))$',
      description: 'An EventBridge schedule expression, e.g. rate(7 days) or cron(0 3 ? * MON *). Default: no schedule.',
    },
    retrainOnNewData: { type: 'boolean', description: 'Retrain when scripts/upload-training-data.ts uploads a new data version. Default: true.' },
    gate: {
      ...GATE,
      required: [],
      description: 'The metric and bounds a candidate must meet. Default: the training gate (metric and bounds).',
      properties: {
        ...GATE.properties,
        higherIsBetter: {
          type: 'boolean',
          description: 'Whether a higher metric is better (accuracy) or a lower one (a loss): the direction of the champion check. Set false for a loss gated with both bounds. Default: true, unless the gate has only a maximum.',
        },
      },
    },
    championMargin: { type: 'number', minimum: 0, description: 'How much worse than the approved champion a candidate may be, in metric units. Default: 0.' },
    approval: { enum: ['auto', 'manual'], description: 'auto: approved and deployed when the checks pass; manual: a person approves. Default: manual.' },
    minIntervalMinutes: { type: 'integer', minimum: 1, description: 'Shortest time between runs; later triggers are skipped. Default: 60.' },
    crossAccountReadAccounts: {
      type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[0-9]{12}$', description: 'An AWS account id.' },
      description: 'Accounts that may read the model package group (e.g. production). Default: none.',
    },
    monitoring: {
      type: 'object',
      additionalProperties: false,
      description: 'Data capture and Model Monitor; violations start a retrain. Default: no monitoring.',
      properties: {
        samplingPercentage: { type: 'integer', minimum: 1, maximum: 100, description: 'Percentage of requests captured. Default: 100.' },
        frequency: { enum: ['hourly', 'daily'], description: 'How often captured traffic is analysed. Default: hourly.' },
        instanceType: { ...INSTANCE_TYPE, description: 'Instance type of the baselining and monitoring jobs. Default: ml.m5.xlarge.' },
        retrainOnDrift: { type: 'boolean', description: 'Start a retrain when monitoring reports violations. Default: true.' },
      },
    },
  },
};

const MODEL = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  description: 'One model, rendered to SageMaker and to Kubernetes.',
  properties: {
    name: { type: 'string', minLength: 1, description: 'Model name; lower-cased into a DNS-1123 label (a-z, 0-9, -; at most 40 characters).' },
    image: IMAGE,
    kubernetesImage: { type: 'string', minLength: 1, description: 'The serving image as a reference a cluster can pull. Default: derived from image (deepLearningContainer) or the reference image name.' },
    instanceType: { ...INSTANCE_TYPE, description: 'Serving instance type (SageMaker endpoint; the node shape on Kubernetes). Default: ml.m5.large.' },
    env: STRING_MAP('Container environment on both targets.'),
    params: { ...HYPERPARAMETERS, description: 'Short for training.hyperparameters (the GitOps article\'s spelling).' },
    training: TRAINING,
    pipeline: PIPELINE,
    rollout: {
      type: 'object',
      additionalProperties: false,
      description: 'How the SageMaker endpoint moves to a new model; latency and 5XX alarms roll a bad one back.',
      properties: {
        strategy: { enum: ROLLOUT_STRATEGIES, description: 'Default: allAtOnce (blue/green).' },
        percent: { type: 'integer', minimum: 1, maximum: 50, description: 'Canary size or linear step, in percent of capacity. Default: 10 (canary), 20 (linear).' },
        bakeMinutes: { type: 'integer', minimum: 0, maximum: 60, description: 'Alarm watch after each shift. Default: 10.' },
        terminationWaitMinutes: { type: 'integer', minimum: 0, maximum: 60, description: 'Old fleet kept after the last shift. Default: 5.' },
      },
    },
    scaling: {
      type: 'object',
      additionalProperties: false,
      description: 'Autoscaling on both targets.',
      properties: {
        minCapacity: { type: 'integer', minimum: 1, maximum: 100, description: 'Fewest instances / replicas. Default: 1.' },
        maxCapacity: { type: 'integer', minimum: 1, maximum: 100, description: 'Most instances / replicas. Default: 4.' },
        invocationsPerInstance: { type: 'integer', minimum: 1, description: 'SageMaker target: invocations per instance per minute. Default: 1000.' },
        gpuUtilizationPercent: PERCENT('SageMaker target on GPU types: average GPU utilisation. Default: 70.'),
        cpuUtilizationPercent: PERCENT('Kubernetes HPA target: average CPU utilisation. Default: 70.'),
      },
    },
    monitoring: {
      type: 'object',
      additionalProperties: false,
      description: 'Alarm thresholds of this model (override monitoring.thresholds).',
      properties: {
        p99LatencyMs: { type: 'number', exclusiveMinimum: 0, description: 'p99 model-latency alarm (and rollback) threshold. Default: monitoring.thresholds.p99LatencyMs, else 1000.' },
      },
    },
    kubernetes: {
      type: 'object',
      additionalProperties: false,
      description: 'Kubernetes-only settings.',
      properties: {
        securityProfile: { enum: SECURITY_PROFILES, description: 'restricted (non-root, read-only root FS) or baseline (images that run as root). Default: restricted.' },
        modelDataUri: { type: 'string', pattern: '^s3://', description: 's3://…/model.tar.gz the pods fetch at start. Default: the training job\'s claim, or the model in the image.' },
      },
    },
  },
};

const ENVIRONMENT = {
  type: 'object',
  additionalProperties: false,
  description: 'Where the platform is deployed.',
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,19}$', description: 'Environment name (suffixes stack names when there are several). Default: default.' },
    platform: { type: 'string', pattern: caseInsensitive(PLATFORMS), description: 'aws (CloudFormation), kubernetes (YAML) or both; case-insensitive. Default: both.' },
    account: { type: 'string', pattern: '^[0-9]{12}$', description: 'AWS account id. Default: the account of your credentials at deploy time.' },
    region: { type: 'string', pattern: '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$', description: 'AWS region. Default: us-east-1.' },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$', description: 'Kubernetes namespace. Default: ml-serving.' },
  },
};

/** The schema (draft 2020-12). */
export const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:cdk-mlops:mlops.config.schema.json',
  title: 'cdk-mlops platform configuration (mlops.config.yaml)',
  description: 'Models, environments and monitoring of a cdk-mlops platform. Reference: docs/config.md.',
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { const: 1, description: 'Format version. Default: 1.' },
    model: { ...MODEL, description: 'A single model (the GitOps article\'s form); use models for several.' },
    models: { type: 'array', minItems: 1, items: MODEL, description: 'The models.' },
    environment: { ...ENVIRONMENT, description: 'A single environment; use environments for several.' },
    environments: { type: 'array', minItems: 1, items: ENVIRONMENT, description: 'The environments, e.g. dev then prod.' },
    monitoring: {
      type: 'object',
      additionalProperties: false,
      description: 'Monitoring shared by every model.',
      properties: {
        metrics: {
          type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 },
          description: 'Training metrics graphed on each model\'s dashboard, e.g. accuracy, loss (short names mean train:, validation: and test:).',
        },
        thresholds: {
          type: 'object',
          additionalProperties: false,
          description: 'Thresholds for every model (a model may override).',
          properties: {
            p99LatencyMs: { type: 'number', exclusiveMinimum: 0, description: 'p99 model-latency alarm (and rollback) threshold. Default: 1000.' },
            gate: { ...GATE, description: 'Quality gate for every model that trains and has no training.gate of its own.' },
          },
        },
        alarmEmails: {
          type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', description: 'An e-mail address.' },
          description: 'E-mail addresses notified by alarms and failed training jobs.',
        },
      },
    },
  },
};
