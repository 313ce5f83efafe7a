import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SageMakerTrainingJob, TrainingInput, TrainingInputBindOptions, TrainingInputConfig } from '../../constructs/training';
import { jobResource, trainingStack } from './fixtures';

/** A job in a VPC whose `images` channel is `input` (next to the fixture's S3 train channel). */
function jobWith(makeInput: (scope: Construct, vpc: ec2.IVpc) => TrainingInput, inVpc = true) {
  const { stack, baseProps } = trainingStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const build = () => new SageMakerTrainingJob(stack, 'Job', {
    ...baseProps,
    vpc: inVpc ? vpc : undefined,
    inputChannels: { train: baseProps.inputChannels.train, images: makeInput(stack, vpc) },
  });
  return { stack, build };
}

describe('TrainingInput.fromFsxLustre', () => {
  const { stack, build } = jobWith((scope, vpc) => {
    const lustre = new fsx.LustreFileSystem(scope, 'Lustre', {
      vpc, vpcSubnet: vpc.isolatedSubnets[0], storageCapacityGiB: 1200,
      lustreConfiguration: { deploymentType: fsx.LustreDeploymentType.SCRATCH_2 },
    });
    return TrainingInput.fromFsxLustre(lustre, `/${lustre.mountName}/images`);
  });
  build();
  const template = Template.fromStack(stack);
  const { request } = jobResource(template);

  test('THEN the channel mounts the directory read-only in File mode, next to the S3 channel', () => {
    expect(request.InputDataConfig).toEqual([
      expect.objectContaining({ ChannelName: 'train', DataSource: { S3DataSource: expect.objectContaining({ S3DataType: 'S3Prefix' }) } }),
      {
        ChannelName: 'images', InputMode: 'File',
        DataSource: { FileSystemDataSource: { FileSystemId: expect.stringMatching(/^<Lustre/), FileSystemType: 'FSxLustre', DirectoryPath: expect.stringMatching(/^\/<Lustre[0-9A-F]+\.LustreMountName>\/images$/), FileSystemAccessMode: 'ro' } },
      },
    ]);
  });

  test('THEN the job security group may reach the Lustre ports (988, 1018-1023) and nothing else is opened', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r) => r.Properties).filter((p) => JSON.stringify(p.SourceSecurityGroupId).includes('JobSecurityGroup') && JSON.stringify(p.GroupId).includes('Lustre'));
    expect(ingress.map((p) => [p.FromPort, p.ToPort])).toEqual([[988, 988], [1018, 1023]]);
  });

  test('THEN the job role gets no S3 grant for the file-system channel', () => {
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('images');
  });
});

describe('TrainingInput.fromEfs', () => {
  test('THEN an EFS channel mounts read-only and the job may reach NFS (2049)', () => {
    const { stack, build } = jobWith((scope, vpc) => TrainingInput.fromEfs(new efs.FileSystem(scope, 'Efs', { vpc }), '/datasets/mnist'));
    build();
    const template = Template.fromStack(stack);
    expect(jobResource(template).request.InputDataConfig[1]).toEqual({
      ChannelName: 'images', InputMode: 'File',
      DataSource: { FileSystemDataSource: { FileSystemId: expect.stringMatching(/^<Efs/), FileSystemType: 'EFS', DirectoryPath: '/datasets/mnist', FileSystemAccessMode: 'ro' } },
    });
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.SourceSecurityGroupId).includes('JobSecurityGroup') && p.FromPort === 2049);
    expect(ingress).toHaveLength(1);
  });

  test('WHEN the job has no VPC THEN one error names vpc and why', () => {
    const { build } = jobWith((scope, vpc) => TrainingInput.fromEfs(new efs.FileSystem(scope, 'Efs', { vpc }), '/datasets'), false);
    expect(build).toThrow(/TrainingInput.fromEfs at 'Stack\/Job': invalid prop\n {2}- vpc = undefined: required: SageMaker mounts the EFS file system/);
  });

  test('WHEN the directory is relative THEN the error names directoryPath', () => {
    const { build } = jobWith((scope, vpc) => TrainingInput.fromEfs(new efs.FileSystem(scope, 'Efs', { vpc }), 'datasets'));
    expect(build).toThrow(/directoryPath = "datasets": must be an absolute path without spaces/);
  });
});

describe('a new kind of input is one subclass', () => {
  /** E.g. a team's convention: every channel reads `<team>/<name>/` of a shared bucket. */
  class TeamInput extends TrainingInput {
    constructor(private readonly bucket: s3.IBucket, private readonly team: string) { super(); }
    public bind(_scope: Construct, _options: TrainingInputBindOptions): TrainingInputConfig {
      return { s3DataSource: { bucket: this.bucket, prefix: `${this.team}/train/` }, contentType: 'text/csv' };
    }
  }

  test('THEN it renders and is granted like the built-in S3 input', () => {
    const { stack, baseProps, data } = trainingStack();
    new SageMakerTrainingJob(stack, 'Job', { ...baseProps, inputChannels: { train: new TeamInput(data.bucket, 'vision') } });
    const template = Template.fromStack(stack);
    expect(jobResource(template).request.InputDataConfig).toEqual([
      { ChannelName: 'train', ContentType: 'text/csv', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://<Data2D4B752F>/vision/train/' } } },
    ]);
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain('/vision/train/*');
  });
});
