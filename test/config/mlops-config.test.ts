import * as path from 'path';
import { MlInstanceType } from '../../constructs/core';
import { KubeSecurityProfile } from '../../constructs/k8s';
import { TrafficShiftMode } from '../../constructs/serving';
import { MonitoringFrequency } from '../../constructs/monitoring';
import { ApprovalMode } from '../../constructs/pipeline';
import { MlopsConfig, PlatformTarget } from '../../lib/config/mlops-config';
import { ROOT, writeConfig } from './fixtures';

const MINIMAL_ECR = `
models:
  - name: fraud
    image: { ecr: { repository: fraud, tag: "1.2.0" } }
    kubernetesImage: ghcr.io/example/fraud:1.2.0
`;

describe('MlopsConfig: the reference config', () => {
  const config = MlopsConfig.fromFile(path.join(ROOT, 'mlops.config.yaml'));
  const [environment] = config.environments;
  const [digits, gpu] = config.modelsFor(environment);

  test('is valid and relies on no assumption', () => {
    expect(MlopsConfig.check(path.join(ROOT, 'mlops.config.yaml'))).toEqual({ problems: [], assumptions: [] });
  });

  test('has one environment deploying to both targets', () => {
    expect(environment).toEqual({ name: 'default', platform: PlatformTarget.BOTH, account: undefined, region: 'us-east-1', kubernetesNamespace: 'ml-serving' });
  });

  test('maps the digits model onto MlModelDefinition', () => {
    expect(digits.name).toBe('digits');
    expect(digits.instanceType.name).toBe('ml.m5.large');
    expect(digits.training?.instanceType.name).toBe(MlInstanceType.M5_XLARGE.name);
    expect(digits.training?.channels).toEqual(['train', 'test']);
    expect(Object.fromEntries(Object.entries(digits.training!.hyperparameters!).map(([k, v]) => [k, [v.value, v.kind]]))).toEqual({
      hidden_units: ['128', 'integer'], epochs: ['15', 'integer'], batch_size: ['64', 'integer'],
      learning_rate: ['0.001', 'number'], early_stopping_patience: ['3', 'integer'],
    });
    expect(digits.training?.maxRuntime?.toMinutes()).toBe(20);
    expect(digits.training?.qualityGate).toEqual({ metricName: 'test:accuracy', minimum: 0.9, maximum: undefined });
    expect([digits.minCapacity, digits.maxCapacity, digits.invocationsPerInstance, digits.p99LatencyThresholdMs]).toEqual([1, 4, 2000, 200]);
  });

  test('derives the Kubernetes image of a Deep Learning Container from the environment region', () => {
    expect(gpu.kubernetesImage).toBe('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.6.0-gpu-py312-cu124-ubuntu22.04-sagemaker');
    const [, inIreland] = config.modelsFor({ ...environment, region: 'eu-west-1' });
    expect(inIreland.kubernetesImage).toBe('763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.6.0-gpu-py312-cu124-ubuntu22.04-sagemaker');
    expect(gpu.kubernetesSecurityProfile).toBe(KubeSecurityProfile.BASELINE);
    expect(gpu.training?.spotMaxWait?.toMinutes()).toBe(45);
    expect(gpu.training?.environment).toEqual({ SAGEMAKER_PROGRAM: 'train.py' });
  });
});

