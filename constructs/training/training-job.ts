import { CustomResource, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeRules, ContainerImage, MlInstanceType, newValidationError, PropsCheck } from '../core';
import { Hyperparameter } from './hyperparameter';
import { jobNamePrefixFromPath, stackJobNameScope, trainingJobName } from './job-name';
import { DEFAULT_METRIC_DEFINITIONS, MetricDefinition } from './metric-definitions';
import {
  ATTR_JOB_ARN, ATTR_MODEL_DATA_URL, finalMetricAttributeName, modelArtifactsKeySuffix, PROP_JOB_NAME, PROP_QUALITY_GATE,
  PROP_REQUEST, PROP_WAIT, RESOURCE_TYPE,
} from './protocol';
import { ImportedTrainingJob, ITrainingJob, TrainingJobAttributes, TrainingJobBase } from './training-job-base';
import { checkTrainingJobProps, trimSlashes } from './training-job-checks';
import { grantTrainingJobAccess, S3Location } from './training-job-grants';
import { TrainingJobProvider } from './training-job-provider';
import { TrainingInput, TrainingInputMode } from './training-input';
import { acknowledgeWildcards } from './wildcard-acknowledgments';

/** Managed spot training: up to ~90% cheaper, but instances can be reclaimed; checkpoints let the job resume. */
export interface SpotTrainingOptions {
  /**
   * Longest the job may take in total, waiting for spot capacity included. Must be longer than `maxRuntime`.
   */
  readonly maxWait: Duration;
  /** Bucket for checkpoints. @default - the output bucket */
  readonly checkpointBucket?: s3.IBucket;
  /**
   * Key prefix for checkpoints. SageMaker syncs `localCheckpointPath` to it and restores it after an interruption.
   * @default 'checkpoints/<job name>/' (a new configuration never resumes an old configuration's checkpoints)
   */
  readonly checkpointPrefix?: string;
  /** Where the container writes checkpoints. @default '/opt/ml/checkpoints' */
  readonly localCheckpointPath?: string;
}

/**
 * The evaluation gate between training and deployment: bounds on one final metric. A job that
 * completes outside them (or without reporting the metric) fails the deployment, so whatever
 * consumes its model (a `SageMakerModel` via `ModelData.fromTrainingJob`) is not updated.
 */
export interface TrainingQualityGate {
  /** A metric of the job's `metricDefinitions`, e.g. `test:accuracy`. */
  readonly metricName: string;
  /** Lowest acceptable final value. @default - no lower bound */
  readonly minimum?: number;
  /** Highest acceptable final value (e.g. for a loss). @default - no upper bound */
  readonly maximum?: number;
}

