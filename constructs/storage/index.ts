export * from './ml-bucket-base';
export * from './ml-bucket';
