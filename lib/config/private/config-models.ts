import { Duration } from 'aws-cdk-lib';
import { MlInstanceType } from '../../../constructs/core/instance-type';
import { KubeSecurityProfile } from '../../../constructs/k8s/kube-security-profile';
import { DeploymentPolicy } from '../../../constructs/serving/deployment-policy';
import { Hyperparameter } from '../../../constructs/training/hyperparameter';
import { DEFAULT_METRIC_DEFINITIONS } from '../../../constructs/training/private/metric-definitions';
import { TrainingQualityGate } from '../../../constructs/training/training-job';
import { MlModelDefinition, MlTrainingDefinition } from '../../ml-model-definition';
import { MODEL_NAME_ALLOWED, MODEL_NAME_PATTERN } from '../../private/model-name';
import { nearest, unknownKeyMessage } from '../config-problem';
import { ConfigReader, RawMap } from './config-reader';
import { ConfiguredImage, readImage, referenceImage } from './config-image';
import { readPipeline } from './config-pipeline';
import { PathSegment } from './config-source';
import { REFERENCE_CHANNELS, referenceHyperparameterNames, referenceHyperparameterProblem } from '../reference-container';

/** Serving instance type of a model that names none. */
export const DEFAULT_SERVING_INSTANCE_TYPE = 'ml.m5.large';
/** Training instance type of a model that trains and names none. */
export const DEFAULT_TRAINING_INSTANCE_TYPE = 'ml.m5.xlarge';

/** What the whole file says that every model needs. */
export interface ModelContext {
  /** Folder of the config file (build contexts are relative to it). */
  readonly baseDir: string;
  /** Some environment deploys to Kubernetes (then every model needs a pullable image). */
  readonly kubernetes: boolean;
  /** Regions of the environments. */
  readonly regions: string[];
  /** `monitoring.thresholds.p99LatencyMs`. */
  readonly p99LatencyMs?: number;
  /** `monitoring.thresholds.gate`, for models that train without a gate of their own. */
  readonly gate?: TrainingQualityGate;
}

/** A model read from the file: its definition for a region (Kubernetes image URIs of AWS images depend on it). */
export interface ConfiguredModel {
  readonly name: string;
  readonly definitionFor: (region: string) => MlModelDefinition;
}

const METRIC_NAMES = DEFAULT_METRIC_DEFINITIONS.map((d) => d.name);

/** `AIModel` → `aimodel` (with a note); anything else that is not a DNS-1123 label is a problem. */
function readName(reader: ConfigReader, raw: RawMap, at: PathSegment[]): string | undefined {
  const given = reader.text(raw.name);
  if (given === undefined) return undefined;
  const name = given.toLowerCase();
  if (!MODEL_NAME_PATTERN.test(name)) {
    reader.fail([...at, 'name'], MODEL_NAME_ALLOWED);
    return undefined;
  }
  if (name !== given) reader.assume([...at, 'name'], `lower-cased to "${name}": it names Kubernetes objects and prefixes S3 keys, which must be DNS-1123 labels`);
  return name;
}

function readInstanceType(reader: ConfigReader, value: unknown, at: PathSegment[], fallback: string, training: boolean): MlInstanceType | undefined {
  const name = reader.text(value);
  if (value === undefined) reader.assume(at, `not set: ${fallback}`);
  if (value !== undefined && name === undefined) return undefined;
  const type = MlInstanceType.of(name ?? fallback);
  if (!type.isWellFormed) return undefined; // the schema reported it
  if (!type.isKnown) reader.assume(at, `${type.name} is not in the instance catalog: GPU alarms and Kubernetes requests cannot be derived (synth warns)`);
  if (training && !type.supportsTraining) reader.fail(at, 'SageMaker does not offer this type for training; choose one with training support, e.g. ml.m5.xlarge or ml.g5.2xlarge');
  if (!training && !type.supportsHosting) reader.fail(at, 'SageMaker does not offer this type for hosting; choose one with hosting support, e.g. ml.m5.large or ml.g5.xlarge');
  return type;
}

function hyperparameter(value: unknown): Hyperparameter | undefined {
  if (typeof value === 'boolean') return Hyperparameter.fromBoolean(value);
  if (typeof value === 'string') return Hyperparameter.fromString(value);
  if (typeof value === 'number') return Number.isInteger(value) ? Hyperparameter.fromInteger(value) : Hyperparameter.fromNumber(value);
  return undefined;
}

