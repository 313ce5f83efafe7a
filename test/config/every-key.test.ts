import * as path from 'path';
import { parse } from 'yaml';
import { CONFIG_SCHEMA } from '../../lib/config/private/config-schema';
import { MlopsConfig } from '../../lib/config/mlops-config';
import { ROOT } from './fixtures';

/**
 * No key of the schema is accepted and then ignored: a file that sets every key maps each one onto a field of
 * the definitions (adding a key to the schema fails the second test until it is added here, and mapped).
 */
const EVERY_KEY = `
version: 1
models:
  - name: Fraud
    image: { build: container, dockerfile: Dockerfile }
    kubernetesImage: ghcr.io/example/fraud:1
    instanceType: ml.g5.xlarge
    env: { A: "1" }
    training:
      instanceType: ml.g5.2xlarge
      instanceCount: 2
      image: { ecr: { repository: fraud-train, tag: "2" } }
      kubernetesImage: ghcr.io/example/fraud-train:2
      channels: [train]
      hyperparameters: { epochs: 3 }
      maxRuntimeMinutes: 10
      spotMaxWaitMinutes: 20
      env: { B: "2" }
      gate: { metric: "test:accuracy", minimum: 0.5, maximum: 1 }
      kubernetesDataUri: s3://data/fraud/
      kubernetesOutputUri: s3://models/fraud/
      kubernetesModelClaim: fraud-claim
    pipeline:
      schedule: rate(1 day)
      retrainOnNewData: false
      gate: { metric: "validation:accuracy", minimum: 0.4, maximum: 0.99, higherIsBetter: true }
      championMargin: 0.02
      approval: manual
      minIntervalMinutes: 30
      crossAccountReadAccounts: ["222222222222"]
      monitoring: { samplingPercentage: 10, frequency: hourly, instanceType: ml.m5.large, retrainOnDrift: false }
    rollout: { strategy: linear, percent: 25, bakeMinutes: 5, terminationWaitMinutes: 2 }
    scaling: { minCapacity: 2, maxCapacity: 3, invocationsPerInstance: 10, gpuUtilizationPercent: 50, cpuUtilizationPercent: 60 }
    monitoring: { p99LatencyMs: 250 }
    kubernetes: { securityProfile: baseline, modelDataUri: s3://models/fraud/model.tar.gz }
  - name: article
    params: { epochs: 2 }
    image: { deepLearningContainer: { repository: pytorch-inference, tag: "2.3" } }
environments:
  - { name: prod, platform: both, account: "123456789012", region: us-west-2, namespace: ml-prod }
monitoring:
  metrics: [loss]
  thresholds: { p99LatencyMs: 900, gate: { metric: "test:accuracy", minimum: 0.7, maximum: 1 } }
  alarmEmails: [ops@example.com]
`;

function schemaKeys(schema: { properties?: { [k: string]: object }; items?: object }, into = new Set<string>()): Set<string> {
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    into.add(key);
    schemaKeys(child, into);
  }
  if (schema.items) schemaKeys(schema.items, into);
  return into;
}

function fileKeys(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => fileKeys(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      into.add(key);
      fileKeys(child, into);
    }
  }
  return into;
}

describe('every key of the schema', () => {
  const config = MlopsConfig.fromYaml(EVERY_KEY, path.join(ROOT, 'every-key.yaml'));
  const [fraud, article] = config.modelsFor(config.environments[0]);

  test('maps onto a field', () => {
    expect(config.environments).toEqual([{ name: 'prod', platform: 'both', account: '123456789012', region: 'us-west-2', kubernetesNamespace: 'ml-prod' }]);
    expect(config.alarmEmails).toEqual(['ops@example.com']);
    expect(config.dashboardMetrics).toEqual(['train:loss', 'validation:loss']);
    const { image, training, pipeline, deploymentPolicy, instanceType, ...rest } = fraud;
    expect(rest).toEqual({
      name: 'fraud', kubernetesImage: 'ghcr.io/example/fraud:1', environment: { A: '1' },
      kubernetesModelDataUri: 's3://models/fraud/model.tar.gz', kubernetesSecurityProfile: 'baseline',
      minCapacity: 2, maxCapacity: 3, invocationsPerInstance: 10, gpuUtilizationPercent: 50, kubernetesCpuUtilizationPercent: 60,
      p99LatencyThresholdMs: 250,
    });
    expect([instanceType.name, image.constructor.name, (image as unknown as { options: object }).options]).toEqual(['ml.g5.xlarge', 'AssetImage', { file: 'Dockerfile' }]);
    expect(deploymentPolicy?.render()).toEqual({ mode: 'LINEAR', stepPercent: 25, waitIntervalSeconds: 300, terminationWaitSeconds: 120, maximumExecutionTimeoutSeconds: undefined });
    const { hyperparameters, maxRuntime, spotMaxWait, image: trainingImage, instanceType: trainingType, ...trainingRest } = training!;
    expect(trainingRest).toEqual({
      instanceCount: 2, kubernetesImage: 'ghcr.io/example/fraud-train:2', channels: ['train'], environment: { B: '2' },
      qualityGate: { metricName: 'test:accuracy', minimum: 0.5, maximum: 1 },
      kubernetesDataUri: 's3://data/fraud/', kubernetesOutputUri: 's3://models/fraud/', kubernetesModelClaim: 'fraud-claim',
    });
    expect([trainingType.name, trainingImage?.constructor.name, hyperparameters?.epochs.value, maxRuntime?.toMinutes(), spotMaxWait?.toMinutes()])
      .toEqual(['ml.g5.2xlarge', 'RepositoryNameImage', '3', 10, 20]);
    expect({ ...pipeline, schedule: pipeline?.schedule?.expressionString, minInterval: pipeline?.minInterval?.toMinutes(), monitoring: { ...pipeline?.monitoring, instanceType: pipeline?.monitoring?.instanceType?.name } }).toEqual({
      schedule: 'rate(1 day)', retrainOnNewData: false, gateMetric: 'validation:accuracy', gateMinimum: 0.4, gateMaximum: 0.99, gateHigherIsBetter: true,
      championMargin: 0.02, approval: 'MANUAL', minInterval: 30, crossAccountReadAccounts: ['222222222222'],
      monitoring: { samplingPercentage: 10, frequency: 'cron(0 * ? * * *)', instanceType: 'ml.m5.large', retrainOnDrift: false },
    });
    // The second model takes the shared thresholds, and a Deep Learning Container's URI for the environment's region.
    expect([article.p99LatencyThresholdMs, article.training?.qualityGate, article.kubernetesImage]).toEqual([
      900, { metricName: 'test:accuracy', minimum: 0.7, maximum: 1 }, '763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.3',
    ]);
  });

  test('is set in the file above', () => {
    const inFile = fileKeys(parse(EVERY_KEY));
    const missing = [...schemaKeys(CONFIG_SCHEMA)].filter((key) => !inFile.has(key) && !['model', 'environment'].includes(key));
    expect(missing).toEqual([]);
  });
});
