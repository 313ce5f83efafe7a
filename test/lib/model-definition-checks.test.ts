/** Issue 10 item 4: compositions report every problem at once, by the definition's own prop names. */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { App as K8sApp } from 'cdk8s';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { MlModelDefinition } from '../../lib/ml-model-definition';
import { MlPlatformStack } from '../../lib/ml-platform-stack';
import { ModelServingChart } from '../../lib/model-serving-chart';

const ENV = { account: '123456789012', region: 'us-east-1' };
const errorOf = (fn: () => unknown): string => {
  try { fn(); } catch (e) { return (e as Error).message; }
  throw new Error('expected an error');
};
let repos = 0;
function model(over: Partial<MlModelDefinition> = {}, stack = new Stack(new App(), 'Images', { env: ENV })): MlModelDefinition {
  return {
    name: 'digits', instanceType: MlInstanceType.C5_XLARGE, kubernetesImage: 'registry.example/digits:1',
    image: ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, `Repo${repos++}`, 'digits'), '1'),
    ...over,
  };
}

test('MlPlatformStack: every bad prop of every model in one error, named models[i].<prop>', () => {
  const message = errorOf(() => new MlPlatformStack(new App(), 'P', {
    env: ENV,
    models: [
      model({ minCapacity: 0, maxCapacity: 1001, gpuUtilizationPercent: 150 }),
      model({ name: 'vision', instanceType: MlInstanceType.of('g5.xlarge'), minCapacity: 5, maxCapacity: 2, environment: { '1BAD': 'x' } }),
    ],
  }));
  expect(message).toContain("MlPlatformStack at 'P'");
  for (const expected of [
    'models[0].minCapacity = 0: must be an integer from 1 to 1000',
    'models[0].maxCapacity = 1001',
    'models[0].gpuUtilizationPercent = 150',
    'models[1].instanceType = "g5.xlarge": must be a SageMaker instance type',
    'models[1].maxCapacity = 2: must be at least minCapacity (5)',
    'models[1].environment.1BAD',
  ]) expect(message).toContain(expected);
  expect(message).not.toMatch(/initialInstanceCount|variants\[|maxReplicas/);
});

test('ModelServingChart: the same rules, named model.<prop>, for the Kubernetes target', () => {
  const message = errorOf(() => new ModelServingChart(new K8sApp(), 'digits', { model: model({ minCapacity: 3, maxCapacity: 1 }) }));
  expect(message).toContain('model.maxCapacity = 1: must be at least minCapacity (3)');
  expect(message).not.toMatch(/maxReplicas|minReplicas/);
});

test('a token minCapacity without maxCapacity is refused (the default max is computed from it), with maxCapacity it passes', () => {
  const stack = new Stack(new App(), 'Images', { env: ENV });
  const min = new CfnParameter(stack, 'Min', { type: 'Number' }).valueAsNumber;
  const app = new App();
  expect(errorOf(() => new MlPlatformStack(app, 'P', { env: ENV, models: [model({ minCapacity: min }, stack)] })))
    .toContain('models[0].maxCapacity = undefined: must be given when minCapacity is a token');
});
