import { CONFIG_SCHEMA_PATH } from '../config/private/config-schema';

/**
 * What `cdk-mlops init` writes: a commented starter that validates as it is. It names its own image (a team
 * deploys its model, not the reference container) and shows the keys most teams set.
 * Internal: not exported from the package index.
 */
export const STARTER_CONFIG = `# yaml-language-server: $schema=./${CONFIG_SCHEMA_PATH}
#
# cdk-mlops platform configuration. Every key, its default and what it becomes: docs/config.md.
# Check it with \`npx cdk-mlops validate mlops.config.yaml\`; build it with \`npx cdk synth -c config=mlops.config.yaml\`.
version: 1

# Where the platform goes: aws (CloudFormation), kubernetes (YAML for kubectl or Argo CD) or both.
# Use \`environments:\` (a list, each with a name) for several, e.g. dev then prod.
environment:
  platform: both
  region: us-east-1
  # account: "123456789012"   # default: the account of the deploying credentials
  namespace: ml-serving

models:
  - name: my-model                      # a DNS-1123 label: a-z, 0-9, '-'
    image:
      ecr:                              # or build: ./path/to/docker/context, or deepLearningContainer: {...}
        repository: my-model
        tag: "1.0.0"
    kubernetesImage: ghcr.io/example/my-model:1.0.0   # the same image, where clusters pull it
    instanceType: ml.m5.large           # serving; on Kubernetes the node shape (GPU types add GPU limits)
    training:
      instanceType: ml.m5.xlarge
      channels: [train, test]           # read from <model>/<channel>/ in the data bucket
      hyperparameters:
        learning_rate: 0.001
        epochs: 10
      maxRuntimeMinutes: 30
      gate:                             # deploy only a model whose final test accuracy is at least 0.9
        metric: test:accuracy
        minimum: 0.9
    rollout:
      strategy: allAtOnce               # or canary / linear with percent; latency and 5XX alarms roll back
      bakeMinutes: 10
    scaling:
      minCapacity: 1
      maxCapacity: 4
      invocationsPerInstance: 1000

monitoring:
  metrics: [accuracy, loss]             # training metrics graphed on each model's dashboard
  thresholds:
    p99LatencyMs: 1000                  # latency alarm (and rollback) threshold
  # alarmEmails: [ml-oncall@example.com]
`;
