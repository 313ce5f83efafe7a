export * from './ml-model-definition';
export * from './ml-platform-stack';
export * from './ml-platform-app';
export * from './delivery-pipeline';
export * from './model-serving-chart';
export * from './ml-storage';
export * from './config';
