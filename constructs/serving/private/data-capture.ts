import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { isUnresolved, PropsCheck } from '../../core';
import { acknowledgeWildcards, S3_BUCKET_ARN_PATTERN } from '../../core/private/iam-wildcards';
import { EndpointDataCapture } from '../endpoint-data-capture';
import { DATA_CAPTURE_KMS_ACTIONS } from './perms';

/** How an endpoint's data capture is checked, rendered and granted (internal; the options are `EndpointDataCapture`). */

/** Default key prefix of captured traffic. */
export const DEFAULT_CAPTURE_PREFIX = 'data-capture';

const PREFIX = /^[a-zA-Z0-9!_.*'()\-]+(\/[a-zA-Z0-9!_.*'()\-]+)*$/;
const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9.])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.+])*$/;

/** The prefix the capture writes under, without slashes at either end. */
export function capturePrefix(capture: EndpointDataCapture): string {
  return capture.prefix ?? DEFAULT_CAPTURE_PREFIX;
}

/** `s3://bucket/prefix`: where the endpoint writes, and what a monitoring job reads. */
export function captureS3Uri(capture: EndpointDataCapture): string {
  return `s3://${capture.bucket.bucketName}/${capturePrefix(capture)}`;
}

/** Records every rule the capture options break (serverless variants cannot capture). */
export function checkDataCapture(check: PropsCheck, capture: EndpointDataCapture, serverlessVariants: string[]): void {
  check.integerInRange('dataCapture.samplingPercentage', capture.samplingPercentage, 1, 100);
  check.matches('dataCapture.prefix', capture.prefix, PREFIX,
    'must be an S3 key prefix of letters, digits and !_.*\'()- in /-separated parts, without a leading or trailing /');
  if (capture.captureRequests === false && capture.captureResponses === false) {
    check.fail('dataCapture.captureRequests/captureResponses', 'false/false', 'at least one of requests and responses must be captured');
  }
  for (const [prop, types] of [['csvContentTypes', capture.csvContentTypes], ['jsonContentTypes', capture.jsonContentTypes]] as const) {
    if (types === undefined) continue;
    check.require(types.length >= 1 && types.length <= 10, `dataCapture.${prop}`, types, 'must hold 1 to 10 content types');
    types.forEach((t, i) => check.matches(`dataCapture.${prop}[${i}]`, t, CONTENT_TYPE, 'must be a media type like text/csv (no parameters)'));
  }
  if (serverlessVariants.length > 0) {
    check.fail('dataCapture', serverlessVariants.join(', '), 'serverless variants do not support data capture: use instance variants');
  }
}

/** The `DataCaptureConfig` of an endpoint configuration. */
export function renderDataCaptureConfig(capture: EndpointDataCapture): sagemaker.CfnEndpointConfig.DataCaptureConfigProperty {
  const options: sagemaker.CfnEndpointConfig.CaptureOptionProperty[] = [];
  if (capture.captureRequests !== false) options.push({ captureMode: 'Input' });
  if (capture.captureResponses !== false) options.push({ captureMode: 'Output' });
  return {
    enableCapture: true,
    initialSamplingPercentage: capture.samplingPercentage ?? 100,
    destinationS3Uri: captureS3Uri(capture),
    kmsKeyId: capture.encryptionKey?.keyArn,
    captureOptions: options,
    captureContentTypeHeader: {
      csvContentTypes: capture.csvContentTypes ?? ['text/csv'],
      jsonContentTypes: capture.jsonContentTypes ?? ['application/json'],
    },
  };
}

/**
 * SageMaker writes captured traffic with the model's execution role: each role may put objects under
 * the prefix (nothing else in the bucket) and encrypt with the capture key.
 */
export function grantDataCaptureWrite(capture: EndpointDataCapture, grantee: iam.IGrantable): void {
  capture.bucket.grantPut(grantee, `${captureKeyPattern(capture)}`);
  capture.encryptionKey?.grant(grantee, ...DATA_CAPTURE_KMS_ACTIONS);
  if (Construct.isConstruct(grantee.grantPrincipal)) acknowledgeWildcards(grantee.grantPrincipal, captureWildcardReasons(capture));
}

/** The wildcards the capture grant adds to a model role (only those of its own prefix), and why. */
function captureWildcardReasons(capture: EndpointDataCapture) {
  const prefix = capturePrefix(capture).replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    { pattern: new RegExp(`^Resource::${S3_BUCKET_ARN_PATTERN}\\/${prefix}\\/\\*$`), reason: 'Data capture: SageMaker writes the captured '
      + 'requests under the capture prefix (<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/<file>), names the model cannot know ahead.' },
    { pattern: /^Action::(s3:Abort\*|kms:GenerateDataKey\*)$/, reason: 'Data capture (and any other put grant of this role): the put action '
      + 'group aws-cdk-lib grants for a key prefix (aborting its own multipart uploads) and data keys of the key encrypting them.' },
  ];
}

/** Lets `grantee` (a monitoring job's role) read the captured objects. */
export function grantDataCaptureRead(capture: EndpointDataCapture, grantee: iam.IGrantable): void {
  capture.bucket.grantRead(grantee, captureKeyPattern(capture));
  capture.encryptionKey?.grantDecrypt(grantee);
}

function captureKeyPattern(capture: EndpointDataCapture): string {
  const prefix = capturePrefix(capture);
  return isUnresolved(prefix) ? `${prefix}/*` : `${prefix.replace(/\/+$/, '')}/*`;
}
