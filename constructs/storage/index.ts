export * from './ml-bucket';
