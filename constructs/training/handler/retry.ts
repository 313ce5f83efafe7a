/** Retries of transient SageMaker API errors with exponential backoff and jitter. */

/** Injected so tests run without real waiting and with deterministic jitter. */
export interface RetryDeps {
  /** Waits `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), like Math.random. */
  readonly random: () => number;
  /** Where retry notices go. */
  readonly log?: (message: string) => void;
}

/** Attempts in total (1 + 5 retries); worst case ~31 s of waiting, well inside the Lambda timeout. */
export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 16000;

const RETRYABLE_NAMES = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded',
  'ServiceUnavailable', 'ServiceUnavailableException', 'InternalFailure', 'InternalServerError',
  'RequestTimeout', 'RequestTimeoutException', 'TimeoutError',
  // Our own per-attempt AbortSignal.timeout fired (a hung connection or response).
  'AbortError',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

interface ErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/** Throttling, 5xx, network failures, timeouts and unreadable responses are worth another try; validation and access errors are not. */
export function isRetryable(error: unknown): boolean {
  const e = (error ?? {}) as ErrorShape;
  if (isMalformedResponse(e)) return true;
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code && RETRYABLE_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return e.$retryable !== undefined && e.$retryable !== null;
}

/**
 * The SDK could not read the answer (a proxy's HTML page, a truncated body): it attaches the raw
 * `$response` and says "Deserialization error"; whether the call took effect is unknown, and every call
 * this handler makes is safe to repeat (a repeated create finds its own job: ResourceInUse is adopted).
 */
function isMalformedResponse(e: ErrorShape & { message?: string }): boolean {
  return e.name === 'SyntaxError' || /Deserialization error/i.test(e.message ?? '');
}

/** What a poll may shrug off and try at the next interval: everything withRetry would have retried. */
export function isTransient(error: unknown): boolean {
  return isRetryable(error);
}

/** Delay before retry number `attempt` (1-based): half fixed, half random ("equal jitter"), capped. */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Runs `operation`, retrying transient failures; rethrows the last error. */
export async function withRetry<T>(label: string, operation: () => Promise<T>, deps: RetryDeps): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      const delay = backoffDelay(attempt, deps.random);
      deps.log?.(`${label}: ${(error as Error).name ?? 'error'} (${(error as Error).message}); retry ${attempt} in ${delay} ms`);
      await deps.sleep(delay);
    }
  }
}
