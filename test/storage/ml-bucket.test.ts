import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MlBucket, MlBucketProps, MlBucketPurpose } from '../../constructs/storage';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** Synthesizes one MlBucket and returns its template plus the logical id of the bucket itself. */
function synth(props: MlBucketProps = {}, setup?: (stack: Stack) => Partial<MlBucketProps>) {
  const stack = newStack();
  const bucket = new MlBucket(stack, 'Data', { ...props, ...setup?.(stack) });
  const template = Template.fromStack(stack);
  const logicalId = stack.getLogicalId(bucket.bucket.node.defaultChild as s3.CfnBucket);
  return { stack, bucket, template, logicalId, props: template.toJSON().Resources[logicalId] };
}

describe('MlBucket defaults', () => {
  // One synth for the default checks: GIVEN a bucket with no props.
  const { template, props: resource, logicalId, bucket } = synth();

  test('blocks all public access and enforces bucket-owner object ownership', () => {
    expect(resource.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(resource.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  test('encrypts with SSE-S3 and versions every object', () => {
    expect(resource.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(resource.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test('denies any request without TLS, and TLS below 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('expires noncurrent versions after 90 days, keeping 3, and aborts stale multipart uploads', () => {
    expect(resource.Properties.LifecycleConfiguration.Rules).toEqual([{
      Id: 'expire-noncurrent-versions',
      Status: 'Enabled',
      NoncurrentVersionExpiration: { NoncurrentDays: 90, NewerNoncurrentVersions: 3 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    }]);
  });

  test('is retained when removed from the stack', () => {
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });

  test('logs access to a created LOGS bucket under "<purpose>/", delivered by bucket policy', () => {
    // THEN two buckets: the data bucket and its log bucket
    template.resourceCountIs('AWS::S3::Bucket', 2);
    const logsId = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id !== logicalId)!;
    expect(resource.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'data/' });
    expect(bucket.serverAccessLogsBucket).toBeDefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'logging.s3.amazonaws.com' },
          Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId, 'Arn'] } }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
        })]),
      },
    });
    // The log bucket itself: SSE-S3, no logging of its own, retained.
    const logs = template.toJSON().Resources[logsId];
    expect(logs.Properties.LoggingConfiguration).toBeUndefined();
    expect(logs.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(logs.DeletionPolicy).toBe('Retain');
  });

  test('purpose defaults to DATA', () => {
    expect(bucket.purpose).toBe(MlBucketPurpose.DATA);
  });
});

describe('MlBucket options', () => {
  test('with encryptionKey: SSE-KMS with that key and an S3 bucket key', () => {
    const { props: resource, stack, bucket } = synth({}, (s) => ({ encryptionKey: new kms.Key(s, 'Key') }));
    expect(resource.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [stack.getLogicalId(bucket.encryptionKey!.node.defaultChild as kms.CfnKey), 'Arn'] } },
    }]);
  });

  test('with a given logs bucket and prefix: logs go there and no log bucket is created', () => {
    const { template, props: resource } = synth({ purpose: MlBucketPurpose.MODELS, serverAccessLogsPrefix: 'mnist/models/' },
      (s) => ({ serverAccessLogsBucket: new MlBucket(s, 'Logs', { purpose: MlBucketPurpose.LOGS }).bucket }));
    template.resourceCountIs('AWS::S3::Bucket', 2);
    const logsId = Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('Logs'))!;
    expect(resource.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'mnist/models/' });
  });

  test('the default log prefix follows the purpose', () => {
    const { props: resource } = synth({ purpose: MlBucketPurpose.ARTIFACTS });
    expect(resource.Properties.LoggingConfiguration.LogFilePrefix).toBe('artifacts/');
  });

  test('lifecycle and removal policy can be changed', () => {
    const { props: resource } = synth({
      noncurrentVersionExpiration: Duration.days(30), noncurrentVersionsToRetain: 0, removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(resource.Properties.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 30, NewerNoncurrentVersions: 0 });
    expect(resource.DeletionPolicy).toBe('Delete');
  });

  test('eventBridgeEnabled turns on EventBridge notifications', () => {
    const { template } = synth({ eventBridgeEnabled: true });
    template.hasResourceProperties('Custom::S3BucketNotifications', { NotificationConfiguration: { EventBridgeConfiguration: {} } });
  });

  test('a LOGS bucket does not log to another bucket', () => {
    const { template, props: resource } = synth({ purpose: MlBucketPurpose.LOGS });
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(resource.Properties.LoggingConfiguration).toBeUndefined();
  });

  test('s3UriForKey renders s3://bucket/key', () => {
    const { stack, bucket, logicalId } = synth();
    expect(stack.resolve(bucket.s3UriForKey('mnist/train.csv'))).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: logicalId }, '/mnist/train.csv']] });
  });
});

