/**
 * In-memory stand-ins for the AWS calls of the pipeline, as Task overrides by state name: a model
 * registry (CreateModelPackage / ListModelPackages / DescribeModelPackage / UpdateModelPackage), a
 * training service, an endpoint and a topic. Every call is recorded so tests assert what happened.
 */
import { compileEvaluateHandler } from '../../constructs/pipeline/private/evaluate-function';
import { PipelineStateNames as N } from '../../constructs/pipeline';
import { localExecutionArn } from './local-sfn';
import type { JsonValue, LocalTask } from './local-sfn';

export interface FakeAwsOptions {
  /** Final test:accuracy the training job reports; undefined = the job fails. */
  readonly accuracy?: number;
  /** Metric value of an already Approved champion version. @default - no champion */
  readonly championAccuracy?: number;
  /** Endpoint statuses DescribeEndpoint reports, in order; the last repeats. 'InService' means on the new config. */
  readonly deploymentStatuses?: string[];
  /** 'InService-old': SageMaker rolled back to the previous configuration. */
  readonly rolledBack?: boolean;
  /** Approval statuses CheckApproval reports, in order; the last repeats. */
  readonly approvalStatuses?: string[];
  /** The local execution's name: ListExecutions reports it as running. */
  readonly executionName?: string;
  /** Other running executions that started before this one (newest first, as ListExecutions lists). @default 0 */
  readonly olderRunning?: number;
  /** Other running executions that started after this one (e.g. a trigger at the same moment). @default 0 */
  readonly newerRunning?: number;
  /** Errors thrown by the first calls of a state, e.g. { Register: ['SageMaker.SageMakerException'] }. */
  readonly transientErrors?: Record<string, string[]>;
}

export interface Package {
  ModelPackageArn: string;
  ModelApprovalStatus: string;
  request: JsonValue;
}

/** A fake AWS account for one local run. */
export class FakeAws {
  public readonly calls: Array<{ state: string; input: JsonValue }> = [];
  public readonly packages: Package[] = [];
  public readonly notifications: Array<{ state: string; subject: string; message: string }> = [];
  public endpointConfigName = 'initial-config';

  constructor(private readonly options: FakeAwsOptions = {}) {
    if (options.championAccuracy !== undefined) {
      this.packages.push({
        ModelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/digits/1',
        ModelApprovalStatus: 'Approved',
        request: { CustomerMetadataProperties: { metricName: 'test:accuracy', metricValue: String(options.championAccuracy) } },
      });
    }
  }

  public callsOf(state: string): JsonValue[] {
    return this.calls.filter((c) => c.state === state).map((c) => c.input);
  }

