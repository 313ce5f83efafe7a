import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_METRIC_DEFINITIONS } from '../../constructs/training/private/metric-definitions';
import { MlModelDefinition } from '../ml-model-definition';
import { ConfiguredModel, readModel } from './private/config-models';
import { formatProblem, formatProblems, MlopsConfigProblem, nearest, sortProblems } from './config-problem';
import { ConfigReader, RawMap } from './private/config-reader';
import { ConfigSource, PathSegment } from './private/config-source';
import { schemaProblems } from './private/schema-check';

/** Where an environment's platform runs. */
export enum PlatformTarget {
  /** CloudFormation stacks (SageMaker). */
  AWS = 'aws',
  /** Kubernetes manifests (cdk8s). */
  KUBERNETES = 'kubernetes',
  /** Both. */
  BOTH = 'both',
}

/** One environment of the config (`environment:` or an item of `environments:`), with its defaults applied. */
export interface MlopsEnvironment {
  /** Its name (`default` when the file names none). */
  readonly name: string;
  /** What it deploys. */
  readonly platform: PlatformTarget;
  /** AWS account. @default - the account of the deploying credentials */
  readonly account?: string;
  /** AWS region. */
  readonly region: string;
  /** Kubernetes namespace of the model objects. */
  readonly kubernetesNamespace: string;
}

/** The result of checking a config file without building anything. */
export interface MlopsConfigReport {
  /** Every problem, in file order (empty when the file is valid). */
  readonly problems: MlopsConfigProblem[];
  /** Every default the file relied on that changes what it means, as `file:line:column keyPath = value: assumption`. */
  readonly assumptions: string[];
}

/** Region of an environment that names none: fixed, so synth is the same on every machine. */
export const DEFAULT_REGION = 'us-east-1';
/** Namespace of an environment that names none. */
export const DEFAULT_NAMESPACE = 'ml-serving';

/** `accuracy` → every reported metric ending in `:accuracy`; a full name stays itself. */
function expandMetric(name: string): string[] {
  const all = DEFAULT_METRIC_DEFINITIONS.map((d) => d.name);
  return name.includes(':') ? all.filter((m) => m === name) : all.filter((m) => m.endsWith(`:${name}`));
}

/**
 * A platform configuration file (`mlops.config.yaml`, docs/config.md): models, environments and
 * monitoring, validated against the JSON Schema shipped in `schema/` and mapped onto `MlModelDefinition`s.
 *
 * ```ts
 * const config = MlopsConfig.fromFile('mlops.config.yaml'); // throws one error listing every problem
 * const models = config.modelsFor(config.environments[0]);
 * ```
 */
export class MlopsConfig {
  /** Reads and validates a file; throws one error listing every problem as `file:line:column keyPath = value: allowed`. */
  public static fromFile(file: string): MlopsConfig {
    return MlopsConfig.fromYaml(MlopsConfig.readText(file), file);
  }

  /** Validates YAML text; `file` names it in messages and anchors relative build contexts. */
  public static fromYaml(text: string, file: string): MlopsConfig {
    const config = new MlopsConfig(text, file);
    if (config.problems.length > 0) throw new Error(formatProblems(file, config.problems));
    return config;
  }

