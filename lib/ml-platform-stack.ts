import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { PropsCheck } from '../constructs/core';
import { DEFAULT_TRAINING_CHANNELS } from '../constructs/core/private/model-defaults';
import { AlarmTopic, DataQualityMonitor, EndpointAlarmPreset, EndpointAlarms, EndpointDashboard } from '../constructs/monitoring';
import { ModelData, SageMakerEndpoint, SageMakerModel } from '../constructs/serving';
import { TrainingPipeline } from '../constructs/pipeline';
import { ModelPackageGroup } from '../constructs/registry';
import { SageMakerTrainingJob, TrainingInput } from '../constructs/training';
import { TrainingJobSpec } from '../constructs/training/training-job-spec';
import { MlModelDefinition } from './ml-model-definition';
import { MlStorage } from './ml-storage';
import { ResolvedModelDefinition, ResolvedTrainingDefinition, resolveModelDefinition } from './private/model-defaults';
import { checkModelDefinition } from './private/model-definition-checks';
import { platformBaseline, platformDataCapture, platformMonitor } from './private/model-monitoring';
import { pipelineGateProblems, platformPipeline } from './private/model-pipeline';
import { CLOUDFORMATION_MAX_RESOURCES, stackResourceEstimate } from './private/platform-capacity';

/** Properties of an {@link MlPlatformStack}. */
export interface MlPlatformStackProps extends StackProps {
  /**
   * The models to host: at least one, and no more than fit one CloudFormation template (500 resources;
   * about 25 models). For more, `MlPlatformApp` spreads them over several stacks.
   */
  readonly models: MlModelDefinition[];
  /**
   * The buckets, e.g. from an `MlStorageStack` deployed first (models that train need their data
   * uploaded before this stack deploys).
   * @default - the stack creates its own `MlStorage`
   */
  readonly storage?: MlStorage;
  /** KMS key for the data and model buckets the stack creates (ignored with `storage`). @default - S3-managed encryption */
  readonly bucketEncryptionKey?: kms.IKey;
  /** E-mail addresses notified by alarms and failed training jobs. @default - none (subscribe to the topic yourself) */
  readonly alarmEmails?: string[];
  /**
   * Where alarms and failed jobs are published, e.g. one topic shared by several stacks (`MlPlatformApp`).
   * @default - the stack creates its own `AlarmTopic`
   */
  readonly alarmTopic?: AlarmTopic;
}

/** What the stack built for one model. */
export interface HostedModel {
  /** The definition it was built from. */
  readonly definition: MlModelDefinition;
  /** The training job, when the definition has `training`. */
  readonly trainingJob?: SageMakerTrainingJob;
  /** The SageMaker model. */
  readonly model: SageMakerModel;
  /** The endpoint (one variant, `AllTraffic`). */
  readonly endpoint: SageMakerEndpoint;
  /** Its alarms. */
  readonly alarms: EndpointAlarms;
  /** Its dashboard. */
  readonly dashboard: EndpointDashboard;
  /** The continuous-training pipeline, when the definition has `pipeline`. */
  readonly pipeline?: TrainingPipeline;
  /** The model package group the pipeline registers versions in. */
  readonly registry?: ModelPackageGroup;
  /** Model Monitor data-quality schedule over the endpoint's captured traffic, when the pipeline has `monitoring`. */
  readonly dataQualityMonitor?: DataQualityMonitor;
}


/**
 * The ready ML platform on AWS: data, model and log buckets; for every model an optional training
 * job (with a quality gate), a SageMaker model serving what it trained, an endpoint with autoscaling
 * (invocations, and GPU utilisation on GPU types) and blue/green rollout that its latency and error
 * alarms roll back, a dashboard; one alarm topic for alarms and failed jobs.
 */
export class MlPlatformStack extends Stack {
  /** Channels a model's training job reads when its definition names none. */
  public static readonly DEFAULT_TRAINING_CHANNELS: string[] = [...DEFAULT_TRAINING_CHANNELS];

  /** The buckets. */
  public readonly storage: MlStorage;
  /** Where alarms and failures are published. */
  public readonly alarmTopic: AlarmTopic;
  /** Per model, in the order given. */
  public readonly hostedModels: HostedModel[] = [];

  constructor(scope: Construct, id: string, props: MlPlatformStackProps) {
    super(scope, id, props);
    const check = new PropsCheck(this, 'MlPlatformStack');
    check.require(props.models.length >= 1, 'models', props.models, 'must hold at least 1 model definition');
    const resources = stackResourceEstimate(props.models, { ownStorage: !props.storage, ownAlarmTopic: !props.alarmTopic });
    check.require(resources <= CLOUDFORMATION_MAX_RESOURCES, 'models', props.models,
      `must fit one CloudFormation template (about ${resources} of ${CLOUDFORMATION_MAX_RESOURCES} resources): spread them over stacks with MlPlatformApp`);
    const names = new Set<string>();
    props.models.forEach((m, i) => {
      // Every problem of every definition, by its own prop names, before a nested construct reports one of them.
      checkModelDefinition(check, `models[${i}]`, m);
      check.require(!names.has(m.name), `models[${i}].name`, m.name, 'must be unique');
      names.add(m.name);
      if (m.training && m.modelData) {
        check.fail(`models[${i}].modelData`, 'set', 'must be omitted when training is set: the endpoint serves what the training job produced');
      }
      if (m.pipeline && !m.training) {
        check.fail(`models[${i}].pipeline`, 'set', 'needs training: the pipeline retrains with the model\'s training spec');
      } else if (m.pipeline) {
        pipelineGateProblems(check, `models[${i}].pipeline`, m.pipeline, m.training?.qualityGate);
      }
    });
    if (props.storage && props.bucketEncryptionKey) {
      check.fail('bucketEncryptionKey', props.bucketEncryptionKey.node.path, 'must be omitted with storage: the given storage owns its encryption');
    }
    if (props.alarmTopic && props.alarmEmails) {
      check.fail('alarmEmails', props.alarmEmails, 'must be omitted with alarmTopic: subscribe the addresses to the given topic');
    }
    check.throwIfInvalid();

    this.storage = props.storage ?? new MlStorage(this, 'Storage', { bucketEncryptionKey: props.bucketEncryptionKey });
    this.alarmTopic = props.alarmTopic ?? new AlarmTopic(this, 'AlarmTopic', { emailAddresses: props.alarmEmails });
    for (const definition of props.models) this.hostedModels.push(this.host(definition));
  }