/** Properties of a {@link SageMakerTrainingJob}. */
export interface SageMakerTrainingJobProps {
  /** The training image; the job role is granted pull access to it. */
  readonly image: ContainerImage;
  /** Instance type; must support training (hosting-only types such as ml.inf2.* are rejected). */
  readonly instanceType: MlInstanceType;
  /**
   * Number of instances. Above 1 the job is distributed: each instance finds the others in
   * `/opt/ml/input/config/resourceconfig.json` (see docs/training.md).
   * @default 1
   */
  readonly instanceCount?: number;
  /** Size of each instance's ML storage volume (whole GiB). @default Size.gibibytes(30) */
  readonly volumeSize?: Size;
  /**
   * Longest the job may train; SageMaker stops it after that. While `waitForCompletion` is true it can
   * be at most 45 minutes (see `waitForCompletion`).
   * @default Duration.minutes(30)
   */
  readonly maxRuntime?: Duration;
  /**
   * Hyperparameters, rendered as strings into `/opt/ml/input/config/hyperparameters.json`.
   * @default - none
   */
  readonly hyperparameters?: { [name: string]: Hyperparameter };
  /** Input channels by name (`train`, `validation`, ...): 1 to 20. The role may read exactly these prefixes. */
  readonly inputChannels: { [channelName: string]: TrainingInput };
  /** Input mode of channels that do not set their own. @default TrainingInputMode.FILE */
  readonly defaultInputMode?: TrainingInputMode;
  /** Bucket for model artifacts; the role may write only the job's own folder in it. */
  readonly outputBucket: s3.IBucket;
  /** Key prefix under which SageMaker writes `<job name>/output/model.tar.gz`. @default 'models' */
  readonly outputPrefix?: string;
  /** KMS key SageMaker encrypts the artifacts with. @default - the output bucket's default encryption */
  readonly outputEncryptionKey?: kms.IKey;
  /** KMS key for the instances' storage volumes. @default - SageMaker's AWS-managed volume encryption */
  readonly volumeEncryptionKey?: kms.IKey;
  /** Run on managed spot instances. @default - on-demand instances */
  readonly spot?: SpotTrainingOptions;
  /**
   * Metrics SageMaker parses from the logs; readable afterwards with `finalMetric(name)`.
   * @default DEFAULT_METRIC_DEFINITIONS (the reference container's `train:loss` ... `test:macro_f1`)
   */
  readonly metricDefinitions?: MetricDefinition[];
  /** Environment variables of the training container. @default - none */
  readonly environment?: { [key: string]: string };
  /** VPC to run the job in (needs an S3 gateway endpoint or NAT for its data). @default - no VPC */
  readonly vpc?: ec2.IVpc;
  /** Subnets in `vpc`. @default - the VPC's private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups in `vpc`.
   * @default - one group allowing all outbound traffic, and traffic between its members for distributed jobs
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Block all network access from the container (SageMaker still delivers the channels and uploads
   * the model). Turn off only for images that download things at run time.
   * @default true
   */
  readonly enableNetworkIsolation?: boolean;
  /** Encrypt traffic between the instances of a distributed job (slower). @default - true when instanceCount > 1 */
  readonly interContainerTrafficEncryption?: boolean;
  /**
   * Role SageMaker runs the job as. The construct still adds this job's permissions to it.
   * @default - a role with exactly this job's permissions
   */
  readonly role?: iam.IRole;
  /**
   * Start of the job name, followed by `-<12-hex configuration hash>`: lower-case letters, digits and
   * hyphens, at most 50 characters.
   * @default - derived from the construct path
   */
  readonly jobNamePrefix?: string;
  /**
   * Any string that is part of the configuration hash. Change it (e.g. to a data version) to train
   * again with an otherwise unchanged configuration, or after a failed job.
   * @default - none
   */
  readonly retrainTrigger?: string;
  /**
   * Keep the stack operation open until the job completes, fail it if the job fails, and expose
   * final metrics. CloudFormation limits a custom resource to one hour, so `maxRuntime` (or `spot.maxWait`)
   * must then be at most 45 minutes. With false the resource completes as soon as the job has started:
   * longer jobs are fine, `modelDataUrl` points where the model will be, `finalMetric` is unavailable.
   * @default true
   */
  readonly waitForCompletion?: boolean;
  /** SNS topic told when the job fails (an EventBridge rule on the job's state changes). @default - no notification */
  readonly failureTopic?: sns.ITopic;
  /**
   * Fail the deployment unless the job's final metric is within bounds (needs `waitForCompletion`).
   * Not part of the configuration hash: tightening the gate re-checks the existing job, it does not retrain.
   * @default - no gate: any completed job is deployed
   */
  readonly qualityGate?: TrainingQualityGate;
  /** Tags on the training job (part of the configuration hash). @default - none */
  readonly tags?: { [key: string]: string };
}

/**
 * A SageMaker training job as a CloudFormation resource. The job name is the construct path plus a hash
 * of the job's configuration: redeploying an unchanged configuration starts nothing, a changed one
 * starts a new job (and the old job resource is deleted). Deployment waits for the job and fails with
 * SageMaker's FailureReason if it fails.
 *
 * ```ts
 * const job = new SageMakerTrainingJob(this, 'Mnist', {
 *   image: ContainerImage.fromAsset('container'),
 *   instanceType: MlInstanceType.M5_XLARGE,
 *   inputChannels: { train: TrainingInput.fromMlBucket(data, 'mnist/train/') },
 *   outputBucket: models.bucket,
 *   hyperparameters: { epochs: Hyperparameter.fromInteger(5) },
 * });
 * job.finalMetric('validation:accuracy'); // a token, e.g. for an evaluation gate
 * ```
 */
export class SageMakerTrainingJob extends TrainingJobBase implements iam.IGrantable {
  /** Metric definitions matching the reference container's log lines (`train:loss` ... `test:macro_f1`). */
  public static readonly DEFAULT_METRIC_DEFINITIONS: MetricDefinition[] = DEFAULT_METRIC_DEFINITIONS;

  /** A training job created elsewhere, e.g. to deploy its model. */
  public static fromTrainingJobAttributes(scope: Construct, id: string, attrs: TrainingJobAttributes): ITrainingJob {
    return new ImportedTrainingJob(scope, id, attrs);
  }

