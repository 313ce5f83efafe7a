import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledgeRules } from '../core/private/rule-acknowledgments';
import { PipelineStateNames as N } from './pipeline-states';
import { eventsPrincipal } from './private/events-principal';
import { THROTTLING_ERRORS } from './private/perms';

/** Properties of a {@link StopTrainingOnAbort}. */
export interface StopTrainingOnAbortProps {
  /** The pipeline whose ended executions are watched. */
  readonly pipeline: sfn.IStateMachine;
  /** The pipeline's job-name prefix: the job of execution `<name>` is `<prefix>-<name>`. */
  readonly jobNamePrefix: string;
  /** ARN pattern of the pipeline's training jobs, for IAM. */
  readonly trainingJobArnPattern: string;
  /** Log group of the stop machine. */
  readonly logGroup: logs.ILogGroup;
  /**
   * Job-name prefix of a processing job the pipeline runs once per execution, named
   * `<prefix>-<MD5 of the execution ARN>` (the `DataQualityBaseline` step): it is stopped too.
   * @default - no processing job
   */
  readonly processingJobNamePrefix?: string;
  /** ARN pattern of those processing jobs, for IAM. @default - none */
  readonly processingJobArnPattern?: string;
}

/**
 * Nothing left billing: when a pipeline execution is aborted, times out or fails, an EventBridge rule
 * starts this small state machine, which stops the execution's training job (StopTrainingJob on
 * `<prefix>-<execution name>`). Stopping a job that already ended, or never started, is a no-op.
 */
export class StopTrainingOnAbort extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: StopTrainingOnAbortProps) {
    super(scope, id);
    const stop = new tasks.CallAwsService(this, N.STOP_TRAINING_JOB, {
      service: 'sagemaker',
      action: 'stopTrainingJob',
      iamAction: 'sagemaker:StopTrainingJob',
      parameters: { 'TrainingJobName.$': `States.Format('${props.jobNamePrefix}-{}', $.executionName)` },
      iamResources: [props.trainingJobArnPattern],
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(2)),
    });
    // Throttling is retried (SageMaker reports it, like a job that is not running, as an unmodelled
    // SageMakerException); what still fails means there is nothing to stop.
    stop.addRetry({ errors: THROTTLING_ERRORS.sagemakerSdk, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 });
    const nothingToStop = new sfn.Succeed(this, N.NOTHING_TO_STOP);
    const stopped = new sfn.Succeed(this, N.STOPPED);
    if (props.processingJobNamePrefix && props.processingJobArnPattern) {
      // The baselining job is named from the execution ARN's MD5, as the pipeline's Baseline step names it.
      const stopProcessing = new tasks.CallAwsService(this, N.STOP_PROCESSING_JOB, {
        service: 'sagemaker',
        action: 'stopProcessingJob',
        iamAction: 'sagemaker:StopProcessingJob',
        parameters: { 'ProcessingJobName.$': `States.Format('${props.processingJobNamePrefix}-{}', States.Hash($.executionArn, 'MD5'))` },
        iamResources: [props.processingJobArnPattern],
        resultPath: sfn.JsonPath.DISCARD,
        taskTimeout: sfn.Timeout.duration(Duration.minutes(2)),
      });
      stopProcessing.addRetry({ errors: THROTTLING_ERRORS.sagemakerSdk, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 });
      stopProcessing.addCatch(nothingToStop, { resultPath: '$.error' });
      stopProcessing.next(stopped);
      // Whether or not a training job was running, the baselining job may be.
      stop.addCatch(stopProcessing, { resultPath: '$.error' });
      stop.next(stopProcessing);
    } else {
      stop.addCatch(nothingToStop, { resultPath: '$.error' });
      stop.next(stopped);
    }

    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(stop),
      timeout: Duration.minutes(15),
      tracingEnabled: true,
      logs: { destination: props.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      comment: 'Stops the training (and baselining) job of a pipeline execution that was aborted, timed out or failed',
    });
    this.stateMachine.applyRemovalPolicy(RemovalPolicy.DESTROY);

    this.rule = new events.Rule(this, 'Rule', {
      description: 'Stop the training job of an ended pipeline execution',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [props.pipeline.stateMachineArn], status: ['ABORTED', 'TIMED_OUT', 'FAILED'] },
      },
      targets: [new targets.SfnStateMachine(this.stateMachine, {
        role: new iam.Role(this, 'EventsRole', { assumedBy: eventsPrincipal(this), description: 'EventBridge starting the stop-training machine' }),
        input: events.RuleTargetInput.fromObject({
          executionName: events.EventField.fromPath('$.detail.name'),
          executionArn: events.EventField.fromPath('$.detail.executionArn'),
          status: events.EventField.fromPath('$.detail.status'),
        }),
        retryAttempts: 10,
        maxEventAge: Duration.hours(2),
      })],
    });
    acknowledgeRules(this.rule, [{ id: 'Serverless-EventBusDLQ', reason: 'The target is the stop machine, which the rule may always start; '
      + 'EventBridge retries for 2 hours (10 attempts). This is the second line of defence: Step Functions already stops a .sync '
      + 'training job when its execution is stopped, and every job ends at its MaxRuntime/MaxWaitTime, so a dead-letter queue would hold nothing to act on.' }]);
  }
}
