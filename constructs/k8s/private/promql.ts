import { Duration } from 'cdk8s';

/** PromQL text helpers shared by the k8s monitoring, canary and autoscaling constructs (internal). */

/**
 * A PromQL regex matching the pod names of a Deployment or Rollout called `workloadName`
 * (`<name>-<template hash>-<5 random>`), anchored as PromQL regexes are: other workloads whose names
 * start the same way (e.g. `<name>-train-...` Job pods) do not match.
 */
export function workloadPodPattern(workloadName: string): string {
  return `${escapeLabelValue(workloadName)}-[a-z0-9]+-[a-z0-9]{5}`;
}

/**
 * `Duration.minutes(2)` → `2m`, `Duration.seconds(90)` → `90s`, `Duration.days(1)` → `24h`: a duration
 * PromQL, Prometheus rules, Argo Rollouts and Go (`time.ParseDuration`, Karpenter) all read.
 */
export function promDuration(d: Duration): string {
  const seconds = Math.max(1, Math.round(d.toSeconds({ integral: false })));
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** A PromQL string literal body: backslashes and double quotes escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