  private host(definition: MlModelDefinition): HostedModel {
    // The same defaults as the model's Kubernetes chart (lib/private/model-defaults.ts).
    const resolved = resolveModelDefinition(definition);
    const scope = new Construct(this, pascal(definition.name));
    // Model Monitor needs the pipeline: each run computes the baseline the schedule compares traffic with.
    const monitoring = resolved.training ? definition.pipeline?.monitoring : undefined;
    const trainingJob = resolved.training ? this.train(scope, resolved, resolved.training) : undefined;
    const model = new SageMakerModel(scope, 'Model', {
      image: definition.image,
      modelData: trainingJob ? ModelData.fromTrainingJob(trainingJob) : definition.modelData,
      environment: definition.environment,
    });
    const endpoint = new SageMakerEndpoint(scope, 'Endpoint', {
      variants: [{ variantName: 'AllTraffic', model, instanceType: definition.instanceType, initialInstanceCount: resolved.minCapacity }],
      deploymentPolicy: resolved.deploymentPolicy,
      dataCapture: monitoring ? platformDataCapture(this.storage, definition.name, monitoring) : undefined,
    });
    const variant = endpoint.findInstanceVariant('AllTraffic');
    const scaling = variant.autoScaleInstanceCount({
      minCapacity: resolved.minCapacity, maxCapacity: resolved.maxCapacity,
    });
    scaling.scaleOnInvocationsPerInstance('Invocations', { invocationsPerInstance: resolved.invocationsPerInstance });
    if (variant.instanceType.isGpu) {
      scaling.scaleOnGpuUtilization('GpuUtilization', { targetUtilizationPercent: resolved.gpuUtilizationPercent });
    }
    const alarms = new EndpointAlarms(scope, 'Alarms', {
      variant,
      alarmTopic: this.alarmTopic.topic,
      p99LatencyThreshold: Duration.millis(resolved.p99LatencyThresholdMs),
      alarmNamePrefix: `${this.stackName}-${definition.name}`,
      preset: EndpointAlarmPreset.recommended(),
    });
    // A new model that slows down or fails requests during the bake period is rolled back by SageMaker.
    endpoint.addRollbackAlarms(alarms.latencyAlarm, alarms.errorRateAlarm);
    const dashboard = new EndpointDashboard(scope, 'Dashboard', {
      endpoint, variants: [variant], alarms: alarms.alarms,
    });
    // Continuous training: retrains, gates, registers and deploys to this endpoint (after the deploy-time job's first model).
    const channels = resolved.training?.channels ?? [];
    const baseline = monitoring ? platformBaseline(scope, this.storage, definition.name,
      `${definition.name}/${channels.includes('train') ? 'train' : channels[0]}/`, monitoring) : undefined;
    const continuous = definition.pipeline && resolved.training ? platformPipeline(scope, {
      stackName: this.stackName, modelName: definition.name, definition: definition.pipeline, qualityGate: resolved.training.qualityGate,
      spec: this.trainingSpec(resolved, resolved.training), storage: this.storage, model, endpoint, topic: this.alarmTopic.topic, baselineStep: baseline,
    }) : undefined;
    const dataQualityMonitor = monitoring && baseline && continuous ? platformMonitor(scope, {
      storage: this.storage, model: definition.name, endpoint, baseline, pipeline: continuous.pipeline, alarmTopic: this.alarmTopic.topic, monitoring,
    }) : undefined;
    return {
      definition, trainingJob, model, endpoint, alarms, dashboard, pipeline: continuous?.pipeline, registry: continuous?.registry, dataQualityMonitor,
    };
  }

  /** Trains from `<model>/<channel>/` in the data bucket into `<model>/` in the model bucket. */
  private train(scope: Construct, definition: ResolvedModelDefinition, training: ResolvedTrainingDefinition): SageMakerTrainingJob {
    return new SageMakerTrainingJob(scope, 'Training', {
      ...this.trainingSpec(definition, training),
      failureTopic: this.alarmTopic.topic,
      qualityGate: training.qualityGate,
      retrainTrigger: training.retrainTrigger,
    });
  }

  /** The job spec the deploy-time job and the pipeline share. */
  private trainingSpec(definition: ResolvedModelDefinition, training: ResolvedTrainingDefinition): TrainingJobSpec {
    const channels = training.channels;
    const given = definition.training;
    return {
      image: training.image ?? definition.image,
      instanceType: training.instanceType,
      instanceCount: training.instanceCount,
      hyperparameters: given?.hyperparameters,
      maxRuntime: training.maxRuntime,
      environment: given?.environment,
      inputChannels: Object.fromEntries(channels.map((channel) =>
        [channel, TrainingInput.fromMlBucket(this.storage.dataBucket, `${definition.name}/${channel}/`)])),
      outputBucket: this.storage.modelBucket.bucket,
      outputPrefix: definition.name,
      spot: training.spotMaxWait ? { maxWait: training.spotMaxWait } : undefined,
    };
  }
}

/** `digits-gpu` → `DigitsGpu`, for readable construct ids. */
function pascal(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
