// The public API of the cdk-mlops constructs, one concern per folder. Only jsii-compatible names
// (classes, interfaces, enums) are exported; internal helpers are imported by path.
export {
  AcceleratorKind, AssetImageOptions, ContainerImage, ContainerImageConfig, InstanceUsage, MlInstanceType, MlInstanceTypeSpec,
  MlopsValidationError, PropProblem, PropsCheck,
} from './core';
export * from './storage';
export * from './training';
export * from './serving';
export * from './monitoring';
export * from './registry';
export * from './pipeline';
export * from './k8s';
export * from './testing';
