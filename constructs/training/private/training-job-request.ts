import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PropsCheck } from '../../core';
import { acknowledgeRules } from '../../core/private/rule-acknowledgments';
import { MetricDefinition } from '../metric-definitions';
import { TrainingInput, TrainingInputCompression, TrainingInputConfig, TrainingInputMode } from '../training-input';
import { SpotTrainingOptions, TrainingJobSpec } from '../training-job-spec';
import { trimSlashes } from './training-job-checks';
import type { S3Location } from './training-job-grants';

/**
 * The ONE renderer of SageMaker's CreateTrainingJob request, used by `SageMakerTrainingJob` (the
 * custom resource sends it to the API) and by `TrainingPipeline` (the Step Functions
 * `createTrainingJob.sync` task sends it, with a per-execution job name), from the job spec both accept
 * (`../training-job-spec.ts`). Internal: not exported from the package.
 */

/** What the request needs besides the spec: things the caller created or bound. */
export interface TrainingJobRequestContext {
  /** The bound training image. */
  readonly imageUri: string;
  /** The role the job runs as. */
  readonly roleArn: string;
  /** The metric definitions (the spec's, or the defaults). */
  readonly metricDefinitions: MetricDefinition[];
  /** Subnets of the job's VPC, if it runs in one. */
  readonly subnets?: ec2.ISubnet[];
  /** Security groups of the job (empty without a VPC). */
  readonly securityGroups: ec2.ISecurityGroup[];
  /** The spec's input channels, bound once (see {@link bindTrainingInputs}). */
  readonly inputs: BoundTrainingInputs;
}

/** The output prefix of a spec without slashes: 'models' by default, '' for the bucket root. */
export function trainingOutputPrefix(spec: TrainingJobSpec): string {
  return trimSlashes(spec.outputPrefix ?? 'models');
}

/** The input channels of a spec, each bound once, by channel name. */
export type BoundTrainingInputs = { [channelName: string]: TrainingInputConfig };

/** Binds every channel of `spec` to the job (or pipeline) `scope`: once, for the request and the grants. */
export function bindTrainingInputs(scope: Construct, spec: TrainingJobSpec, securityGroups: ec2.ISecurityGroup[]): BoundTrainingInputs {
  const bound: BoundTrainingInputs = {};
  const check = new PropsCheck(scope, scope.constructor.name);
  for (const [name, input] of Object.entries(spec.inputChannels) as Array<[string, TrainingInput]>) {
    if (!check.require(input instanceof TrainingInput, `inputChannels["${name}"]`, input,
      'must be a TrainingInput, e.g. TrainingInput.fromMlBucket(data, "train/")')) continue;
    bound[name] = input.bind(scope, { vpc: spec.vpc, securityGroups });
    // Checked on the bound channel, so every kind of input (and a custom subclass) meets the same rule.
    const mode = bound[name].inputMode ?? spec.defaultInputMode ?? TrainingInputMode.FILE;
    check.require(bound[name].compression !== TrainingInputCompression.GZIP || mode === TrainingInputMode.PIPE,
      `inputChannels["${name}"].compression`, `Gzip with inputMode ${mode}`,
      'Gzip channels are only readable in Pipe mode (SageMaker streams and decompresses them); use inputMode: TrainingInputMode.PIPE, or store the data uncompressed');
  }
  check.throwIfInvalid();
  return bound;
}

/** The S3 data the bound channels read: what the job role may read. */
export function inputS3Locations(inputs: BoundTrainingInputs): S3Location[] {
  return Object.values(inputs).flatMap((c) => (c.s3DataSource ? [{ bucket: c.s3DataSource.bucket, prefix: c.s3DataSource.prefix }] : []));
}

/** One bound input channel of the request. */
export function renderInputChannel(channelName: string, input: TrainingInputConfig) {
  const s3 = input.s3DataSource;
  const fileSystem = input.fileSystemDataSource;
  return {
    ChannelName: channelName,
    DataSource: {
      S3DataSource: s3 ? { S3DataType: 'S3Prefix', S3Uri: `s3://${s3.bucket.bucketName}/${s3.prefix}`, S3DataDistributionType: s3.distribution } : undefined,
      FileSystemDataSource: fileSystem ? {
        FileSystemId: fileSystem.fileSystemId, FileSystemType: fileSystem.fileSystemType,
        DirectoryPath: fileSystem.directoryPath, FileSystemAccessMode: 'ro',
      } : undefined,
    },
    ContentType: input.contentType,
    InputMode: input.inputMode,
    CompressionType: input.compression,
  };
}

