// The config file's public API; the readers, the schema and its generated validator are internal (private/); the
// reference container's facts and the training-metric widgets sit here because the reference app (bin/) uses them.
export { MlopsConfig, MlopsConfigReport, MlopsEnvironment, PlatformTarget } from './mlops-config';
export { MlopsConfigProblem } from './config-problem';
