import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeRules } from '../../core/private/rule-acknowledgments';
import { stackJobNameScope } from './job-name';
import { handlerBundleDir } from './handler-bundle';
import { HANDLER_IS_COMPLETE_ACTIONS, HANDLER_LOG_ACTIONS, HANDLER_ON_EVENT_ACTIONS, PASS_ROLE_ACTIONS } from './perms';
import { acknowledgeWildcards } from './wildcard-acknowledgments';

/**
 * How long CloudFormation lets the provider work on one training job. CloudFormation gives a custom
 * resource at most 3600 s (its ServiceTimeout limit); the framework needs a few minutes to report a
 * timeout itself, so 55 minutes.
 */
export const PROVIDER_TOTAL_TIMEOUT = Duration.minutes(55);
/** How often the waiter calls isComplete. */
export const PROVIDER_QUERY_INTERVAL = Duration.minutes(1);
/** Time a job needs beyond its MaxRuntime/MaxWaitTime: instance provisioning, data download, model upload. */
export const JOB_OVERHEAD_MARGIN = Duration.minutes(10);
/** Longest MaxRuntime (or MaxWaitTime for spot) a job the stack waits for may have: 45 minutes. */
export const MAX_WAITED_JOB_DURATION = Duration.minutes(PROVIDER_TOTAL_TIMEOUT.toMinutes() - JOB_OVERHEAD_MARGIN.toMinutes());

const SINGLETON_ID = 'CdkMlopsTrainingJobProvider';

/**
 * One set of handler Lambdas and one Provider per stack, shared by every SageMakerTrainingJob in it.
 * Each job registers its name prefix and role, so the shared handler roles can still only touch those
 * training jobs and pass only those roles.
 */
export class TrainingJobProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: Construct): TrainingJobProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(SINGLETON_ID) as TrainingJobProvider | undefined) ?? new TrainingJobProvider(stack, SINGLETON_ID);
  }

  /** ServiceToken of the custom resources. */
  public readonly serviceToken: string;
  private readonly onEventRole: iam.Role;
  private readonly isCompleteRole: iam.Role;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const code = lambda.Code.fromAsset(handlerBundleDir());
    this.onEventRole = this.handlerRole('OnEventRole');
    this.isCompleteRole = this.handlerRole('IsCompleteRole');
    const onEvent = this.handlerFunction('OnEvent', 'index.onEvent', code, this.onEventRole,
      'Starts, adopts and stops SageMaker training jobs for cdk-mlops SageMakerTrainingJob resources');
    const isComplete = this.handlerFunction('IsComplete', 'index.isComplete', code, this.isCompleteRole,
      'Polls SageMaker training jobs for cdk-mlops SageMakerTrainingJob resources');

    // The framework's own functions get explicit roles too, writing only to their log group.
    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const frameworkOnEventRole = this.handlerRole('FrameworkOnEventRole');
    const frameworkCompleteAndTimeoutRole = this.handlerRole('FrameworkCompleteAndTimeoutRole');
    for (const role of [frameworkOnEventRole, frameworkCompleteAndTimeoutRole]) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: HANDLER_LOG_ACTIONS, resources: [frameworkLogs.logGroupArn] }));
    }
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: PROVIDER_QUERY_INTERVAL,
      totalTimeout: PROVIDER_TOTAL_TIMEOUT,
      logGroup: frameworkLogs,
      frameworkOnEventRole,
      frameworkCompleteAndTimeoutRole,
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: {
        destination: new logs.LogGroup(this, 'WaiterLogs', { retention: logs.RetentionDays.ONE_YEAR }),
        level: sfn.LogLevel.ALL,
      },
    });
    this.serviceToken = provider.serviceToken;
    // Every job of this stack is named `<stack scope>--…` (job-name.ts), whatever its construct is called
    // today, so a Delete after a rename or removal stays within these permissions.
    const jobArns = [Stack.of(this).formatArn({
      service: 'sagemaker', resource: 'training-job', resourceName: `${stackJobNameScope(Stack.of(this).stackName)}--*`,
    })];
    this.onEventRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: HANDLER_ON_EVENT_ACTIONS, resources: jobArns }));
    this.isCompleteRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: HANDLER_IS_COMPLETE_ACTIONS, resources: jobArns }));
    this.acknowledgeFindings();
  }

  /** Lets the handlers pass `jobRole` to SageMaker. */
  public registerJobRole(jobRole: iam.IRole): void {
    this.onEventRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: PASS_ROLE_ACTIONS,
      resources: [jobRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }));
  }

  private handlerRole(id: string): iam.Role {
    // An explicit role with only its own log group, instead of the AWSLambdaBasicExecutionRole managed policy.
    return new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  }

  private handlerFunction(id: string, handler: string, code: lambda.Code, role: iam.Role, description: string): lambda.Function {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.ONE_YEAR });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: HANDLER_LOG_ACTIONS, resources: [`${logGroup.logGroupArn}`] }));
    return new lambda.Function(this, id, {
      runtime: lambda.Runtime.NODEJS_24_X, // matches NODE_TARGET in scripts/bundle-handlers.mjs
      architecture: lambda.Architecture.ARM_64,
      handler,
      code,
      role,
      logGroup,
      description,
      memorySize: 256,
      // Worst case: three API calls in a row (create, then describe + stop of a job a failed create started),
      // each six attempts of at most 10 s (CALL_TIMEOUT_MS) plus ~31 s of backoff: ~273 s.
      timeout: Duration.minutes(5),
    });
  }

  private acknowledgeFindings(): void {
    acknowledgeWildcards(this);
    // How these functions are invoked: CloudFormation invokes the framework's onEvent asynchronously; the
    // framework invokes our onEvent and isComplete synchronously (RequestResponse), the waiter state machine
    // the framework's isComplete/onTimeout synchronously too.
    const noReplay = 'A Lambda DLQ only receives failed asynchronous invocations. Our handlers are invoked synchronously by the '
      + 'Provider framework (errors return to it and fail the stack operation with the reason); the framework\'s own onEvent '
      + 'is invoked asynchronously by CloudFormation, but its event carries a single-use response URL for a stack operation '
      + 'that has moved on, so a replayed event could do nothing useful. Failures are in the function logs and the stack events.';
    acknowledgeRules(this, [
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: noReplay },
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'Runs a few times per stack operation and training job; reserved concurrency would only add a way to fail (throttled deployments).' },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: 'The handlers only call the SageMaker and CloudFormation APIs and handle no data (job names and statuses); training jobs themselves can run in a VPC.' },
      { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: 'Handler logs hold job names and statuses only, no training data; CloudWatch Logs encrypts them at rest with AWS-owned keys.' },
      { id: 'AwsSolutions-SF2', reason: 'The Provider framework\'s waiter state machine only loops isComplete calls; X-Ray cannot be enabled on it through the Provider and would add no insight.' },
      { id: 'Serverless-LambdaTracing', reason: 'Each invocation makes one to three SageMaker calls, each logged with its outcome and retries; X-Ray traces would repeat the log.' },
      { id: 'Serverless-LambdaDefaultMemorySize', reason: 'The framework functions are aws-cdk-lib\'s Provider framework, which exposes no memory setting; they only relay events (the default 128 MB is enough).' },
    ]);
  }

}
