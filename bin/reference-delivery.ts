import { App, Stack } from 'aws-cdk-lib';
import { DeliveryPipeline } from '../lib/delivery-pipeline';

/** One environment's stacks, as `buildReferenceApp` built them. */
export interface ReferenceDeployment {
  /** The environment's name in the config file (`default` when it names none). */
  readonly name: string;
  /** Its AWS region. */
  readonly region: string;
  /** Its stacks, in deploy order. */
  readonly stacks: Stack[];
  /** The synth also writes Kubernetes YAML for it (published with its deployment). */
  readonly kubernetes: boolean;
}

/**
 * Stands in for the CodeStar connection until `-c deliveryConnectionArn=<arn>` names the real one (created
 * once in the console): synth works offline, but a pipeline deployed with it cannot fetch the source.
 */
export const PLACEHOLDER_CONNECTION_ARN = 'arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000';

/**
 * The reference platform's delivery pipeline (stack `MlDelivery`, docs/cicd.md): every AWS environment of
 * the config file in the file's order; environments named `prod…` or `production…` wait for a manual approval.
 * `-c deliveryConnectionArn=…`, `-c deliveryRepository=owner/name` and `-c deliveryBranch=…` point it at your repository.
 */
export function buildReferenceDelivery(app: App, deployments: ReferenceDeployment[]): Stack {
  const stack = new Stack(app, 'MlDelivery', {
    // The pipeline lives in the first environment's region (and the deploying account).
    env: { region: deployments[0]?.region ?? 'us-east-1' },
    description: 'cdk-mlops reference platform: CDK pipeline (source, test and synth with cdk-nag, one deploy step per environment)',
  });
  const delivery = new DeliveryPipeline(stack, 'Pipeline', {
    connectionArn: app.node.tryGetContext('deliveryConnectionArn') ?? PLACEHOLDER_CONNECTION_ARN,
    repository: app.node.tryGetContext('deliveryRepository') ?? 'example/cdk-mlops',
    branch: app.node.tryGetContext('deliveryBranch') ?? 'main',
  });
  for (const deployment of deployments) {
    delivery.addEnvironment(deployment.name, deployment.stacks, {
      requireApproval: /^prod/i.test(deployment.name),
      publishKubernetesManifests: deployment.kubernetes,
    });
  }
  return stack;
}
