import { Construct } from 'constructs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PropsCheck } from '../../constructs/core';
import { ApprovalMode, TrainingPipeline } from '../../constructs/pipeline';
import { ModelPackageGroup } from '../../constructs/registry';
import { SageMakerEndpoint, SageMakerModel } from '../../constructs/serving';
import { TrainingQualityGate } from '../../constructs/training';
import { TrainingJobSpec } from '../../constructs/training/training-job-spec';
import { MlPipelineDefinition } from '../ml-pipeline-definition';
import { MlStorage } from '../ml-storage';

/**
 * Internal: how `MlPlatformStack` turns a model's `pipeline` definition into a registry, a
 * `TrainingPipeline` and its triggers. Not exported from the package.
 */

/** What the platform built for a model's pipeline. */
export interface PlatformPipeline {
  readonly registry: ModelPackageGroup;
  readonly pipeline: TrainingPipeline;
}

/** The pipeline's gate: the definition's bounds, else the deploy-time training gate's. */
export function pipelineGateProblems(check: PropsCheck, at: string, pipeline: MlPipelineDefinition, qualityGate: TrainingQualityGate | undefined): void {
  const metric = pipeline.gateMetric ?? qualityGate?.metricName;
  check.require(metric !== undefined, `${at}.gateMetric`, undefined, 'is required unless training.qualityGate names a metric');
  const minimum = pipeline.gateMinimum ?? (pipeline.gateMetric === undefined ? qualityGate?.minimum : undefined);
  const maximum = pipeline.gateMaximum ?? (pipeline.gateMetric === undefined ? qualityGate?.maximum : undefined);
  check.require(metric === undefined || minimum !== undefined || maximum !== undefined, `${at}.gateMinimum`, undefined,
    'the gate needs gateMinimum, gateMaximum or both (or a training.qualityGate with bounds on the same metric)');
}

/** The model's registry (`<stack>-<model>`), pipeline (trains with `spec`, deploys to `endpoint`) and triggers. */
export function platformPipeline(scope: Construct, options: {
  readonly stackName: string;
  readonly modelName: string;
  readonly definition: MlPipelineDefinition;
  readonly qualityGate?: TrainingQualityGate;
  readonly spec: TrainingJobSpec;
  readonly storage: MlStorage;
  readonly model: SageMakerModel;
  readonly endpoint: SageMakerEndpoint;
  readonly topic: sns.ITopic;
  readonly baselineStep?: sfn.IChainable;
}): PlatformPipeline {
  const { definition: d, qualityGate } = options;
  const registry = new ModelPackageGroup(scope, 'Registry', {
    modelPackageGroupName: `${options.stackName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 20)}-${options.modelName}`,
    description: `Versions of model ${options.modelName}, registered by its training pipeline`,
    crossAccountReadAccounts: d.crossAccountReadAccounts,
  });
  const sameMetric = d.gateMetric === undefined || d.gateMetric === qualityGate?.metricName;
  const pipeline = new TrainingPipeline(scope, 'Pipeline', {
    trainingJob: options.spec,
    modelPackageGroup: registry,
    gate: {
      metricName: (d.gateMetric ?? qualityGate?.metricName)!,
      minimum: d.gateMinimum ?? (sameMetric ? qualityGate?.minimum : undefined),
      maximum: d.gateMaximum ?? (sameMetric ? qualityGate?.maximum : undefined),
      championMargin: d.championMargin,
      higherIsBetter: d.gateHigherIsBetter,
    },
    approval: d.approval ?? ApprovalMode.MANUAL,
    deployment: { endpoint: options.endpoint, model: options.model },
    notificationTopic: options.topic,
    minInterval: d.minInterval,
    displayName: options.modelName,
    baselineStep: options.baselineStep,
  });
  if (d.schedule) pipeline.addScheduleTrigger('Schedule', d.schedule);
  if (d.retrainOnNewData ?? true) {
    pipeline.addNewDataTrigger('NewData', { bucket: options.storage.dataBucket.bucket, prefix: `${options.modelName}/` });
  }
  return { registry, pipeline };
}
