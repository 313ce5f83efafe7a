import { PropsCheck } from '../validation';

/**
 * SageMaker's training-container contract limits, shared by `SageMakerTrainingJob` and `KubeTrainingJob`: the same
 * container runs on both, so a channel name or hyperparameter one accepts must be accepted by the other (one place,
 * no twin copies in the two halves).
 */

/** Channel names: 1-64 letters, digits, ".", "-" or "_" (CreateTrainingJob `ChannelName`); the config schema uses it too. */
export const CHANNEL_NAME = /^[A-Za-z0-9.\-_]{1,64}$/;
/** Most hyperparameters per job (CreateTrainingJob `HyperParameters`). */
export const MAX_HYPERPARAMETERS = 100;
/** Longest hyperparameter name. */
export const MAX_HYPERPARAMETER_NAME_LENGTH = 256;
/** Longest hyperparameter value. */
export const MAX_HYPERPARAMETER_VALUE_LENGTH = 2500;

/** A channel name, as `/opt/ml/input/data/<name>` and `SM_CHANNEL_<NAME>` see it. */
export function checkChannelName(check: PropsCheck, prop: string, name: string): void {
  check.require(typeof name === 'string' && CHANNEL_NAME.test(name), prop, name, 'channel names are 1-64 characters of A-Z, a-z, 0-9, ".", "-" or "_"');
}

/** How many hyperparameters a job has. */
export function checkHyperparameterCount(check: PropsCheck, count: number): void {
  check.require(count <= MAX_HYPERPARAMETERS, 'hyperparameters', `${count} entries`, `at most ${MAX_HYPERPARAMETERS} (SageMaker limit)`);
}

/** One hyperparameter's name. */
export function checkHyperparameterName(check: PropsCheck, prop: string, name: string): void {
  check.require(name.length >= 1 && name.length <= MAX_HYPERPARAMETER_NAME_LENGTH, prop, name,
    `names are 1-${MAX_HYPERPARAMETER_NAME_LENGTH} characters`);
}

/** Why a rendered hyperparameter value is unusable, or undefined. */
export function hyperparameterValueProblem(value: string): string | undefined {
  return value.length > MAX_HYPERPARAMETER_VALUE_LENGTH ? `must be at most ${MAX_HYPERPARAMETER_VALUE_LENGTH} characters (SageMaker limit)` : undefined;
}
