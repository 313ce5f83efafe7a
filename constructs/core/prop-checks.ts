/**
 * Prop checks shared by every construct beyond PropsCheck's basics: tokens in values used in arithmetic,
 * whole-unit durations and sizes, and values a plain-JavaScript caller may leave out or mistype. Each records
 * problems on the PropsCheck (all are reported at once, named by prop); none throws.
 */
import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import { isUnresolved, PropsCheck } from './validation';

/** Units {@link checkWholeDuration} converts to. */
export enum DurationUnit {
  MILLISECONDS = 'milliseconds',
  SECONDS = 'seconds',
  MINUTES = 'minutes',
}

/**
 * A value used in arithmetic at synth time (scaled by a vCPU count, converted between units) must be a
 * literal: CloudFormation has no multiplication, and a token number multiplied in JavaScript becomes a
 * garbage literal (a CfnParameter's number times 4 renders as -7.55e+289). True when usable.
 */
export function checkLiteral(check: PropsCheck, prop: string, value: number | string | undefined, why: string): boolean {
  if (value === undefined || !isUnresolved(value)) return true;
  check.fail(prop, '(a token)', `must be a literal value, not a token (CfnParameter, reference): ${why}`);
  return false;
}

function toUnit(d: Duration, unit: DurationUnit): number {
  switch (unit) {
    case DurationUnit.MILLISECONDS: return d.toMilliseconds({ integral: true });
    case DurationUnit.SECONDS: return d.toSeconds({ integral: true });
    default: return d.toMinutes({ integral: true });
  }
}

/**
 * An optional Duration that must be a whole number of `unit` in [min, max]: a prop-named error instead of
 * aws-cdk-lib's deep "cannot be converted into a whole number" one. A token Duration passes when made in
 * `unit` (nothing to convert), else it is rejected (aws-cdk-lib cannot convert tokens). Returns the amount.
 */
export function checkWholeDuration(check: PropsCheck, prop: string, value: Duration | undefined, unit: DurationUnit,
  min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Duration)) {
    check.fail(prop, value, `must be a Duration, e.g. Duration.${unit}(${Math.max(min, 1)})`);
    return undefined;
  }
  let amount: number;
  try {
    amount = toUnit(value, unit);
  } catch {
    check.fail(prop, value.isUnresolved() ? '(a token)' : value.toHumanString(), value.isUnresolved()
      ? `a token Duration must be made in ${unit} (Duration.${unit}(token)): it cannot be converted at synth time`
      : `must be a whole number of ${unit} from ${min} to ${max}`);
    return undefined;
  }
  if (value.isUnresolved()) return undefined;
  check.require(Number.isInteger(amount) && amount >= min && amount <= max, prop, value.toHumanString(),
    `must be a whole number of ${unit} from ${min} to ${max}`);
  return amount;
}

/** An optional Size that must be a whole number of GiB in [min, max] (zero-sized disks are refused). Returns GiB. */
export function checkWholeGibibytes(check: PropsCheck, prop: string, value: Size | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Size)) {
    check.fail(prop, value, `must be a Size, e.g. Size.gibibytes(${Math.max(min, 1)})`);
    return undefined;
  }
  if (value.isUnresolved()) return undefined;
  let gib: number | undefined;
  try {
    gib = value.toGibibytes({ rounding: SizeRoundingBehavior.FAIL });
  } catch {
    gib = undefined;
  }
  check.require(gib !== undefined && Number.isInteger(gib) && gib >= min && gib <= max, prop, value.toString(),
    `must be a whole number of GiB from ${min} to ${max}`);
  return gib;
}

/** A required object prop a plain-JavaScript caller may have left out (instead of a TypeError later). */
export function checkPresent(check: PropsCheck, prop: string, value: unknown, allowed: string): boolean {
  return check.require(value !== undefined && value !== null, prop, value, allowed);
}

/** A string prop a plain-JavaScript caller may have given as another type (a raw number, say). */
export function checkString(check: PropsCheck, prop: string, value: unknown, allowed: string): value is string {
  return check.require(typeof value === 'string', prop, value, allowed);
}