  public readonly trainingJobName: string;
  public readonly trainingJobArn: string;
  public readonly modelDataUrl: string;
  public readonly modelDataBucket: s3.IBucket;
  public readonly modelDataKey: string;
  /** The role the job runs as. */
  public readonly role: iam.IRole;
  public readonly grantPrincipal: iam.IPrincipal;
  /** The metric definitions the job reports. */
  public readonly metricDefinitions: MetricDefinition[];
  /** The job's security groups (empty without a VPC). */
  public readonly securityGroups: ec2.ISecurityGroup[];
  /** The rule sending failures to `failureTopic`, when one was given. */
  public readonly failureRule?: events.Rule;
  private readonly resource: CustomResource;
  private readonly waitForCompletion: boolean;

  constructor(scope: Construct, id: string, props: SageMakerTrainingJobProps) {
    super(scope, id);
    const check = new PropsCheck(this, 'SageMakerTrainingJob');
    checkTrainingJobProps(check, props);
    check.throwIfInvalid();

    const stack = Stack.of(this);
    const instanceCount = props.instanceCount ?? 1;
    this.waitForCompletion = props.waitForCompletion ?? true;
    this.metricDefinitions = props.metricDefinitions ?? DEFAULT_METRIC_DEFINITIONS;
    this.role = props.role ?? new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: `SageMaker training job ${this.node.path}`,
    });
    this.grantPrincipal = this.role;
    const imageUri = props.image.bind(this, this.role).imageUri;

    const subnets = props.vpc?.selectSubnets(props.vpcSubnets).subnets;
    this.securityGroups = props.vpc ? props.securityGroups ?? [this.defaultSecurityGroup(props.vpc, instanceCount)] : [];

    const outputPrefix = trimSlashes(props.outputPrefix ?? 'models');
    const spot = props.spot;
    const request = {
      AlgorithmSpecification: {
        TrainingImage: imageUri,
        TrainingInputMode: props.defaultInputMode ?? TrainingInputMode.FILE,
        MetricDefinitions: this.metricDefinitions.map((m) => ({ Name: m.name, Regex: m.regex })),
      },
      RoleArn: this.role.roleArn,
      InputDataConfig: Object.entries(props.inputChannels).map(([name, input]) => ({
        ChannelName: name,
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: input.s3Uri, S3DataDistributionType: input.options.distribution } },
        ContentType: input.options.contentType,
        InputMode: input.options.inputMode,
        CompressionType: input.options.compression,
      })),
      OutputDataConfig: {
        S3OutputPath: `s3://${props.outputBucket.bucketName}${outputPrefix ? `/${outputPrefix}` : ''}`,
        KmsKeyId: props.outputEncryptionKey?.keyArn,
      },
      ResourceConfig: {
        InstanceType: props.instanceType.name,
        InstanceCount: instanceCount,
        VolumeSizeInGB: (props.volumeSize ?? Size.gibibytes(30)).toGibibytes(),
        VolumeKmsKeyId: props.volumeEncryptionKey?.keyArn,
      },
      StoppingCondition: {
        MaxRuntimeInSeconds: (props.maxRuntime ?? Duration.minutes(30)).toSeconds(),
        MaxWaitTimeInSeconds: spot?.maxWait.toSeconds(),
      },
      HyperParameters: props.hyperparameters ? mapValues(props.hyperparameters, (h) => h.value) : undefined,
      Environment: props.environment,
      VpcConfig: subnets ? { Subnets: subnets.map((s) => s.subnetId), SecurityGroupIds: this.securityGroups.map((g) => g.securityGroupId) } : undefined,
      EnableNetworkIsolation: props.enableNetworkIsolation ?? true,
      EnableInterContainerTrafficEncryption: props.interContainerTrafficEncryption ?? instanceCount > 1,
      EnableManagedSpotTraining: spot ? true : undefined,
      Tags: props.tags ? Object.entries(props.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
    };

    // The name hashes everything SageMaker would train with. The default checkpoint prefix derives from
    // the name, so only the user's checkpoint choices enter the hash.
    // `<stack scope>--<prefix>-<hash>`: the stack scope keeps every job of the stack inside the handler's IAM scope.
    const pathInStack = this.node.path.slice(stack.node.path.length + 1);
    const prefix = `${stackJobNameScope(stack.stackName)}--${props.jobNamePrefix ?? jobNamePrefixFromPath(pathInStack)}`;
    const checkpointBucket = spot ? spot.checkpointBucket ?? props.outputBucket : undefined;
    this.trainingJobName = trainingJobName(prefix, stack.resolve({
      path: this.node.path,
      request,
      checkpoint: spot ? { bucket: checkpointBucket!.bucketName, prefix: spot.checkpointPrefix, local: spot.localCheckpointPath } : undefined,
      retrainTrigger: props.retrainTrigger,
    }));
    const checkpointPrefix = spot ? trimSlashes(spot.checkpointPrefix ?? `checkpoints/${this.trainingJobName}`) : '';
    const checkpoint: S3Location | undefined = spot ? {
      bucket: checkpointBucket!,
      prefix: checkpointPrefix ? `${checkpointPrefix}/` : '', // '' = the bucket root, not the key prefix '/'
    } : undefined;
    const fullRequest = {
      ...request,
      CheckpointConfig: checkpoint ? {
        S3Uri: `s3://${checkpoint.bucket.bucketName}/${checkpoint.prefix}`,
        LocalPath: spot?.localCheckpointPath ?? '/opt/ml/checkpoints',
      } : undefined,
    };

    this.modelDataBucket = props.outputBucket;
    this.modelDataKey = `${outputPrefix ? `${outputPrefix}/` : ''}${modelArtifactsKeySuffix(this.trainingJobName)}`;
    grantTrainingJobAccess(this, this.role, {
      jobName: this.trainingJobName,
      inputs: Object.values(props.inputChannels).map((i) => ({ bucket: i.bucket, prefix: i.prefix })),
      output: { bucket: props.outputBucket, prefix: `${outputPrefix ? `${outputPrefix}/` : ''}${this.trainingJobName}/` },
      checkpoint,
      outputKey: props.outputEncryptionKey,
      volumeKey: props.volumeEncryptionKey,
      subnets,
      securityGroups: this.securityGroups,
    });

    const provider = TrainingJobProvider.of(this);
    provider.registerJobRole(this.role);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: {
        [PROP_JOB_NAME]: this.trainingJobName,
        [PROP_REQUEST]: stack.toJsonString(fullRequest),
        [PROP_WAIT]: String(this.waitForCompletion),
        [PROP_QUALITY_GATE]: props.qualityGate ? stack.toJsonString({
          MetricName: props.qualityGate.metricName, Minimum: props.qualityGate.minimum, Maximum: props.qualityGate.maximum,
        }) : undefined,
      },
    });
    // The job must not start before its permissions exist.
    this.resource.node.addDependency(this.role);

    if (props.failureTopic) {
      this.failureRule = this.onFailure('FailureRule', {
        target: new targets.SnsTopic(props.failureTopic, {
          message: events.RuleTargetInput.fromText(
            `SageMaker training job ${events.EventField.fromPath('$.detail.TrainingJobName')} failed: `
            + `${events.EventField.fromPath('$.detail.FailureReason')}`),
        }),
      });
      // The rule must exist before the job can fail.
      this.resource.node.addDependency(this.failureRule);
    }

    this.trainingJobArn = this.resource.getAttString(ATTR_JOB_ARN);
    this.modelDataUrl = this.resource.getAttString(ATTR_MODEL_DATA_URL);
    acknowledgeWildcards(this);
  }

  /**
   * The final value of a metric from `metricDefinitions`, as a token resolved when the job completes
   * (a Fn::GetAtt on the `FinalMetric.<name with punctuation as dots>` attribute).
   */
  public finalMetric(metricName: string): string {
    const problems = [];
    if (!this.metricDefinitions.some((m) => m.name === metricName)) {
      problems.push({ prop: 'finalMetric(metricName)', value: JSON.stringify(metricName),
        allowed: `one of the job's metric definitions: ${this.metricDefinitions.map((m) => m.name).join(', ')}` });
    }
    if (!this.waitForCompletion) {
      problems.push({ prop: 'waitForCompletion', value: 'false', allowed: 'must be true to read final metrics: the resource completes before the job does' });
    }
    if (problems.length > 0) throw newValidationError(this.node.path, 'SageMakerTrainingJob', problems);
    return this.resource.getAttString(finalMetricAttributeName(metricName));
  }

  private defaultSecurityGroup(vpc: ec2.IVpc, instanceCount: number): ec2.ISecurityGroup {
    const group = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `SageMaker training job ${this.node.path}`,
      allowAllOutbound: true,
    });
    // Instances of a distributed job talk to each other on ports the framework picks.
    if (instanceCount > 1) {
      group.addIngressRule(group, ec2.Port.allTraffic(), 'Between the instances of a distributed training job');
      acknowledgeRules(group, [{ id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: 'The only ingress is from this same group: '
        + 'the instances of one distributed job, which SageMaker requires to reach each other on all ports (MPI uses SSH, NCCL picks ports).' }]);
    }
    return group;
  }
}

function mapValues<T>(record: { [key: string]: T }, fn: (value: T) => string): { [key: string]: string } {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
