// The public API of constructs/training. Helpers shared with the handler (protocol, naming, grants,
// provider) stay internal.
export { Hyperparameter } from './hyperparameter';
export type { MetricDefinition } from './metric-definitions';
export { S3DataDistribution, TrainingFileSystemType, TrainingInput, TrainingInputCompression, TrainingInputMode } from './training-input';
export type {
  FileSystemTrainingInputOptions, TrainingFileSystemDataSource, TrainingInputBindOptions, TrainingInputConfig, TrainingInputOptions,
  TrainingS3DataSource,
} from './training-input';
export { TrainingJobBase } from './training-job-base';
export type { ITrainingJob, TrainingJobAttributes } from './training-job-base';
export { SageMakerTrainingJob } from './training-job';
export type { SageMakerTrainingJobProps, TrainingQualityGate } from './training-job';
export type { SpotTrainingOptions, TrainingJobSpec } from './training-job-spec';
