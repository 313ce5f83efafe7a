export * from './model-data';
export * from './sagemaker-model';
export * from './endpoint-variant';
export * from './endpoint-variant-ref';
export * from './sagemaker-endpoint-base';
export * from './sagemaker-endpoint';
export * from './variant-autoscaling';
export * from './deployment-policy';
export { EndpointDataCapture } from './data-capture';
