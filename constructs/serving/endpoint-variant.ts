import { Size } from 'aws-cdk-lib';
import { MlInstanceType } from '../core';
import { ISageMakerModel } from './sagemaker-model';

/** Serverless hosting of a variant: pay per request, no instances, CPU only. */
export interface ServerlessVariantOptions {
  /** Memory of each serverless worker: 1024, 2048, 3072, 4096, 5120 or 6144 MiB. */
  readonly memorySize: Size;
  /** Concurrent invocations the variant serves (1–200). */
  readonly maxConcurrency: number;
  /** Pre-warmed concurrency (1–`maxConcurrency`) to avoid cold starts. @default - none */
  readonly provisionedConcurrency?: number;
}

/** One production variant of an endpoint: a model on instances (or serverless) with a traffic weight. */
export interface EndpointVariantProps {
  /** The variant's name, unique in the endpoint. */
  readonly variantName: string;
  /** The model it serves. */
  readonly model: ISageMakerModel;
  /**
   * Instance type, from the catalog. Required unless `serverless` is set.
   * @default - none (serverless)
   */
  readonly instanceType?: MlInstanceType;
  /** Instances at creation (1–100; autoscaling takes over afterwards). @default 1 */
  readonly initialInstanceCount?: number;
  /**
   * Relative traffic weight (≥ 0). A weight of 0 is kept as 0 (a shadow-ready variant that takes no
   * traffic); at least one variant of the endpoint must have a weight above 0.
   * @default 1
   */
  readonly initialWeight?: number;
  /** Serverless hosting instead of instances. @default - instance-based */
  readonly serverless?: ServerlessVariantOptions;
  /** Time SageMaker allows to download the model data (60–3600 s). @default - SageMaker's default (up to 3600 s) */
  readonly modelDataDownloadTimeoutSeconds?: number;
  /** Time SageMaker waits for `/ping` to succeed after start (60–3600 s): raise for large GPU models. @default - SageMaker's default */
  readonly containerStartupHealthCheckTimeoutSeconds?: number;
}
