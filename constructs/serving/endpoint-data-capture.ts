import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What an endpoint records of its traffic for Model Monitor: a sample of requests and/or responses,
 * written by SageMaker as JSON Lines to `s3://<bucket>/<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/`.
 */
export interface EndpointDataCapture {
  /** Bucket the captured records are written to. */
  readonly bucket: s3.IBucket;
  /** Key prefix inside the bucket (no leading or trailing '/'). @default 'data-capture' */
  readonly prefix?: string;
  /** Percentage of requests captured (integer 1–100). @default 100 */
  readonly samplingPercentage?: number;
  /**
   * Key SageMaker encrypts the captured objects with (the models' roles may encrypt with it).
   * @default - the bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;
  /** Record request bodies (what the data-quality monitor reads). @default true */
  readonly captureRequests?: boolean;
  /** Record response bodies (what a model-quality monitor joins with ground truth). @default true */
  readonly captureResponses?: boolean;
  /**
   * Content types recorded as CSV text (the others are base64-encoded), at most 10.
   * @default ['text/csv'] (what the reference container accepts)
   */
  readonly csvContentTypes?: string[];
  /**
   * Content types recorded as JSON text, at most 10.
   * @default ['application/json'] (what the reference container accepts and returns)
   */
  readonly jsonContentTypes?: string[];
}
