// The public API of constructs/registry.
export { ModelPackageGroup, ModelPackageGroupBase } from './model-package-group';
export type { IModelPackageGroup, ModelPackageGroupProps } from './model-package-group';
