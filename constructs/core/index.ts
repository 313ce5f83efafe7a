export * from './instance-type';
export * from './instance-type-checks';
export * from './container-image';
export * from './validation';
export * from './rule-acknowledgments';
