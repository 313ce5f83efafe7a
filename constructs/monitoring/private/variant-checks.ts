import { PropsCheck } from '../../core';
import { IEndpointVariant } from '../../serving';

/**
 * `value` is an endpoint variant (what `findInstanceVariant`, `findServerlessVariant` or `findVariant` return):
 * a plain-JavaScript caller's `{ variantName }` or `undefined` is reported instead of failing later with a TypeError.
 */
export function checkEndpointVariant(check: PropsCheck, prop: string, value: unknown): value is IEndpointVariant {
  const v = value as Partial<IEndpointVariant> | null | undefined;
  const ok = v !== null && typeof v === 'object' && typeof v.variantName === 'string'
    && v.endpoint !== null && typeof v.endpoint === 'object' && typeof v.metricInvocations === 'function';
  return check.require(ok, prop, value, 'must be an endpoint variant (endpoint.findInstanceVariant(name), findServerlessVariant or findVariant)');
}