describe('MlopsConfig: problems', () => {
  test('a file with several mistakes gets one error listing each with file:line:column', () => {
    const file = writeConfig([
      'models:', //                                  1
      '  - name: Fraud_Model', //                     2
      '    instanceTyp: ml.m5.large', //              3
      '    image: { ecr: { repository: fraud } }', // 4
      '    kubernetesImage: ghcr.io/example/f:1', //  5
      '    training:', //                             6
      '      instanceType: ml.inf2.xlarge', //        7
      '      maxRuntimeMinutes: 0', //                8
      '    scaling: { minCapacity: 5, maxCapacity: 2 }', // 9
      'environment:', //                              10
      '  platform: gcp', //                           11
      '  region: us-east-1', //                       12
    ].join('\n'));
    expect(() => MlopsConfig.fromFile(file)).toThrow([
      `${file}: 6 problems`,
      `  ${file}:2:11 models[0].name = "Fraud_Model": must be a DNS-1123 label of at most 40 characters (a-z, 0-9, -)`,
      `  ${file}:3:5 models[0].instanceTyp = "ml.m5.large": unknown key; did you mean "instanceType"? allowed: name, image, kubernetesImage, instanceType, env, params, training, pipeline, rollout, scaling, monitoring, kubernetes`,
      `  ${file}:7:21 models[0].training.instanceType = "ml.inf2.xlarge": SageMaker does not offer this type for training; choose one with training support, e.g. ml.m5.xlarge or ml.g5.2xlarge`,
      `  ${file}:8:26 models[0].training.maxRuntimeMinutes = 0: must be >= 1 (longest the job may run)`,
      `  ${file}:9:45 models[0].scaling.maxCapacity = 2: must be at least minCapacity (5)`,
      `  ${file}:11:13 environment.platform = "gcp": must be aws (CloudFormation), kubernetes (YAML) or both; case-insensitive`,
    ].join('\n'));
  });

  test('suggests the nearest hyperparameter of the reference container and checks its range', () => {
    const file = writeConfig('model:\n  name: digits\n  params:\n    learnin_rate: 0.01\n    epochs: 5000\n');
    const { problems } = MlopsConfig.check(file);
    expect(problems.map((p) => [p.line, p.keyPath, p.allowed.split(' allowed:')[0]])).toEqual([
      [4, 'model.params.learnin_rate', 'unknown key; did you mean "learning_rate"?'],
      [5, 'model.params.epochs', 'must be in [1, 1000] (maximum passes over the training data; reference container)'],
    ]);
  });

  test('reports YAML syntax errors with their position', () => {
    const file = writeConfig('models:\n  - name: a\n   bad: [1, 2\n');
    const { problems } = MlopsConfig.check(file);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].keyPath).toBe('(yaml)');
    expect(problems[0].line).toBeGreaterThanOrEqual(3);
  });

  test('rejects model and models together, and a file without models', () => {
    expect(MlopsConfig.check(writeConfig(`model: { name: a }\n${MINIMAL_ECR}`)).problems.map((p) => p.allowed))
      .toContain('use either "model" (one) or "models" (a list), not both');
    expect(MlopsConfig.check(writeConfig('environment: { region: us-east-1 }\n')).problems.map((p) => p.allowed))
      .toEqual(['required key "models" (or "model") is missing']);
  });

  test('checks images: one source, an existing build context, a tagged DLC in a region that has it', () => {
    const file = writeConfig([
      'models:',
      '  - name: a',
      '    image: { build: ./nowhere }',
      '  - name: b',
      '    image: { ecr: { repository: b }, build: . }',
      '  - name: c',
      '    image: { deepLearningContainer: { repository: pytorch-inference } }',
      'environment: { region: af-south-9 }',
    ].join('\n'));
    const problems = MlopsConfig.check(file).problems.map((p) => `${p.line} ${p.keyPath}: ${p.allowed}`);
    expect(problems).toEqual([
      expect.stringMatching(/^3 models\[0\]\.image\.build: must be a folder holding Dockerfile \(relative to the config file; looked in \/.*nowhere\)$/),
      '5 models[1].image: must set only one of build, ecr, deepLearningContainer (found build, ecr)',
      expect.stringMatching(/^7 models\[2\]\.image\.deepLearningContainer: has no Deep Learning Containers in region af-south-9; regions: .*us-east-1/),
      '7 models[2].image.deepLearningContainer.tag: required for a Deep Learning Container, e.g. 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker',
    ]);
  });

  test('needs a pullable image for Kubernetes unless no environment deploys there', () => {
    const ecrOnly = 'models:\n  - name: fraud\n    image: { ecr: { repository: fraud } }\n';
    expect(MlopsConfig.check(writeConfig(ecrOnly)).problems.map((p) => `${p.keyPath}: ${p.allowed}`))
      .toEqual(['models[0].kubernetesImage: required: an environment deploys to Kubernetes and the cluster cannot pull this image from its build context or ECR name']);
    expect(MlopsConfig.check(writeConfig(`${ecrOnly}environment: { platform: aws }\n`)).problems).toEqual([]);
  });

  test('checks the gate metric, the metrics to graph and the e-mail addresses', () => {
    const file = writeConfig([
      MINIMAL_ECR.trim(),
      '    training:',
      '      gate: { metric: "test:acuracy" }',
      'monitoring:',
      '  metrics: [loss, f1]',
      '  alarmEmails: [ops]',
    ].join('\n'));
    expect(MlopsConfig.check(file).problems.map((p) => `${p.line} ${p.keyPath}: ${p.allowed}`)).toEqual([
      '6 models[0].training.gate: must set minimum, maximum or both',
      expect.stringContaining('6 models[0].training.gate.metric: must be a metric the training job reports (did you mean "test:accuracy"?): train:loss, '),
      expect.stringContaining('8 monitoring.metrics[1]: must be a metric the training job reports: loss, accuracy, macro_f1, train:loss'),
      '9 monitoring.alarmEmails[0]: must be an e-mail address',
    ]);
  });

  test('several environments need unique names; model names must be unique once lower-cased', () => {
    const file = writeConfig([
      'models:',
      '  - { name: Fraud, image: { ecr: { repository: f } }, kubernetesImage: x/f:1 }',
      '  - { name: fraud, image: { ecr: { repository: f } }, kubernetesImage: x/f:1 }',
      'environments:',
      '  - { name: dev }',
      '  - { region: us-west-2 }',
      '  - { name: dev }',
    ].join('\n'));
    expect(MlopsConfig.check(file).problems.map((p) => `${p.line} ${p.keyPath}: ${p.allowed}`)).toEqual([
      '3 models[1].name: must be unique (lower-cased): "fraud" is also the name of "models.0"',
      '6 environments[1]: required key "name" is missing: with several environments each needs a name',
      '7 environments[2].name: must be unique among the environments',
    ]);
  });

  test('a file that cannot be read is one problem, and fromFile says so', () => {
    expect(MlopsConfig.check('/nonexistent/mlops.config.yaml').problems[0]).toMatchObject({ keyPath: '(file)', line: 1 });
    expect(() => MlopsConfig.fromFile('/nonexistent/mlops.config.yaml')).toThrow(/cannot be read/);
  });
});