describe('MlBucket grants', () => {
  function grantedResources(grant: (b: MlBucket, role: iam.IRole) => void) {
    const stack = newStack();
    const bucket = new MlBucket(stack, 'Data');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    grant(bucket, role);
    const logicalId = stack.getLogicalId(bucket.bucket.node.defaultChild as s3.CfnBucket);
    const statements = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(role.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy)]
      .Properties.PolicyDocument.Statement;
    return { statements, arn: { 'Fn::GetAtt': [logicalId, 'Arn'] } };
  }
  const objects = (arn: unknown, pattern: string) => ({ 'Fn::Join': ['', [arn, `/${pattern}`]] });

  test('grantRead with a prefix reads exactly the objects under it', () => {
    const { statements, arn } = grantedResources((b, r) => b.grantRead(r, '/mnist/train/'));
    expect(statements).toEqual([{
      Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Effect: 'Allow', Resource: [arn, objects(arn, 'mnist/train/*')],
    }]);
  });

  test('grantRead without a prefix reads every object', () => {
    const { statements, arn } = grantedResources((b, r) => b.grantRead(r));
    expect(statements[0].Resource).toEqual([arn, objects(arn, '*')]);
  });

  test('grantWrite puts under the prefix and never deletes', () => {
    const { statements, arn } = grantedResources((b, r) => b.grantWrite(r, 'out/'));
    const actions = statements.flatMap((s: { Action: string | string[] }) => s.Action);
    expect(actions.some((a: string) => a.startsWith('s3:DeleteObject'))).toBe(false);
    expect(statements).toContainEqual(expect.objectContaining({ Resource: objects(arn, 'out/*') }));
  });

  test('grantReadWrite covers the prefix', () => {
    const { statements, arn } = grantedResources((b, r) => b.grantReadWrite(r, 'ckpt/'));
    for (const s of statements) expect(JSON.stringify(s.Resource)).toContain(JSON.stringify(objects(arn, 'ckpt/*')));
  });
});

describe('MlBucket bad input', () => {
  test('a LOGS bucket rejects encryptionKey and serverAccessLogsBucket in one error', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const other = new s3.Bucket(stack, 'Other');
    expect(() => new MlBucket(stack, 'Logs', { purpose: MlBucketPurpose.LOGS, encryptionKey: key, serverAccessLogsBucket: other }))
      .toThrow("MlBucket at 'Stack/Logs': 2 invalid props\n"
        + '  - encryptionKey = "Stack/Key": must be omitted for a LOGS bucket: S3 server access logs can only be delivered to SSE-S3 buckets\n'
        + '  - serverAccessLogsBucket = "Stack/Other": must be omitted for a LOGS bucket: a log bucket does not log to another bucket');
  });

  test.each(['My_Bucket', 'ab', 'bucket-', 'xn--bucket', 'a..b', 'a'.repeat(64)])('bucketName %j is rejected', (bucketName) => {
    expect(() => new MlBucket(newStack(), 'Data', { bucketName }))
      .toThrow(/MlBucket at 'Stack\/Data': invalid prop\n {2}- bucketName = .*: must be 3-63 characters of lowercase letters/);
  });

  test('a valid bucketName is used as the physical name', () => {
    const { props: resource } = synth({ bucketName: 'acme-ml-data.eu-1' });
    expect(resource.Properties.BucketName).toBe('acme-ml-data.eu-1');
  });

  test.each([
    ['noncurrentVersionsToRetain 101', { noncurrentVersionsToRetain: 101 }, /noncurrentVersionsToRetain = 101: must be an integer from 0 to 100/],
    ['noncurrentVersionsToRetain -1', { noncurrentVersionsToRetain: -1 }, /noncurrentVersionsToRetain = -1/],
    ['noncurrentVersionExpiration 0 days', { noncurrentVersionExpiration: Duration.days(0) }, /noncurrentVersionExpiration \(days\) = 0: must be an integer from 1 to 36500/],
  ])('%s is rejected', (_label, props, message) => {
    expect(() => new MlBucket(newStack(), 'Data', props)).toThrow(message);
  });
});
