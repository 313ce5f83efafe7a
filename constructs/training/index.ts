export * from './hyperparameter';
export * from './metric-definitions';
export * from './training-input';
export * from './training-job-base';
export * from './training-job';