function readHyperparameters(reader: ConfigReader, raw: RawMap | undefined, at: PathSegment[], reference: boolean): { [name: string]: Hyperparameter } | undefined {
  if (!raw) return undefined;
  const known = reference ? referenceHyperparameterNames() : undefined;
  const result: { [name: string]: Hyperparameter } = {};
  for (const [name, value] of Object.entries(raw)) {
    if (known && !known.includes(name) && !/^sagemaker_/.test(name)) {
      reader.fail([...at, name], `${unknownKeyMessage(name, known)} (hyperparameters of the reference container)`, true);
      continue;
    }
    const problem = known ? referenceHyperparameterProblem(name, value) : undefined;
    if (problem) reader.fail([...at, name], problem);
    const parameter = hyperparameter(value);
    if (parameter) result[name] = parameter;
  }
  return result;
}

function readGate(reader: ConfigReader, raw: RawMap | undefined, at: PathSegment[]): TrainingQualityGate | undefined {
  if (!raw) return undefined;
  const metricName = reader.text(raw.metric);
  const minimum = reader.number(raw.minimum);
  const maximum = reader.number(raw.maximum);
  if (metricName !== undefined && !METRIC_NAMES.includes(metricName)) {
    const suggestion = nearest(metricName, METRIC_NAMES);
    reader.fail([...at, 'metric'], `must be a metric the training job reports${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: ${METRIC_NAMES.join(', ')}`);
  }
  if (minimum === undefined && maximum === undefined) reader.fail(at, 'must set minimum, maximum or both');
  if (minimum !== undefined && maximum !== undefined && minimum > maximum) reader.fail([...at, 'maximum'], `must be at least minimum (${minimum})`);
  return metricName ? { metricName, minimum, maximum } : undefined;
}

function readRollout(reader: ConfigReader, raw: RawMap | undefined, at: PathSegment[]): DeploymentPolicy | undefined {
  if (!raw) return undefined;
  const strategy = reader.text(raw.strategy) ?? 'allAtOnce';
  const percent = reader.number(raw.percent);
  const bake = reader.number(raw.bakeMinutes);
  const wait = reader.number(raw.terminationWaitMinutes);
  const options = {
    bakeTime: bake === undefined ? undefined : Duration.minutes(bake),
    terminationWait: wait === undefined ? undefined : Duration.minutes(wait),
  };
  if (strategy === 'canary') return DeploymentPolicy.canary({ ...options, canaryPercent: percent });
  if (strategy === 'linear') return DeploymentPolicy.linear({ ...options, stepPercent: percent });
  if (percent !== undefined) reader.fail([...at, 'percent'], 'only with strategy canary or linear', true);
  return DeploymentPolicy.allAtOnce(options);
}

function readTraining(reader: ConfigReader, model: RawMap, at: PathSegment[], image: ConfiguredImage | undefined, context: ModelContext):
  ((region: string) => MlTrainingDefinition) | undefined {
  const raw = reader.map(model.training) ?? {};
  if (model.training === undefined && model.params === undefined) return undefined;
  const trainingAt = [...at, 'training'];
  if (model.training === undefined) reader.assume([...at, 'params'], 'the model trains (params are its training hyperparameters)');
  if (model.params !== undefined && raw.hyperparameters !== undefined) {
    reader.fail([...at, 'params'], 'use either params or training.hyperparameters, not both', true);
  }
  const trainingImage = reader.map(raw.image) ? readImage(reader, reader.map(raw.image)!, [...trainingAt, 'image'], context.baseDir, context.regions) : undefined;
  const reference = trainingImage ? trainingImage.reference : image?.reference ?? false;
  const hyperparameters = model.params !== undefined
    ? readHyperparameters(reader, reader.map(model.params), [...at, 'params'], reference)
    : readHyperparameters(reader, reader.map(raw.hyperparameters), [...trainingAt, 'hyperparameters'], reference);
  const instanceType = readInstanceType(reader, raw.instanceType, [...trainingAt, 'instanceType'], DEFAULT_TRAINING_INSTANCE_TYPE, true);
  let channels = reader.strings(raw.channels);
  if (!channels && reference) {
    channels = REFERENCE_CHANNELS;
    reader.assume([...trainingAt, 'channels'], `not set: ${REFERENCE_CHANNELS.join(', ')} (what the reference container's prepare-mnist writes)`);
  }
  let gate = readGate(reader, reader.map(raw.gate), [...trainingAt, 'gate']);
  if (!gate && context.gate) {
    gate = context.gate;
    reader.assume([...trainingAt, 'gate'], `not set: monitoring.thresholds.gate applies (${gate.metricName})`);
  }
  const maxRuntime = reader.number(raw.maxRuntimeMinutes);
  const spotMaxWait = reader.number(raw.spotMaxWaitMinutes);
  if (maxRuntime !== undefined && spotMaxWait !== undefined && spotMaxWait <= maxRuntime) {
    reader.fail([...trainingAt, 'spotMaxWaitMinutes'], `must be more than maxRuntimeMinutes (${maxRuntime})`);
  }
  if (!instanceType) return undefined;
  return (region) => ({
    instanceType,
    instanceCount: reader.number(raw.instanceCount),
    image: trainingImage?.image,
    kubernetesImage: reader.text(raw.kubernetesImage) ?? trainingImage?.kubernetesImage(region),
    channels,
    hyperparameters,
    maxRuntime: maxRuntime === undefined ? undefined : Duration.minutes(maxRuntime),
    spotMaxWait: spotMaxWait === undefined ? undefined : Duration.minutes(spotMaxWait),
    environment: reader.stringMap(raw.env),
    qualityGate: gate,
    kubernetesDataUri: reader.text(raw.kubernetesDataUri),
    kubernetesOutputUri: reader.text(raw.kubernetesOutputUri),
    kubernetesModelClaim: reader.text(raw.kubernetesModelClaim),
  });
}

