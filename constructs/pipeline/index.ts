export * from './pipeline-states';
export * from './pipeline-options';
export * from './training-pipeline';
export * from './stop-training-on-abort';
export { EvaluateFunction } from './evaluate-function';
