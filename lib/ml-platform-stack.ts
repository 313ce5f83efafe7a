import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { PropsCheck } from '../constructs/core';
import { AlarmTopic, EndpointAlarms, EndpointDashboard } from '../constructs/monitoring';
import { SageMakerEndpoint, SageMakerModel } from '../constructs/serving';
import { MlBucket, MlBucketPurpose } from '../constructs/storage';
import { MlModelDefinition } from './ml-model-definition';

/** Properties of an {@link MlPlatformStack}. */
export interface MlPlatformStackProps extends StackProps {
  /** The models to host (1–20). */
  readonly models: MlModelDefinition[];
  /** E-mail addresses notified by alarms. @default - none (subscribe to the topic yourself) */
  readonly alarmEmails?: string[];
  /** KMS key for the data and model buckets. @default - S3-managed encryption */
  readonly bucketEncryptionKey?: kms.IKey;
}

/** What the stack built for one model. */
export interface HostedModel {
  /** The definition it was built from. */
  readonly definition: MlModelDefinition;
  /** The SageMaker model. */
  readonly model: SageMakerModel;
  /** The endpoint (one variant, `AllTraffic`). */
  readonly endpoint: SageMakerEndpoint;
  /** Its alarms. */
  readonly alarms: EndpointAlarms;
  /** Its dashboard. */
  readonly dashboard: EndpointDashboard;
}

const MODEL_NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/**
 * The ready ML platform on AWS: data, model and log buckets; for every model a SageMaker model, an
 * endpoint with autoscaling (invocations, and GPU utilisation on GPU types), alarms and a dashboard;
 * one alarm topic.
 */
export class MlPlatformStack extends Stack {
  /** Training, validation and test data. */
  public readonly dataBucket: MlBucket;
  /** Model artifacts. */
  public readonly modelBucket: MlBucket;
  /** Server access logs of the other buckets. */
  public readonly logBucket: MlBucket;
  /** Where alarms and failures are published. */
  public readonly alarmTopic: AlarmTopic;
  /** Per model, in the order given. */
  public readonly hostedModels: HostedModel[] = [];

  constructor(scope: Construct, id: string, props: MlPlatformStackProps) {
    super(scope, id, props);
    const check = new PropsCheck(this, 'MlPlatformStack');
    check.require(props.models.length >= 1 && props.models.length <= 20, 'models', props.models, 'must hold 1 to 20 model definitions');
    const names = new Set<string>();
    props.models.forEach((m, i) => {
      check.require(MODEL_NAME.test(m.name), `models[${i}].name`, m.name, 'must be a DNS-1123 label of at most 40 characters (a-z, 0-9, -)');
      check.require(!names.has(m.name), `models[${i}].name`, m.name, 'must be unique');
      names.add(m.name);
    });
    check.throwIfInvalid();

    this.logBucket = new MlBucket(this, 'LogBucket', { purpose: MlBucketPurpose.LOGS });
    this.dataBucket = new MlBucket(this, 'DataBucket', {
      purpose: MlBucketPurpose.DATA, serverAccessLogsBucket: this.logBucket.bucket, encryptionKey: props.bucketEncryptionKey,
    });
    this.modelBucket = new MlBucket(this, 'ModelBucket', {
      purpose: MlBucketPurpose.MODELS, serverAccessLogsBucket: this.logBucket.bucket, encryptionKey: props.bucketEncryptionKey,
    });
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { emailAddresses: props.alarmEmails });

    for (const definition of props.models) this.hostedModels.push(this.host(definition));
  }

  private host(definition: MlModelDefinition): HostedModel {
    const scope = new Construct(this, pascal(definition.name));
    const model = new SageMakerModel(scope, 'Model', {
      image: definition.image,
      modelData: definition.modelData,
      environment: definition.environment,
    });
    const endpoint = new SageMakerEndpoint(scope, 'Endpoint', {
      variants: [{ variantName: 'AllTraffic', model, instanceType: definition.instanceType, initialInstanceCount: definition.minCapacity ?? 1 }],
    });
    const scaling = endpoint.autoScaleInstanceCount('AllTraffic', {
      minCapacity: definition.minCapacity ?? 1, maxCapacity: definition.maxCapacity ?? 4,
    });
    scaling.scaleOnInvocationsPerInstance('Invocations', { invocationsPerInstance: definition.invocationsPerInstance ?? 1000 });
    if (definition.instanceType.isGpu) {
      scaling.scaleOnGpuUtilization('GpuUtilization', { targetUtilizationPercent: definition.gpuUtilizationPercent ?? 70 });
    }
    const alarms = new EndpointAlarms(scope, 'Alarms', {
      endpoint,
      instanceType: definition.instanceType,
      alarmTopic: this.alarmTopic.topic,
      p99LatencyThreshold: Duration.millis(definition.p99LatencyThresholdMs ?? 1000),
    });
    const dashboard = new EndpointDashboard(scope, 'Dashboard', {
      endpoint, instanceTypes: { AllTraffic: definition.instanceType }, alarms: alarms.alarms,
    });
    return { definition, model, endpoint, alarms, dashboard };
  }
}

/** `digits-gpu` → `DigitsGpu`, for readable construct ids. */
function pascal(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
