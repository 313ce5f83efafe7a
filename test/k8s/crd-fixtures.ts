/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized manifests are untyped JSON */
import { Chart, Testing } from 'cdk8s';
import { MlInstanceType } from '../../constructs/core/instance-type';
import { KubeModelServing, KubeModelServingProps } from '../../constructs/k8s';
import { validateK8sManifests } from './validate-manifests';
import { isCustomResource, validateCrdManifests } from './validate-crds';

export const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:1.0.0';

/** A chart in namespace `ml-serving` with a model server (`digits`, CPU by default). */
export function servingChart(props: Partial<KubeModelServingProps> = {}): { chart: Chart; serving: KubeModelServing } {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'ml-serving' });
  const serving = new KubeModelServing(chart, 'Serving', { name: 'digits', image: IMAGE, instanceType: MlInstanceType.M5_LARGE, ...props });
  return { chart, serving };
}

/** Synthesizes the chart and validates every object: core kinds with kubernetes-models, CRDs strictly. */
export function synthValid(chart: Chart): any[] {
  const objects: any[] = Testing.synth(chart);
  validateK8sManifests(objects.filter((o) => !isCustomResource(o)));
  validateCrdManifests(objects.filter(isCustomResource));
  return objects;
}

/** The one object of `kind` (fails when there is not exactly one). */
export function only(objects: any[], kind: string): any {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** The message of the error `fn` throws (fails when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to reject its props');
}