/** Reads one model; undefined when it has problems (already recorded). */
export function readModel(reader: ConfigReader, value: unknown, at: PathSegment[], context: ModelContext): ConfiguredModel | undefined {
  const raw = reader.map(value);
  if (!raw) return undefined;
  const before = reader.problems.length;
  const name = readName(reader, raw, at);
  const rawImage = reader.map(raw.image);
  const image = raw.image === undefined ? referenceImage(reader, at)
    : rawImage && readImage(reader, rawImage, [...at, 'image'], context.baseDir, context.regions);
  const instanceType = readInstanceType(reader, raw.instanceType, [...at, 'instanceType'], DEFAULT_SERVING_INSTANCE_TYPE, false);
  const training = readTraining(reader, raw, at, image, context);
  const pipeline = readPipeline(reader, reader.map(raw.pipeline), [...at, 'pipeline'], raw.training !== undefined || raw.params !== undefined);
  const deploymentPolicy = readRollout(reader, reader.map(raw.rollout), [...at, 'rollout']);
  const scaling = reader.map(raw.scaling) ?? {};
  const minCapacity = reader.number(scaling.minCapacity);
  const maxCapacity = reader.number(scaling.maxCapacity);
  if (minCapacity !== undefined && maxCapacity !== undefined && minCapacity > maxCapacity) {
    reader.fail([...at, 'scaling', 'maxCapacity'], `must be at least minCapacity (${minCapacity})`);
  }
  const explicitKubernetesImage = reader.text(raw.kubernetesImage);
  if (context.kubernetes && image && !explicitKubernetesImage && context.regions.some((region) => !image.kubernetesImage(region))) {
    reader.fail([...at, 'kubernetesImage'],
      'required: an environment deploys to Kubernetes and the cluster cannot pull this image from its build context or ECR name');
  }
  const kubernetes = reader.map(raw.kubernetes) ?? {};
  const profile = reader.text(kubernetes.securityProfile);
  const monitoring = reader.map(raw.monitoring) ?? {};
  const p99 = reader.number(monitoring.p99LatencyMs) ?? context.p99LatencyMs;
  if (reader.problems.length > before || !name || !image || !instanceType) return undefined;
  return {
    name,
    definitionFor: (region) => ({
      name,
      instanceType,
      image: image.image,
      // Unused when no environment deploys to Kubernetes (then nothing requires it above).
      kubernetesImage: explicitKubernetesImage ?? image.kubernetesImage(region) ?? '',
      environment: reader.stringMap(raw.env),
      training: training?.(region),
      pipeline,
      kubernetesModelDataUri: reader.text(kubernetes.modelDataUri),
      kubernetesSecurityProfile: profile === undefined ? undefined : profile === 'baseline' ? KubeSecurityProfile.BASELINE : KubeSecurityProfile.RESTRICTED,
      minCapacity,
      maxCapacity,
      invocationsPerInstance: reader.number(scaling.invocationsPerInstance),
      gpuUtilizationPercent: reader.number(scaling.gpuUtilizationPercent),
      kubernetesCpuUtilizationPercent: reader.number(scaling.cpuUtilizationPercent),
      p99LatencyThresholdMs: p99,
      deploymentPolicy,
    }),
  };
}