  /** Checks a file and returns its problems and assumptions (never throws for a bad file). */
  public static check(file: string): MlopsConfigReport {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return { problems: [{ file, line: 1, column: 1, keyPath: '(file)', value: JSON.stringify(file), allowed: `cannot be read: ${(e as Error).message}` }], assumptions: [] };
    }
    const config = new MlopsConfig(text, file);
    return { problems: config.problems, assumptions: config.assumptions };
  }

  private static readText(file: string): string {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`${file}: cannot be read: ${(e as Error).message}`);
    }
  }

  /** The file, as given. */
  public readonly file: string;
  /** The environments, in file order. */
  public readonly environments: MlopsEnvironment[] = [];
  /** E-mail addresses notified by alarms and failed training jobs. */
  public readonly alarmEmails: string[];
  /** Training metrics (full names, e.g. `validation:accuracy`) graphed on each training model's dashboard. */
  public readonly dashboardMetrics: string[];
  /** Defaults the file relied on that change what it means (see `MlopsConfigReport.assumptions`). */
  public readonly assumptions: string[];
  private readonly problems: MlopsConfigProblem[];
  private readonly models: ConfiguredModel[] = [];

  private constructor(text: string, file: string) {
    this.file = file;
    const parsed = ConfigSource.parse(file, text);
    const reader = new ConfigReader(parsed.source);
    const root = reader.map(parsed.source.data);
    if (parsed.problems.length > 0 || !root) {
      this.problems = parsed.problems.length > 0 ? parsed.problems
        : [parsed.source.problem([], 'must be a YAML mapping with models (or model), environments (or environment) and monitoring')];
      this.assumptions = [];
      this.alarmEmails = [];
      this.dashboardMetrics = [];
      return;
    }
    this.environments = this.readEnvironments(reader, root);
    const monitoring = reader.map(root.monitoring) ?? {};
    const thresholds = reader.map(monitoring.thresholds) ?? {};
    this.alarmEmails = reader.strings(monitoring.alarmEmails) ?? [];
    this.dashboardMetrics = this.readMetrics(reader, monitoring);
    const gate = reader.map(thresholds.gate);
    const context = {
      baseDir: path.dirname(path.resolve(file)),
      kubernetes: this.environments.some((e) => e.platform !== PlatformTarget.AWS),
      regions: this.environments.map((e) => e.region),
      p99LatencyMs: reader.number(thresholds.p99LatencyMs),
      gate: gate && reader.text(gate.metric) ? { metricName: gate.metric as string, minimum: reader.number(gate.minimum), maximum: reader.number(gate.maximum) } : undefined,
    };
    const names = new Map<string, PathSegment[]>();
    for (const { item, path: at } of reader.oneOrMany(root, 'model', 'models', true)) {
      const model = readModel(reader, item, at, context);
      if (!model) continue;
      if (names.has(model.name)) reader.fail([...at, 'name'], `must be unique (lower-cased): "${model.name}" is also the name of ${JSON.stringify(names.get(model.name)!.join('.'))}`);
      names.set(model.name, at);
      this.models.push(model);
    }
    // The schema and the rules can flag the same value; report each place and message once.
    const seen = new Set<string>();
    this.problems = sortProblems([...schemaProblems(parsed.source), ...reader.problems]).filter((p) => {
      const id = `${p.line}:${p.column}|${p.allowed}`;
      const fresh = !seen.has(id);
      seen.add(id);
      return fresh;
    });
    this.assumptions = sortProblems(reader.assumptions).map(formatProblem);
  }

  /** The models as definitions for one environment (Kubernetes image URIs of AWS images follow its region). */
  public modelsFor(environment: MlopsEnvironment): MlModelDefinition[] {
    return this.models.map((model) => model.definitionFor(environment.region));
  }

  /** True when the environment gets CloudFormation stacks. */
  public static deploysToAws(environment: MlopsEnvironment): boolean {
    return environment.platform !== PlatformTarget.KUBERNETES;
  }

  /** True when the environment gets Kubernetes manifests. */
  public static deploysToKubernetes(environment: MlopsEnvironment): boolean {
    return environment.platform !== PlatformTarget.AWS;
  }

  private readEnvironments(reader: ConfigReader, root: RawMap): MlopsEnvironment[] {
    const items = reader.oneOrMany(root, 'environment', 'environments', false);
    if (items.length === 0) {
      reader.assume([], `no environment: one named "default", platform both, region ${DEFAULT_REGION}, namespace ${DEFAULT_NAMESPACE}`);
      return [{ name: 'default', platform: PlatformTarget.BOTH, region: DEFAULT_REGION, kubernetesNamespace: DEFAULT_NAMESPACE }];
    }
    const environments: MlopsEnvironment[] = [];
    for (const { item, path: at } of items) {
      const raw = reader.map(item) ?? {};
      const name = reader.text(raw.name) ?? (items.length === 1 ? 'default' : undefined);
      if (name === undefined) reader.fail(at, 'required key "name" is missing: with several environments each needs a name');
      if (name !== undefined && environments.some((e) => e.name === name)) reader.fail([...at, 'name'], 'must be unique among the environments');
      const platformText = reader.text(raw.platform);
      const platform = Object.values(PlatformTarget).find((p) => p === platformText?.toLowerCase());
      if (platformText !== undefined && platform && platform !== platformText) reader.assume([...at, 'platform'], `read as "${platform}" (case-insensitive)`);
      if (raw.platform === undefined) reader.assume([...at, 'platform'], 'not set: both (CloudFormation and Kubernetes)');
      const region = reader.text(raw.region);
      if (raw.region === undefined) reader.assume([...at, 'region'], `not set: ${DEFAULT_REGION}`);
      environments.push({
        name: name ?? `environment-${environments.length + 1}`,
        platform: platform ?? PlatformTarget.BOTH,
        account: reader.text(raw.account),
        region: region ?? DEFAULT_REGION,
        kubernetesNamespace: reader.text(raw.namespace) ?? DEFAULT_NAMESPACE,
      });
    }
    return environments;
  }

  private readMetrics(reader: ConfigReader, monitoring: RawMap): string[] {
    const names = reader.strings(monitoring.metrics) ?? [];
    const known = DEFAULT_METRIC_DEFINITIONS.map((d) => d.name);
    const shortNames = [...new Set(known.map((m) => m.split(':')[1]))];
    const result: string[] = [];
    names.forEach((name, i) => {
      const expanded = expandMetric(name);
      if (expanded.length === 0) {
        const suggestion = nearest(name, [...shortNames, ...known]);
        reader.fail(['monitoring', 'metrics', i], `must be a metric the training job reports${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: ${[...shortNames, ...known].join(', ')}`);
      } else if (expanded.length > 1 || expanded[0] !== name) {
        reader.assume(['monitoring', 'metrics', i], `graphed on each training model's dashboard as ${expanded.join(', ')}`);
      }
      result.push(...expanded.filter((m) => !result.includes(m)));
    });
    return result;
  }
}
