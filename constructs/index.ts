// The public API of the cdk-mlops constructs, one concern per folder.
export * from './core';
export * from './storage';
export * from './training';
export * from './serving';
export * from './monitoring';
export * from './k8s';
