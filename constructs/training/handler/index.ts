/**
 * Lambda entry points of the SageMakerTrainingJob custom resource (CDK Provider framework).
 * Bundled by scripts/bundle-handlers.mjs into ./dist/index.js together with the AWS SDK.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as handler from './training-job-handler';
import { IsCompleteResponse, OnEventResponse, TrainingJobEvent } from './types';

let deps: handler.HandlerDeps | undefined;

/**
 * One client per Lambda container. The SDK's own retries are off: withRetry owns backoff. Socket-level
 * timeouts here, and a per-attempt AbortSignal in the handler, so no call can hang until the Lambda dies.
 */
function getDeps(): handler.HandlerDeps {
  deps ??= {
    client: new SageMakerClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 3_000, requestTimeout: handler.CALL_TIMEOUT_MS } }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    log: (message) => console.log(message),
  };
  return deps;
}

export async function onEvent(event: TrainingJobEvent): Promise<OnEventResponse> {
  console.log(JSON.stringify({ RequestType: event.RequestType, PhysicalResourceId: event.PhysicalResourceId }));
  return handler.onEvent(event, getDeps());
}

export async function isComplete(event: TrainingJobEvent): Promise<IsCompleteResponse> {
  return handler.isComplete(event, getDeps());
}