/**
 * The CreateTrainingJob request of `spec` in API (PascalCase) form, without `TrainingJobName` and
 * `CheckpointConfig`, which depend on the job name (fixed for the custom resource, per execution for
 * the pipeline): see {@link renderCheckpointConfig}.
 */
export function renderTrainingJobRequest(spec: TrainingJobSpec, context: TrainingJobRequestContext) {
  const instanceCount = spec.instanceCount ?? 1;
  const outputPrefix = trainingOutputPrefix(spec);
  const subnets = context.subnets;
  return {
    AlgorithmSpecification: {
      TrainingImage: context.imageUri,
      TrainingInputMode: spec.defaultInputMode ?? TrainingInputMode.FILE,
      MetricDefinitions: context.metricDefinitions.map((m) => ({ Name: m.name, Regex: m.regex })),
    },
    RoleArn: context.roleArn,
    InputDataConfig: Object.entries(context.inputs).map(([name, input]) => renderInputChannel(name, input)),
    OutputDataConfig: {
      S3OutputPath: `s3://${spec.outputBucket.bucketName}${outputPrefix ? `/${outputPrefix}` : ''}`,
      KmsKeyId: spec.outputEncryptionKey?.keyArn,
    },
    ResourceConfig: {
      InstanceType: spec.instanceType.name,
      InstanceCount: instanceCount,
      VolumeSizeInGB: (spec.volumeSize ?? Size.gibibytes(30)).toGibibytes(),
      VolumeKmsKeyId: spec.volumeEncryptionKey?.keyArn,
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: (spec.maxRuntime ?? Duration.minutes(30)).toSeconds(),
      MaxWaitTimeInSeconds: spec.spot?.maxWait.toSeconds(),
    },
    HyperParameters: spec.hyperparameters ? mapValues(spec.hyperparameters, (h) => h.value) : undefined,
    Environment: spec.environment,
    VpcConfig: subnets ? { Subnets: subnets.map((s) => s.subnetId), SecurityGroupIds: context.securityGroups.map((g) => g.securityGroupId) } : undefined,
    EnableNetworkIsolation: spec.enableNetworkIsolation ?? true,
    EnableInterContainerTrafficEncryption: spec.interContainerTrafficEncryption ?? instanceCount > 1,
    EnableManagedSpotTraining: spec.spot ? true : undefined,
    Tags: spec.tags ? Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
  };
}

/** `CheckpointConfig` of a spot job: where checkpoints go (`s3Uri`) and where the container writes them. */
export function renderCheckpointConfig(spot: SpotTrainingOptions, s3Uri: string) {
  return { S3Uri: s3Uri, LocalPath: spot.localCheckpointPath ?? '/opt/ml/checkpoints' };
}

/** The longest a job of this spec may take: spot.maxWait, else maxRuntime (default 30 minutes). */
export function longestJobDuration(spec: TrainingJobSpec): Duration {
  return spec.spot?.maxWait ?? spec.maxRuntime ?? Duration.minutes(30);
}

/** The role a job runs as: the given one, or a new role SageMaker can assume. */
export function trainingJobRole(scope: Construct, spec: TrainingJobSpec, description: string): iam.IRole {
  // Confused deputy: SageMaker may assume the role only for jobs of this account.
  return spec.role ?? new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } }),
    description,
  });
}

/** The job's security groups: the given ones, or one created in `scope` (none without a VPC). */
export function trainingSecurityGroups(scope: Construct, spec: TrainingJobSpec, description: string): ec2.ISecurityGroup[] {
  if (!spec.vpc) return [];
  if (spec.securityGroups) return spec.securityGroups;
  const instanceCount = spec.instanceCount ?? 1;
  const group = new ec2.SecurityGroup(scope, 'SecurityGroup', { vpc: spec.vpc, description, allowAllOutbound: true });
  // Instances of a distributed job talk to each other on ports the framework picks.
  if (instanceCount > 1) {
    group.addIngressRule(group, ec2.Port.allTraffic(), 'Between the instances of a distributed training job');
    acknowledgeRules(group, [{ id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: 'The only ingress is from this same group: '
      + 'the instances of one distributed job, which SageMaker requires to reach each other on all ports (MPI uses SSH, NCCL picks ports).' }]);
  }
  return [group];
}

function mapValues<T>(record: { [key: string]: T }, fn: (value: T) => string): { [key: string]: string } {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
