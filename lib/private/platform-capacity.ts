/**
 * How much of a CloudFormation template a model takes, shared by `MlPlatformStack` (one stack must fit
 * one template) and `MlPlatformApp` (which packs models into stacks). Internal: not exported from the
 * package. test/lib/ml-platform-app.test.ts checks every estimate against what the stack really
 * synthesizes, so a construct that gains resources fails that test until the numbers here follow.
 */
import { MlModelDefinition } from '../ml-model-definition';

/** CloudFormation's hard limit on resources in one template. */
export const CLOUDFORMATION_MAX_RESOURCES = 500;
/** CloudFormation's hard limit on a template's size when deployed from S3 (1 MB; taken as 10^6 bytes to be safe). */
export const CLOUDFORMATION_MAX_TEMPLATE_BYTES = 1_000_000;

/** Resources `AlarmTopic` adds when the stack creates its own: key, topic and topic policy. */
export const OWN_ALARM_TOPIC_RESOURCES = 3;
/** Resources `MlStorage` adds when the stack creates its own: three buckets and their policies. */
export const OWN_STORAGE_RESOURCES = 6;
/**
 * Resources added once per stack when any model in it trains: the training provider (Lambdas, roles, logs, waiter:
 * 20) and the pipelines' shared evaluation function (function, role, policy, log group: 4; counted with the provider
 * because only a model that trains has a pipeline).
 */
export const TRAINING_PROVIDER_RESOURCES = 24;

/**
 * Upper bound on the bytes one resource adds to the JSON template (measured: 0.9–1.1 KB for the platform's
 * resources, dashboards included), before the model's own strings.
 */
const BYTES_PER_RESOURCE = 1_400;

/** Resources `MlPlatformStack` creates for one model. */
export function modelResourceEstimate(model: MlModelDefinition): number {
  // Model, endpoint config, endpoint, execution role + policy, scalable target, invocations policy,
  // five alarms, dashboard.
  let resources = 13;
  // GPU-utilisation scaling policy and GPU-memory alarm.
  if (model.instanceType.isGpu) resources += 2;
  // Training job custom resource, its role + policy, the failure rule.
  if (model.training) resources += 4;
  // Continuous training (the stack builds it only for a model that trains): model package group, the
  // TrainingPipeline state machines, roles, log groups and rules (the evaluation Lambda is shared per stack, see
  // TRAINING_PROVIDER_RESOURCES); +1 per trigger rule; Model Monitor adds
  // data quality job definition, schedule, baselining roles and the violations rule (measured, see the test).
  const pipeline = model.training ? model.pipeline : undefined;
  if (pipeline) {
    resources += 16;
    if (pipeline.schedule) resources += 1;
    if (pipeline.retrainOnNewData) resources += 1;
    if (pipeline.monitoring) resources += pipeline.monitoring.retrainOnDrift ? 8 : 7;
  }
  return resources;
}

/** Upper bound on the template bytes `MlPlatformStack` writes for one model. */
export function modelTemplateBytesEstimate(model: MlModelDefinition): number {
  // Environment and hyperparameters are repeated in the model, the training request and the dashboard-free parts.
  const strings = JSON.stringify([model.environment ?? {}, model.training?.environment ?? {}, Object.keys(model.training?.hyperparameters ?? {})]).length;
  // State machine definitions are larger than the average resource.
  const pipeline = model.training ? model.pipeline : undefined;
  const pipelineBytes = pipeline ? 8_000 + (pipeline.monitoring ? 2_000 : 0) : 0;
  return modelResourceEstimate(model) * BYTES_PER_RESOURCE + pipelineBytes + 3 * strings;
}

/** What an `MlPlatformStack` creates besides its models. */
export interface StackOverhead {
  /** The stack creates its own buckets (no `storage` given). */
  readonly ownStorage: boolean;
  /** The stack creates its own alarm topic (no `alarmTopic` given). */
  readonly ownAlarmTopic: boolean;
}

/** Resources one `MlPlatformStack` holds besides its models' own: storage and topic unless shared, the training provider. */
export function stackOverheadResources(overhead: StackOverhead, anyTraining: boolean): number {
  return (overhead.ownStorage ? OWN_STORAGE_RESOURCES : 0) + (overhead.ownAlarmTopic ? OWN_ALARM_TOPIC_RESOURCES : 0)
    + (anyTraining ? TRAINING_PROVIDER_RESOURCES : 0);
}

/** Resources one `MlPlatformStack` holds for these models. */
export function stackResourceEstimate(models: MlModelDefinition[], overhead: StackOverhead): number {
  return models.reduce((n, m) => n + modelResourceEstimate(m), stackOverheadResources(overhead, models.some((m) => m.training)));
}

/** Upper bound on the template bytes of an `MlPlatformStack` besides its models' own. */
export function stackOverheadBytes(overhead: StackOverhead, anyTraining: boolean): number {
  return stackOverheadResources(overhead, anyTraining) * BYTES_PER_RESOURCE;
}

/** What placing a model adds to a stack: its own estimate, and the training provider if it is the stack's first model that trains. */
export function modelCost(model: MlModelDefinition, stackTrains: boolean, overhead: StackOverhead): { resources: number; bytes: number } {
  const provider = !!model.training && !stackTrains;
  return {
    resources: modelResourceEstimate(model) + (provider ? stackOverheadResources(overhead, true) - stackOverheadResources(overhead, false) : 0),
    bytes: modelTemplateBytesEstimate(model) + (provider ? stackOverheadBytes(overhead, true) - stackOverheadBytes(overhead, false) : 0),
  };
}

/** First fit in list order: each model goes into the first stack with room left for its estimate. */
export function placeModels(models: MlModelDefinition[], maxResources: number, maxBytes: number, overhead: StackOverhead): MlModelDefinition[][] {
  const bins: { models: MlModelDefinition[]; resources: number; bytes: number; trains: boolean }[] = [];
  for (const model of models) {
    const fits = (bin: typeof bins[number]) => {
      const cost = modelCost(model, bin.trains, overhead);
      return bin.resources + cost.resources <= maxResources && bin.bytes + cost.bytes <= maxBytes;
    };
    let bin = bins.find(fits);
    if (!bin) {
      // The constructor checked that every model fits an empty stack.
      bin = { models: [], resources: stackOverheadResources(overhead, false), bytes: stackOverheadBytes(overhead, false), trains: false };
      bins.push(bin);
    }
    const cost = modelCost(model, bin.trains, overhead);
    bin.models.push(model);
    bin.resources += cost.resources;
    bin.bytes += cost.bytes;
    bin.trains = bin.trains || !!model.training;
  }
  return bins.map((b) => b.models);
}
