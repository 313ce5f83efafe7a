export * from './model-latency-p99-alarm';
export * from './error-rate-5xx-alarm';
export * from './cpu-utilization-alarm';
export * from './memory-utilization-alarm';
export * from './disk-utilization-alarm';
export * from './gpu-memory-utilization-alarm';
export * from './serverless-concurrency-alarm';
