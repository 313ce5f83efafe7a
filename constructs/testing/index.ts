export * from './mlops-testing';
