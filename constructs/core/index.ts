export * from './instance-type';
export * from './instance-usage';
export * from './container-image';
export * from './validation';
