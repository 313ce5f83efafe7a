export * from './model-package-group';
