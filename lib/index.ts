export * from './ml-model-definition';
export * from './ml-platform-stack';
export * from './model-serving-chart';
export * from './ml-storage';
