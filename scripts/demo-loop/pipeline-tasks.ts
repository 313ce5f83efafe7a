/**
 * Local implementations of the training pipeline's Task states, by state name: each receives the
 * state's effective input (its Parameters, evaluated by aws-local-stepfunctions) and returns what the
 * AWS API would, so the definition's ResultSelectors, Choices and paths run unchanged.
 */
import { compileEvaluateHandler } from '../../constructs/pipeline/private/evaluate-function';
import { PipelineStateNames as N } from '../../constructs/pipeline/pipeline-states';
import type { JsonValue, LocalTask } from '../local-step-functions';
import { LocalEndpoint } from './local-endpoint';
import { LocalModelRegistry } from './local-registry';
import { runBaselineJob } from './local-monitor';
import { LocalS3 } from './local-s3';
import { runTrainingJob } from './local-training';

/** The local stand-ins the tasks talk to. */
export interface LocalWorld {
  readonly s3: LocalS3;
  readonly registry: LocalModelRegistry;
  readonly endpoint: LocalEndpoint;
  /** Scratch space for training jobs. */
  readonly workDir: string;
  /** Hyperparameters replaced for speed. */
  readonly hyperparameterOverrides?: { [name: string]: string };
  /** Messages the pipeline published (subject, message). */
  readonly notifications: Array<{ subject: string; message: string }>;
  readonly log: (line: string) => void;
}

/** The Task-state overrides for one execution. `executionArn` is what ListExecutions reports as running. */
export function pipelineTasks(world: LocalWorld, executionArn: string): Record<string, LocalTask> {
  const evaluate = compileEvaluateHandler();
  const notify: LocalTask = (input: JsonValue) => {
    world.notifications.push({ subject: input.Subject, message: input.Message });
    world.log(`notify: ${input.Subject}: ${input.Message}`);
    return { MessageId: `local-${world.notifications.length}` };
  };
  return {
    // Only this execution runs (the loop starts one at a time), as ListExecutions would report it.
    [N.CHECK_RUNNING]: () => ({ Executions: [{ ExecutionArn: executionArn, Status: 'RUNNING' }] }),
    [N.TRAIN]: (input) => runTrainingJob(input, {
      s3: world.s3, workDir: world.workDir, hyperparameterOverrides: world.hyperparameterOverrides, log: world.log,
    }),
    [N.FIND_CHAMPION]: (input) => world.registry.listModelPackages(input),
    [N.DESCRIBE_CHAMPION]: (input) => world.registry.describeModelPackage(input),
    [N.EVALUATE]: async (input) => {
      // The Lambda function's own source, run here.
      const result = await evaluate(input);
      world.log(`evaluate: ${result.verdict}: ${result.reason}`);
      return result;
    },
    [N.REGISTER]: (input) => {
      const out = world.registry.createModelPackage(input);
      world.log(`register: ${out.ModelPackageArn} (${input.ModelApprovalStatus}, ${input.CustomerMetadataProperties.metricName}=${input.CustomerMetadataProperties.metricValue}, data ${input.CustomerMetadataProperties.dataVersion})`);
      return out;
    },
    ComputeBaseline: (input) => runBaselineJob(input, world.s3, world.log),
    [N.CHECK_APPROVAL]: (input) => world.registry.describeModelPackage(input),
    [N.CREATE_MODEL]: (input) => world.endpoint.createModel(input),
    [N.CREATE_ENDPOINT_CONFIG]: (input) => world.endpoint.createEndpointConfig(input),
    [N.UPDATE_ENDPOINT]: (input) => world.endpoint.updateEndpoint(input),
    [N.CHECK_DEPLOYMENT]: () => world.endpoint.describeEndpoint(),
    [N.REJECT_PACKAGE]: (input) => world.registry.updateModelPackage(input),
    [N.REJECT_UNDEPLOYED]: (input) => world.registry.updateModelPackage(input),
    [N.NOTIFY_SUCCEEDED]: notify,
    [N.NOTIFY_GATE_FAILED]: notify,
    [N.NOTIFY_BEATEN_BY_CHAMPION]: notify,
    [N.NOTIFY_TRAINING_FAILED]: notify,
    [N.NOTIFY_ROLLED_BACK]: notify,
    [N.NOTIFY_REJECTED]: notify,
    [N.NOTIFY_FAILED]: notify,
  };
}
