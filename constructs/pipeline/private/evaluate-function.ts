import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRules } from '../../core/private/rule-acknowledgments';
import { acknowledgeWildcards } from '../../core/private/iam-wildcards';
import { LOG_WRITE_ACTIONS } from './perms';

/**
 * The Evaluate step's code: bounds on one final metric, then challenger vs champion with a margin.
 * Amazon States Language has no arithmetic on decimals (`States.MathAdd` takes integers), so the
 * comparison runs in a tiny Lambda function. The source is plain JavaScript without dependencies,
 * deployed inline (no bundling, no asset), and the local runs execute exactly this text.
 *
 * Event: `{ gate: { metricName, minimum?, maximum?, higherIsBetter, championMargin }, training:
 * <DescribeTrainingJob>, champion: <DescribeModelPackage> | {} }`.
 * Result: `{ verdict: PASSED | GATE_FAILED | BEATEN_BY_CHAMPION, metricName, metricValue, championValue,
 * championArn, reason }`.
 */
export const EVALUATE_HANDLER_SOURCE = `'use strict';
const EPSILON = 1e-9;
exports.handler = async (event) => {
  const gate = event.gate;
  const name = gate.metricName;
  const list = (event.training && event.training.FinalMetricDataList) || [];
  const found = list.find((m) => m.MetricName === name);
  const value = found === undefined ? NaN : Number(found.Value);
  const out = { metricName: name, metricValue: Number.isFinite(value) ? value : null, championValue: null, championArn: null };
  const verdict = (v, reason) => Object.assign(out, { verdict: v, reason });
  if (!Number.isFinite(value)) return verdict('GATE_FAILED', 'the job reported no final ' + name);
  if (gate.minimum !== undefined && gate.minimum !== null && value < gate.minimum - EPSILON) {
    return verdict('GATE_FAILED', name + ' = ' + value + ' is below the minimum ' + gate.minimum);
  }
  if (gate.maximum !== undefined && gate.maximum !== null && value > gate.maximum + EPSILON) {
    return verdict('GATE_FAILED', name + ' = ' + value + ' is above the maximum ' + gate.maximum);
  }
  const meta = (event.champion && event.champion.CustomerMetadataProperties) || {};
  const champion = meta.metricName === name ? Number(meta.metricValue) : NaN;
  if (!Number.isFinite(champion)) return verdict('PASSED', name + ' = ' + value + ' is within the gate; there is no champion');
  out.championValue = champion;
  out.championArn = event.champion.ModelPackageArn || null;
  const margin = gate.championMargin || 0;
  const worse = gate.higherIsBetter ? value < champion - margin - EPSILON : value > champion + margin + EPSILON;
  if (worse) {
    return verdict('BEATEN_BY_CHAMPION', name + ' = ' + value + ' is worse than the champion\\'s ' + champion + ' by more than ' + margin);
  }
  return verdict('PASSED', name + ' = ' + value + ' is within the gate and within ' + margin + ' of the champion\\'s ' + champion);
};
`;

/** The handler above as a function, for local runs (tests, `npm run demo:loop`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function compileEvaluateHandler(): (event: any) => Promise<any> {
  const module = { exports: {} as { handler?: (event: unknown) => Promise<unknown> } };
  new Function('exports', 'module', EVALUATE_HANDLER_SOURCE)(module.exports, module);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return module.exports.handler as (event: any) => Promise<any>;
}

const SINGLETON_ID = 'CdkMlopsPipelineEvaluate';

/**
 * The Lambda function running {@link EVALUATE_HANDLER_SOURCE}: no AWS calls, no data, own log group only.
 * One per stack, shared by every pipeline in it: the function is pure (its whole input is the event), so a
 * copy per pipeline would only add four resources per model (function, role, policy, log group).
 */
export class EvaluateFunction extends Construct {
  /** The stack's one evaluation function, created on first use. */
  public static of(scope: Construct): EvaluateFunction {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(SINGLETON_ID) as EvaluateFunction | undefined) ?? new EvaluateFunction(stack, SINGLETON_ID);
  }

  public readonly lambdaFunction: lambda.Function;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    // An explicit role with only its own log group, instead of the AWSLambdaBasicExecutionRole managed policy.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: LOG_WRITE_ACTIONS, resources: [logGroup.logGroupArn] }));
    this.lambdaFunction = new lambda.Function(this, 'Resource', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(EVALUATE_HANDLER_SOURCE),
      role,
      logGroup,
      description: 'cdk-mlops training pipeline: metric gate and champion/challenger comparison',
      memorySize: 128,
      timeout: Duration.seconds(10),
    });
    this.lambdaFunction.node.addDependency(role);
    // The role's inline policy is its own (no wildcards): acknowledged as every role of the library is.
    acknowledgeWildcards(this, []);
    const why = 'Evaluation function called synchronously by the training pipeline (Step Functions retries and catches it)';
    acknowledgeRules(this, [
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${why}: a failed invocation fails the step, which notifies; there is no event to replay.` },
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${why}: at most one run per pipeline at a time (a short comparison each), so reserved concurrency would only add a failure mode.` },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${why}: it compares numbers it is given and calls no service, so it has no network traffic to keep in a VPC.` },
      { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: 'The function logs nothing but errors (metric names and values); CloudWatch Logs encrypts them at rest with AWS-owned keys.' },
      { id: 'Serverless-LambdaTracing', reason: 'The function compares two numbers it is given and calls nothing; the pipeline\'s X-Ray trace and execution history already show its input and result.' },
    ]);
  }
}