describe('MlopsConfig: mapping', () => {
  test('rollout, scaling, environment variables and Kubernetes settings', () => {
    const file = writeConfig([
      MINIMAL_ECR.trim(),
      '    instanceType: ml.g5.xlarge',
      '    env: { LOG_LEVEL: debug }',
      '    rollout: { strategy: canary, percent: 25, bakeMinutes: 15 }',
      '    scaling: { minCapacity: 2, maxCapacity: 6, gpuUtilizationPercent: 60, cpuUtilizationPercent: 50 }',
      '    kubernetes: { securityProfile: baseline, modelDataUri: "s3://models/fraud/model.tar.gz" }',
      'environments:',
      '  - { name: dev, platform: Kubernetes, namespace: ml-dev }',
      '  - { name: prod, platform: both, account: "123456789012", region: eu-west-1 }',
      'monitoring:',
      '  thresholds: { p99LatencyMs: 300 }',
      '  alarmEmails: [ops@example.com]',
    ].join('\n'));
    const config = MlopsConfig.fromFile(file);
    expect(config.environments.map((e) => [e.name, e.platform, e.account, e.region, e.kubernetesNamespace])).toEqual([
      ['dev', PlatformTarget.KUBERNETES, undefined, 'us-east-1', 'ml-dev'],
      ['prod', PlatformTarget.BOTH, '123456789012', 'eu-west-1', 'ml-serving'],
    ]);
    expect(config.assumptions.some((a) => a.includes('environments[0].platform = "Kubernetes": read as "kubernetes"'))).toBe(true);
    expect(config.alarmEmails).toEqual(['ops@example.com']);
    const [fraud] = config.modelsFor(config.environments[1]);
    expect(fraud.deploymentPolicy?.render()).toEqual({
      mode: TrafficShiftMode.CANARY, stepPercent: 25, waitIntervalSeconds: 900, terminationWaitSeconds: 300, maximumExecutionTimeoutSeconds: undefined,
    });
    expect([fraud.minCapacity, fraud.maxCapacity, fraud.gpuUtilizationPercent, fraud.kubernetesCpuUtilizationPercent, fraud.p99LatencyThresholdMs])
      .toEqual([2, 6, 60, 50, 300]);
    expect(fraud.environment).toEqual({ LOG_LEVEL: 'debug' });
    expect(fraud.kubernetesModelDataUri).toBe('s3://models/fraud/model.tar.gz');
    expect(fraud.training).toBeUndefined();
  });

  test('monitoring.thresholds.gate applies to models that train without a gate, as a visible assumption', () => {
    const file = writeConfig(`${MINIMAL_ECR.trim()}\n    training: { instanceType: ml.g5.2xlarge }\nmonitoring:\n  thresholds: { gate: { metric: "validation:accuracy", minimum: 0.8 } }\n`);
    const config = MlopsConfig.fromFile(file);
    expect(config.modelsFor(config.environments[0])[0].training?.qualityGate).toEqual({ metricName: 'validation:accuracy', minimum: 0.8, maximum: undefined });
    expect(config.assumptions.some((a) => a.includes('models[0].training.gate = (missing): not set: monitoring.thresholds.gate applies'))).toBe(true);
  });

  test('pipeline: schedule, gate, champion margin, approval, interval and monitoring map onto MlPipelineDefinition', () => {
    const file = writeConfig([
      MINIMAL_ECR.trim(),
      '    training: { instanceType: ml.m5.xlarge }',
      '    pipeline:',
      '      schedule: rate(7 days)',
      '      retrainOnNewData: false',
      '      gate: { metric: "test:accuracy", minimum: 0.9 }',
      '      championMargin: 0.01',
      '      approval: auto',
      '      minIntervalMinutes: 120',
      '      crossAccountReadAccounts: ["222222222222"]',
      '      monitoring: { samplingPercentage: 50, frequency: daily, instanceType: ml.m5.large, retrainOnDrift: false }',
    ].join('\n'));
    const config = MlopsConfig.fromFile(file);
    const pipeline = config.modelsFor(config.environments[0])[0].pipeline!;
    expect(pipeline.schedule?.expressionString).toBe('rate(7 days)');
    expect([pipeline.retrainOnNewData, pipeline.gateMetric, pipeline.gateMinimum, pipeline.gateMaximum, pipeline.championMargin])
      .toEqual([false, 'test:accuracy', 0.9, undefined, 0.01]);
    expect(pipeline.approval).toBe(ApprovalMode.AUTO);
    expect(pipeline.minInterval?.toMinutes()).toBe(120);
    expect(pipeline.crossAccountReadAccounts).toEqual(['222222222222']);
    expect(pipeline.monitoring).toEqual({ samplingPercentage: 50, frequency: MonitoringFrequency.DAILY, instanceType: MlInstanceType.of('ml.m5.large'), retrainOnDrift: false });
  });

  test('pipeline: gate.higherIsBetter sets the champion check\'s direction (false: a loss gated with both bounds)', () => {
    const file = writeConfig([
      MINIMAL_ECR.trim(),
      '    training: { instanceType: ml.m5.xlarge }',
      '    pipeline:',
      '      gate: { metric: "validation:loss", minimum: 0, maximum: 0.5, higherIsBetter: false }',
      '      championMargin: 0.01',
    ].join('\n'));
    const config = MlopsConfig.fromFile(file);
    const pipeline = config.modelsFor(config.environments[0])[0].pipeline!;
    expect([pipeline.gateMetric, pipeline.gateMinimum, pipeline.gateMaximum, pipeline.gateHigherIsBetter]).toEqual(['validation:loss', 0, 0.5, false]);
  });

  test('pipeline: gate.higherIsBetter left out stays undefined (the pipeline\'s default: true unless only a maximum is set)', () => {
    const file = writeConfig(`${MINIMAL_ECR.trim()}\n    training: { instanceType: ml.m5.xlarge }\n    pipeline: { gate: { metric: "test:accuracy", minimum: 0.9 } }\n`);
    const config = MlopsConfig.fromFile(file);
    expect(config.modelsFor(config.environments[0])[0].pipeline!.gateHigherIsBetter).toBeUndefined();
  });

  test('gate.higherIsBetter must be a boolean, and only the pipeline gate has one (a training gate has no champion to compare with)', () => {
    const file = writeConfig([
      MINIMAL_ECR.trim(),
      '    training: { instanceType: ml.m5.xlarge, gate: { metric: "test:accuracy", minimum: 0.9, higherIsBetter: true } }',
      '    pipeline: { gate: { metric: "validation:loss", maximum: 0.5, higherIsBetter: "no" } }',
    ].join('\n'));
    const problems = MlopsConfig.check(file).problems.map((p) => p.keyPath);
    expect(problems).toEqual(expect.arrayContaining(['models[0].training.gate.higherIsBetter', 'models[0].pipeline.gate.higherIsBetter']));
  });

  test('pipeline: needs training, a schedule expression, a known approval mode and gate metric', () => {
    const file = writeConfig(`${MINIMAL_ECR.trim()}\n    pipeline: { schedule: "every day", approval: yes, gate: { metric: "test:acuracy" } }\n`);
    expect(MlopsConfig.check(file).problems.map((p) => `${p.keyPath}: ${p.allowed}`)).toEqual([
      'models[0].pipeline: needs training (or params): the pipeline retrains the model with its training spec',
      'models[0].pipeline.schedule: must be an EventBridge schedule expression, e.g. rate(7 days) or cron(0 3 ? * MON *)',
      'models[0].pipeline.approval: must be one of: auto, manual',
      expect.stringContaining('models[0].pipeline.gate.metric: must be a metric the training job reports (did you mean "test:accuracy"?)'),
    ]);
  });

  test('a percent with the all-at-once rollout is a problem', () => {
    const file = writeConfig(`${MINIMAL_ECR.trim()}\n    rollout: { percent: 10 }\n`);
    expect(MlopsConfig.check(file).problems.map((p) => `${p.keyPath}: ${p.allowed}`)).toEqual(['models[0].rollout.percent: only with strategy canary or linear']);
  });
});
