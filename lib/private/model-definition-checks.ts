/**
 * The checks of one MlModelDefinition, named by the definition's own props (`models[0].minCapacity`), shared
 * by MlPlatformStack (SageMaker) and ModelServingChart (Kubernetes): both report every problem of every model
 * at once, before any nested construct could report it under its own name (`variants[0].initialInstanceCount`,
 * `maxReplicas`). One place for each rule; the nested constructs keep theirs for direct users.
 */
import { InstanceUsage, isUnresolved, PropsCheck } from '../../constructs/core';
import { checkInstanceType } from '../../constructs/core/private/instance-type-checks';
import { checkPresent, checkString } from '../../constructs/core/private/prop-checks';
import { defaultMaxCapacity, DEFAULT_MIN_CAPACITY } from '../../constructs/core/private/model-defaults';
import { MlModelDefinition } from '../ml-model-definition';
import { MODEL_NAME_ALLOWED, MODEL_NAME_PATTERN } from './model-name';

/** SageMaker's and our scaling bound: instances per variant / replicas per model. */
const MAX_CAPACITY = 1000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Records every problem of `definition` under `prop` (e.g. `models[2]` or `model`). */
export function checkModelDefinition(check: PropsCheck, prop: string, definition: MlModelDefinition): void {
  if (!checkPresent(check, prop, definition, 'must be an MlModelDefinition')) return;
  if (checkString(check, `${prop}.name`, definition.name, MODEL_NAME_ALLOWED)) {
    check.require(MODEL_NAME_PATTERN.test(definition.name), `${prop}.name`, definition.name, MODEL_NAME_ALLOWED);
  }
  checkPresent(check, `${prop}.image`, definition.image, 'must be a ContainerImage, e.g. ContainerImage.fromEcrRepository(repo, tag)');
  if (checkPresent(check, `${prop}.instanceType`, definition.instanceType, 'must be an MlInstanceType, e.g. MlInstanceType.G5_XLARGE')) {
    checkInstanceType(check, `${prop}.instanceType`, definition.instanceType, InstanceUsage.HOSTING);
  }

  check.integerInRange(`${prop}.minCapacity`, definition.minCapacity, 1, MAX_CAPACITY);
  check.integerInRange(`${prop}.maxCapacity`, definition.maxCapacity, 1, MAX_CAPACITY);
  const min = definition.minCapacity ?? DEFAULT_MIN_CAPACITY;
  if (isUnresolved(min) && definition.maxCapacity === undefined) {
    // The default maxCapacity is derived from minCapacity (max(min, 4)): a token cannot be compared at synth time.
    check.fail(`${prop}.maxCapacity`, undefined, 'must be given when minCapacity is a token: its default is computed from minCapacity');
  } else if (!isUnresolved(min) && Number.isInteger(min)) {
    const max = definition.maxCapacity ?? defaultMaxCapacity(min);
    if (!isUnresolved(max) && Number.isInteger(max)) {
      check.require(max >= min, `${prop}.maxCapacity`, max, `must be at least minCapacity (${min})`);
    }
  }
  check.numberInRange(`${prop}.invocationsPerInstance`, definition.invocationsPerInstance, 1, 1_000_000);
  check.numberInRange(`${prop}.gpuUtilizationPercent`, definition.gpuUtilizationPercent, 1, 100);
  check.numberInRange(`${prop}.kubernetesCpuUtilizationPercent`, definition.kubernetesCpuUtilizationPercent, 1, 100);
  check.numberInRange(`${prop}.p99LatencyThresholdMs`, definition.p99LatencyThresholdMs, 1, 3_600_000);
  checkEnvironment(check, `${prop}.environment`, definition.environment);

  const training = definition.training;
  if (training) {
    if (checkPresent(check, `${prop}.training.instanceType`, training.instanceType, 'must be an MlInstanceType, e.g. MlInstanceType.G5_2XLARGE')) {
      checkInstanceType(check, `${prop}.training.instanceType`, training.instanceType, InstanceUsage.TRAINING);
    }
    check.integerInRange(`${prop}.training.instanceCount`, training.instanceCount, 1, 1000);
    checkEnvironment(check, `${prop}.training.environment`, training.environment);
  }
}

/** Names both targets accept; values SageMaker accepts (1024 characters for models, 512 for training). */
function checkEnvironment(check: PropsCheck, prop: string, env: { [name: string]: string } | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    check.require(ENV_NAME.test(name) && name.length <= 512, `${prop}.${name}`, name,
      'names are letters, digits and "_", not starting with a digit, at most 512 characters (what SageMaker and Kubernetes both accept)');
    if (checkString(check, `${prop}.${name}`, value, 'values are strings (quote numbers: "1")') && !isUnresolved(value)) {
      check.require(value.length <= 512, `${prop}.${name}`, `${value.slice(0, 40)}… (${value.length} characters)`, 'values are at most 512 characters (SageMaker limit)');
    }
  }
}
