import { Size } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MlInstanceType } from '../../constructs/core';
import { SageMakerEndpoint } from '../../constructs/serving';
import { EndpointDataCapture } from '../../constructs/serving/endpoint-data-capture';
import { captureS3Uri } from '../../constructs/serving/private/data-capture';
import { newModel, newStack } from './fixtures';

/** An endpoint with one m5 variant and the given capture options (a bucket is created when none is given). */
function captured(options: Partial<EndpointDataCapture> = {}, serverless = false) {
  const stack = newStack();
  const bucket = new s3.Bucket(stack, 'Capture');
  const model = newModel(stack, 'Model', serverless ? { networkIsolation: false } : {});
  const variant = serverless
    ? { variantName: 'AllTraffic', model, serverless: { memorySize: Size.mebibytes(2048), maxConcurrency: 5 } }
    : { variantName: 'AllTraffic', model, instanceType: MlInstanceType.M5_LARGE };
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', { variants: [variant], dataCapture: { bucket, ...options } });
  return { stack, bucket, model, endpoint, template: () => Template.fromStack(stack) };
}

describe('EndpointDataCapture', () => {
  test('defaults: all requests and responses, JSON and CSV as text, under data-capture/', () => {
    // GIVEN / WHEN
    const { stack, bucket, template, endpoint } = captured();
    // THEN
    template().hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 100,
        DestinationS3Uri: { 'Fn::Join': ['', ['s3://', { Ref: stack.getLogicalId(bucket.node.defaultChild as never) }, '/data-capture']] },
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json'] },
        KmsKeyId: Match.absent(),
      },
    });
    expect(endpoint.dataCapture?.bucket).toBe(bucket);
    expect(stack.resolve(captureS3Uri(endpoint.dataCapture!))).toEqual(
      { 'Fn::Join': ['', ['s3://', { Ref: stack.getLogicalId(bucket.node.defaultChild as never) }, '/data-capture']] });
  });

  test('sampling, prefix, requests only, content types and KMS key are rendered', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'CaptureKey');
    const bucket = new s3.Bucket(stack, 'Capture');
    new SageMakerEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'AllTraffic', model: newModel(stack), instanceType: MlInstanceType.M5_LARGE }],
      dataCapture: {
        bucket, prefix: 'capture/digits', samplingPercentage: 20, encryptionKey: key, captureResponses: false,
        csvContentTypes: ['text/csv', 'application/x-csv'], jsonContentTypes: ['application/jsonlines'],
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: Match.objectLike({
        InitialSamplingPercentage: 20,
        DestinationS3Uri: { 'Fn::Join': ['', ['s3://', { Ref: Match.anyValue() }, '/capture/digits']] },
        KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] },
        CaptureOptions: [{ CaptureMode: 'Input' }],
        CaptureContentTypeHeader: { CsvContentTypes: ['text/csv', 'application/x-csv'], JsonContentTypes: ['application/jsonlines'] },
      }),
    });
  });

  test('the model role may put objects under the prefix only, and encrypt with the capture key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'CaptureKey');
    const bucket = new s3.Bucket(stack, 'Capture');
    const model = newModel(stack);
    new SageMakerEndpoint(stack, 'Endpoint', {
      variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.M5_LARGE }],
      dataCapture: { bucket, prefix: 'capture/digits', encryptionKey: key },
    });
    const t = Template.fromStack(stack);
    const roleId = stack.getLogicalId(model.role!.node.defaultChild as never);
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as never);
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['s3:PutObject']),
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/capture/digits/*']] },
          }),
          Match.objectLike({ Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'] }),
        ]),
      },
    });
    // No object outside the prefix is writable by the model.
    const policies = t.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    const putResources = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Action: string | string[] }) => [s.Action].flat().includes('s3:PutObject'))
      .map((s: { Resource: unknown }) => JSON.stringify(s.Resource));
    expect(putResources).toHaveLength(1);
    expect(putResources[0]).toContain('/capture/digits/*');
  });

  test.each([
    [{ samplingPercentage: 0 }, 'dataCapture.samplingPercentage = 0: must be an integer from 1 to 100'],
    [{ samplingPercentage: 12.5 }, 'dataCapture.samplingPercentage = 12.5'],
    [{ prefix: '/capture/' }, 'dataCapture.prefix = "/capture/": must be an S3 key prefix'],
    [{ captureRequests: false, captureResponses: false }, 'at least one of requests and responses must be captured'],
    [{ jsonContentTypes: [] }, 'dataCapture.jsonContentTypes = [0 items]: must hold 1 to 10 content types'],
    [{ csvContentTypes: ['text/csv; charset=utf-8'] }, 'dataCapture.csvContentTypes[0] = "text/csv; charset=utf-8": must be a media type'],
  ])('bad capture options %j are one clear error', (options, message) => {
    expect(() => captured(options)).toThrow(message);
    expect(() => captured(options)).toThrow("SageMakerEndpoint at 'Stack/Endpoint'");
  });

  test('serverless variants cannot capture', () => {
    expect(() => captured({}, true)).toThrow('dataCapture = "AllTraffic": serverless variants do not support data capture');
  });

  test('without the option nothing is captured and no capture grant exists', () => {
    const stack = newStack();
    new SageMakerEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'AllTraffic', model: newModel(stack), instanceType: MlInstanceType.M5_LARGE }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { DataCaptureConfig: Match.absent() });
  });
});
