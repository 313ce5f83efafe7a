import { Token } from 'aws-cdk-lib';
import { AcceleratorKind, MlInstanceType } from '../instance-type';
import { InstanceUsage } from '../instance-usage';
import { PropsCheck } from '../validation';

/**
 * Shared instance-type rules, for SageMaker and Kubernetes alike: a malformed name is an error, a
 * well-formed name the catalog does not know only a warning (AWS adds types often), and with a `usage`
 * a type SageMaker does not offer for it is an error (Kubernetes passes none: any node runs anything).
 */
export function checkInstanceType(check: PropsCheck, prop: string, type: MlInstanceType | undefined, usage?: InstanceUsage): void {
  if (!type) return;
  if (!(type instanceof MlInstanceType)) {
    // A plain-JavaScript caller's 'ml.m5.large' string would fail later with a TypeError.
    check.fail(prop, type, `must be an MlInstanceType, e.g. MlInstanceType.of(${JSON.stringify(String(type))}) or MlInstanceType.M5_LARGE`);
    return;
  }
  if (Token.isUnresolved(type.name)) {
    // A CfnParameter: SageMaker checks it at deploy time; the catalog facts stay unknown.
    check.warn('instance-type-token', `${prop} is a token (e.g. a CfnParameter): its vCPUs, memory and accelerators are `
      + 'unknown at synth time, so nothing derived from them (CPU/GPU alarm thresholds, Kubernetes requests) is rendered.');
    return;
  }
  if (type.isKnown) checkSpec(check, prop, type);
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

/** The facts of a custom type must be sizes a machine can have (negative, NaN or fractional vCPUs cannot). */
function checkSpec(check: PropsCheck, prop: string, type: MlInstanceType): void {
  const spec = type.spec!;
  const where = `${prop} (MlInstanceType.custom('${type.name}'))`;
  check.require(Number.isInteger(spec.vcpus) && spec.vcpus >= 1 && spec.vcpus <= 4096, `${where}.vcpus`, spec.vcpus, 'must be an integer from 1 to 4096');
  check.require(Number.isFinite(spec.memoryGiB) && spec.memoryGiB > 0 && spec.memoryGiB <= 65536, `${where}.memoryGiB`, spec.memoryGiB,
    'must be a number of GiB above 0 and at most 65536');
  const count = spec.acceleratorCount ?? 0;
  check.require(Number.isInteger(count) && count >= 0 && count <= 64, `${where}.acceleratorCount`, count, 'must be an integer from 0 to 64');
  const kind = spec.acceleratorKind ?? AcceleratorKind.NONE;
  check.require((kind === AcceleratorKind.NONE) === (count === 0), `${where}.acceleratorKind`, kind,
    'must be NONE exactly when acceleratorCount is 0 (a GPU type needs a count, a count needs a kind)');
  const accMem = spec.acceleratorMemoryGiB ?? 0;
  check.require(Number.isFinite(accMem) && accMem >= 0, `${where}.acceleratorMemoryGiB`, accMem, 'must be a number of GiB ≥ 0');
}
