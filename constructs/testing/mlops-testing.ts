import { App } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validateK8sManifests } from './private/kubernetes-manifests';

/** One unsuppressed cdk-nag finding. */
export interface NagFinding {
  /** The rule, e.g. `AwsSolutions-IAM5` or `NIST.800.53.R5-CloudWatchAlarmAction`. */
  readonly ruleName: string;
  /** Path of the construct that breaks it. */
  readonly constructPath: string;
  /** What the rule asks for. */
  readonly description: string;
}

/** 64 hex digits: CDK asset hashes (S3 keys, image tags, staged directories). */
const ASSET_HASH = /[0-9a-f]{64}/g;
/** `<stack scope>--<prefix>-<12 hex>`: a SageMaker training-job name, hashed from its configuration (job-name.ts). */
const JOB_NAME_HASH = /\b([a-z0-9]+(?:-[a-z0-9]+)*--[a-z0-9-]+)-[0-9a-f]{12}\b/g;

/**
 * Test helpers for apps built with cdk-mlops (jest or any other runner):
 *
 * ```ts
 * MlopsTesting.assertNagClean(app);                                     // cdk-nag AwsSolutions + NIST 800-53 R5
 * MlopsTesting.validateKubernetesManifests(Testing.synth(chart));       // Kubernetes schemas, strictly
 * expect(MlopsTesting.normalizeSnapshot(Template.fromStack(stack).toJSON())).toMatchSnapshot();
 * ```
 *
 * `cdk-nag` (an optional peer dependency) and `kubernetes-models` (your dev dependency) are loaded only when
 * the helper that needs them runs.
 */
export class MlopsTesting {
  /**
   * Synthesizes `app` and returns every finding of cdk-nag's AwsSolutions and NIST 800-53 R5 packs that is not
   * acknowledged (`Validations.of(x).acknowledge()`, as the library records its own reasons).
   *
   * @param app the app to check
   * @param scope only findings inside this construct @default - the whole app
   */
  public static nagFindings(app: App, scope?: IConstruct): NagFinding[] {
    app.synth();
    const nag = loadOptional('cdk-nag', 'npm install --save-dev cdk-nag@^3') as typeof import('cdk-nag');
    const findings: NagFinding[] = [];
    for (const pack of [new nag.AwsSolutionsChecks(app), new nag.NIST80053R5Checks(app)]) {
      for (const violation of pack.validateScope(scope ?? app).violations) {
        for (const resource of violation.violatingResources) {
          findings.push({ ruleName: violation.ruleName, constructPath: resource.constructPath ?? '(unknown)', description: violation.description });
        }
      }
    }
    return findings;
  }

  /** Throws one error listing every unsuppressed AwsSolutions and NIST 800-53 R5 finding of `app` (see `nagFindings`). */
  public static assertNagClean(app: App): void {
    const findings = MlopsTesting.nagFindings(app);
    if (findings.length > 0) {
      throw new Error(`${findings.length} unsuppressed cdk-nag finding${findings.length === 1 ? '' : 's'}:\n`
        + findings.map((f) => `  - ${f.ruleName} at ${f.constructPath}: ${f.description}`).join('\n'));
    }
  }

  /**
   * Validates Kubernetes objects (from cdk8s `Testing.synth(chart)`, `chart.toJson()` or parsed YAML) against the
   * Kubernetes API schemas with `kubernetes-models`. Throws on the first invalid object, or on a kind it has no
   * schema for (it never skips one), naming the object and what is wrong.
   */
  public static validateKubernetesManifests(manifests: unknown[]): void {
    validateK8sManifests(manifests);
  }

  /**
   * A copy of synthesized JSON (a CloudFormation template, Kubernetes manifests) with the parts that change on
   * every edit of an asset replaced by placeholders: asset hashes (`<asset-hash>`) and the configuration hash of
   * training-job names (`<config-hash>`). The configuration those hashes cover is in the snapshot itself.
   */
  public static normalizeSnapshot(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value).replace(ASSET_HASH, '<asset-hash>').replace(JOB_NAME_HASH, '$1-<config-hash>'));
  }

  private constructor() {}
}

function loadOptional(name: string, install: string): unknown {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name);
  } catch (error) {
    throw new Error(`MlopsTesting needs the ${name} package: ${install} (${(error as Error).message.split('\n')[0]})`);
  }
}
