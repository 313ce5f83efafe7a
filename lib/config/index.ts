// The config file's public API; everything else in lib/config is internal.
export { MlopsConfig, MlopsConfigReport, MlopsEnvironment, PlatformTarget } from './mlops-config';
export { MlopsConfigProblem } from './config-problem';
