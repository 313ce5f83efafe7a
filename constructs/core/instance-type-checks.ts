import { MlInstanceType } from './instance-type';
import { PropsCheck } from './validation';

/** What a construct wants to do on an instance type. */
export enum InstanceUsage {
  /** A SageMaker training job. */
  TRAINING = 'training',
  /** A SageMaker real-time endpoint. */
  HOSTING = 'hosting',
}

/**
 * Shared instance-type rules, for SageMaker and Kubernetes alike: a malformed name is an error, a
 * well-formed name the catalog does not know only a warning (AWS adds types often), and with a `usage`
 * a type SageMaker does not offer for it is an error (Kubernetes passes none: any node runs anything).
 */
export function checkInstanceType(check: PropsCheck, prop: string, type: MlInstanceType | undefined, usage?: InstanceUsage): void {
  if (!type) return;
  if (!type.isWellFormed) {
    check.fail(prop, type.name, 'must be a SageMaker instance type named ml.<family>.<size>, e.g. ml.g5.xlarge (see MlInstanceType)');
    return;
  }
  if (!type.isKnown) {
    check.warn('unknown-instance-type',
      `${prop} '${type.name}' is not in the cdk-mlops catalog: its vCPUs, memory and accelerators (GPU alarms, `
      + 'Kubernetes requests and placement) cannot be derived. Use MlInstanceType.custom() to describe it, '
      + 'or on Kubernetes set resources explicitly.');
    return;
  }
  if (usage === InstanceUsage.TRAINING && !type.supportsTraining) {
    check.fail(prop, type.name, 'SageMaker does not offer this type for training; choose a type with supportsTraining (e.g. ml.g5.2xlarge, ml.trn1.2xlarge)');
  }
  if (usage === InstanceUsage.HOSTING && !type.supportsHosting) {
    check.fail(prop, type.name, 'SageMaker does not offer this type for hosting; choose a type with supportsHosting (e.g. ml.g5.xlarge, ml.inf2.xlarge)');
  }
}
