// The public API of constructs/pipeline (jsii-compatible names only; helpers are imported by path).
export { EvaluationVerdict, PipelineOutcome, PipelineStateNames, PipelineStatePaths, PipelineTrigger } from './pipeline-states';
export type { PipelineExecutionInput } from './pipeline-states';
export { ApprovalMode } from './pipeline-options';
export type { PipelineDeployment, PipelineGate, TrainingPipelineProps } from './pipeline-options';
export { TrainingPipeline } from './training-pipeline';
export type { NewDataTriggerOptions } from './training-pipeline';
export { StopTrainingOnAbort } from './stop-training-on-abort';
export type { StopTrainingOnAbortProps } from './stop-training-on-abort';