  public get tasks(): Record<string, LocalTask> {
    const o = this.options;
    const evaluate = compileEvaluateHandler();
    const statuses = (list: string[] | undefined, fallback: string[]) => {
      const values = list ?? fallback;
      let i = 0;
      return () => values[Math.min(i++, values.length - 1)];
    };
    const deployment = statuses(o.deploymentStatuses, ['Updating', 'InService']);
    const approval = statuses(o.approvalStatuses, ['PendingManualApproval']);
    const tasks: Record<string, LocalTask> = {
      [N.CHECK_RUNNING]: () => {
        const other = (kind: string, n: number) => Array.from({ length: n }, (_, i) => ({ ExecutionArn: localExecutionArn(`${kind}-${i}`), Status: 'RUNNING' }));
        return { Executions: [...other('newer', o.newerRunning ?? 0), { ExecutionArn: localExecutionArn(o.executionName ?? 'local-execution'), Status: 'RUNNING' },
          ...other('older', o.olderRunning ?? 0).reverse()] };
      },
      [N.TRAIN]: (input) => {
        if (o.accuracy === undefined) {
          throw Object.assign(new Error(`Training job ${input.TrainingJobName} failed: AlgorithmError: boom`), { name: 'States.TaskFailed' });
        }
        return {
          TrainingJobName: input.TrainingJobName,
          TrainingJobStatus: 'Completed',
          ModelArtifacts: { S3ModelArtifacts: `${input.OutputDataConfig.S3OutputPath}/${input.TrainingJobName}/output/model.tar.gz` },
          FinalMetricDataList: [{ MetricName: 'train:loss', Value: 0.1 }, { MetricName: 'test:accuracy', Value: o.accuracy }],
        };
      },
      [N.FIND_CHAMPION]: (input) => ({
        ModelPackageSummaryList: this.packages
          .filter((p) => p.ModelApprovalStatus === input.ModelApprovalStatus)
          .reverse().slice(0, input.MaxResults)
          .map((p) => ({ ModelPackageArn: p.ModelPackageArn, ModelApprovalStatus: p.ModelApprovalStatus })),
      }),
      [N.DESCRIBE_CHAMPION]: (input) => this.describe(input.ModelPackageName),
      [N.EVALUATE]: (input) => evaluate(input),
      [N.REGISTER]: (input) => {
        const arn = `arn:aws:sagemaker:us-east-1:123456789012:model-package/digits/${this.packages.length + 1}`;
        this.packages.push({ ModelPackageArn: arn, ModelApprovalStatus: input.ModelApprovalStatus, request: input });
        return { ModelPackageArn: arn };
      },
      [N.CHECK_APPROVAL]: (input) => {
        const status = approval();
        const pkg = this.packages.find((p) => p.ModelPackageArn === input.ModelPackageName)!;
        pkg.ModelApprovalStatus = status;
        return this.describe(input.ModelPackageName);
      },
      [N.CREATE_MODEL]: () => ({ ModelArn: 'arn:aws:sagemaker:us-east-1:123456789012:model/new' }),
      [N.CREATE_ENDPOINT_CONFIG]: () => ({ EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/new' }),
      [N.UPDATE_ENDPOINT]: (input) => {
        if (!o.rolledBack) this.endpointConfigName = input.EndpointConfigName;
        return { EndpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/e' };
      },
      [N.CHECK_DEPLOYMENT]: () => ({ EndpointStatus: deployment(), EndpointConfigName: this.endpointConfigName }),
      [N.REJECT_PACKAGE]: (input) => {
        this.packages.find((p) => p.ModelPackageArn === input.ModelPackageArn)!.ModelApprovalStatus = input.ModelApprovalStatus;
        return {};
      },
      [N.REJECT_UNDEPLOYED]: (input) => {
        this.packages.find((p) => p.ModelPackageArn === input.ModelPackageArn)!.ModelApprovalStatus = input.ModelApprovalStatus;
        return {};
      },
    };
    for (const state of [N.NOTIFY_SUCCEEDED, N.NOTIFY_GATE_FAILED, N.NOTIFY_BEATEN_BY_CHAMPION, N.NOTIFY_TRAINING_FAILED,
      N.NOTIFY_ROLLED_BACK, N.NOTIFY_REJECTED, N.NOTIFY_FAILED]) {
      tasks[state] = (input) => {
        this.notifications.push({ state, subject: input.Subject, message: input.Message });
        return { MessageId: `m-${this.notifications.length}` };
      };
    }
    const errors = Object.fromEntries(Object.entries(o.transientErrors ?? {}).map(([k, v]) => [k, [...v]]));
    // Record every call, and throw the configured transient errors first.
    return Object.fromEntries(Object.entries(tasks).map(([state, task]) => [state, async (input: JsonValue) => {
      this.calls.push({ state, input });
      const error = errors[state]?.shift();
      if (error) throw Object.assign(new Error(`${error} (transient)`), { name: error });
      return task(input);
    }]));
  }

  private describe(arn: string): JsonValue {
    const pkg = this.packages.find((p) => p.ModelPackageArn === arn);
    if (!pkg) throw Object.assign(new Error(`no package ${arn}`), { name: 'SageMaker.SageMakerException' });
    return {
      ModelPackageArn: pkg.ModelPackageArn,
      ModelApprovalStatus: pkg.ModelApprovalStatus,
      CustomerMetadataProperties: pkg.request.CustomerMetadataProperties,
    };
  }
}
