import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { MlBucket, MlBucketPurpose } from '../../constructs/storage';
import { SageMakerTrainingJobProps, TrainingInput } from '../../constructs/training';
import { appWithCdkJsonContext } from '../app-context';

export const ENV = { account: '123456789012', region: 'us-east-1' };

/** A stack with a data bucket, a model bucket and an ECR image: what a training job needs. */
export function trainingStack(app: App = new App()) {
  const stack = new Stack(app, 'Stack', { env: ENV });
  const data = new MlBucket(stack, 'Data', { purpose: MlBucketPurpose.DATA });
  const models = new MlBucket(stack, 'Models', { purpose: MlBucketPurpose.MODELS });
  const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'mnist-trainer');
  const baseProps: SageMakerTrainingJobProps = {
    image: ContainerImage.fromEcrRepository(repository, '1.0'),
    instanceType: MlInstanceType.M5_XLARGE,
    inputChannels: {
      train: TrainingInput.fromMlBucket(data, 'mnist/train/'),
      validation: TrainingInput.fromMlBucket(data, 'mnist/validation/'),
    },
    outputBucket: models.bucket,
  };
  return { app, stack, data, models, repository, baseProps };
}

/** Same, in an app with cdk.json's feature flags (what `cdk synth` uses). */
export function trainingStackWithCdkJsonContext() {
  return trainingStack(appWithCdkJsonContext());
}

/** Loosely typed CloudFormation JSON, for reading templates in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Cfn = Record<string, any>;
type TemplateLike = { findResources(type: string): Record<string, Cfn> };

/** Flattens a CloudFormation value to a string, references as `<Ref>` / `<Logical.Attr>`. */
export function flatten(node: unknown): string {
  if (typeof node === 'string') return node;
  const o = node as Cfn;
  if (o['Fn::Join']) {
    const [delimiter, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (o.Ref) return `<${o.Ref}>`;
  if (o['Fn::GetAtt']) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(node);
}

/** The properties of a training-job custom resource, with its CreateTrainingJob request parsed. */
export function jobResource(template: TemplateLike, index = 0) {
  const [logicalId, resource] = Object.entries(template.findResources('Custom::SageMakerTrainingJob'))[index];
  const properties = resource.Properties;
  const request: Cfn = JSON.parse(flatten(properties.TrainingJobRequest));
  return { logicalId, resource, name: properties.TrainingJobName as string, request, wait: properties.WaitForCompletion as string };
}

/** Every statement of every IAM policy attached to the role whose logical id starts with `rolePrefix`. */
export function statementsOfRole(template: TemplateLike, rolePrefix: string): Cfn[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as Cfn[]).some((r) => String(r.Ref).startsWith(rolePrefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Cfn[]);
}

/** A statement's resources as flat strings. */
export function resourcesOf(statement: Cfn): string[] {
  return (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]).map(flatten);
}

/** A statement's actions as an array. */
export function actionsOf(statement: Cfn): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The statements granting `action`. */
export function grantsOf(statements: Cfn[], action: string): Cfn[] {
  return statements.filter((s) => actionsOf(s).includes(action));
}
