import { Template } from 'aws-cdk-lib/assertions';
import { DataQualityBaseline } from '../../constructs/monitoring';
import { PipelineStateNames as N, TrainingPipeline } from '../../constructs/pipeline';
import { pipelineStack, withPipeline } from './fixtures';
import { FakeAws } from './local-registry';
import { allStates, definitionWithState, JsonValue, runStateMachineLocally, stateMachineDefinitions } from './local-sfn';

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: () => string };

const EXECUTION = 'b7e0c1d2-0000-4000-8000-000000000002';

describe('an aborted or timed-out execution stops its training job', () => {
  test('abort while training → the EventBridge rule input → StopTrainingJob on that execution\'s job', async () => {
    const { stack } = withPipeline();
    const template = Template.fromStack(stack);

    // GIVEN a run that is training (the local Train task never finishes by itself)
    const aws = new FakeAws({ executionName: EXECUTION, accuracy: 0.95 });
    let trainingStarted!: () => void;
    const started = new Promise<void>((resolve) => { trainingStarted = resolve; });
    let jobName = '';
    let jobStopped!: (reason: Error) => void;
    const run = runStateMachineLocally(definitionWithState(stack, N.TRAIN), { dataVersion: 'v9' }, {
      executionName: EXECUTION,
      tasks: { ...aws.tasks, [N.TRAIN]: (input: JsonValue) => { jobName = input.TrainingJobName; trainingStarted(); return new Promise((_, reject) => { jobStopped = reject; }); } },
    });
    await started;

    // WHEN the execution is aborted (StopExecution)
    run.abort();
    await expect(run.result).rejects.toThrow(/aborted/i);
    jobStopped(new Error('Training job stopped')); // what SageMaker reports once the job is stopped

    // THEN the rule on ABORTED / TIMED_OUT / FAILED executions of this pipeline targets the stop machine with the execution name
    const rules = template.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: ['aws.states'] } } });
    expect(Object.keys(rules)).toHaveLength(1);
    const rule = Object.values(rules)[0].Properties;
    expect(rule.EventPattern['detail-type']).toEqual(['Step Functions Execution Status Change']);
    expect(rule.EventPattern.detail.status).toEqual(['ABORTED', 'TIMED_OUT', 'FAILED']);
    expect(rule.EventPattern.detail.stateMachineArn).toEqual([{ Ref: expect.stringMatching(/^Pipeline[0-9A-F]{8}$/) }]);
    const transformer = rule.Targets[0].InputTransformer;
    expect(transformer.InputPathsMap).toEqual({ 'detail-name': '$.detail.name', 'detail-executionArn': '$.detail.executionArn', 'detail-status': '$.detail.status' });

    // and the stop machine, given what that transformer produces, stops exactly the aborted run's job
    const stopped: string[] = [];
    const stop = runStateMachineLocally(definitionWithState(stack, N.STOP_TRAINING_JOB), { executionName: EXECUTION, status: 'ABORTED' }, {
      tasks: { [N.STOP_TRAINING_JOB]: (input: JsonValue) => { stopped.push(input.TrainingJobName); return {}; } },
    });
    await stop.result;
    expect(stopped).toEqual([jobName]);
    expect(jobName).toBe(`digits-pipeline-${EXECUTION}`);
    expect(stop.visited).toEqual([N.STOP_TRAINING_JOB, N.STOPPED]);
  });

  test('a job that already ended (StopTrainingJob fails) is nothing to stop, after retries', async () => {
    const { stack } = withPipeline();
    let calls = 0;
    const stop = runStateMachineLocally(definitionWithState(stack, N.STOP_TRAINING_JOB), { executionName: EXECUTION, status: 'FAILED' }, {
      tasks: { [N.STOP_TRAINING_JOB]: () => { calls++; throw Object.assign(new Error('The job is not in progress'), { name: 'SageMaker.SageMakerException' }); } },
    });
    await stop.result;
    expect(calls).toBe(4); // 1 + 3 retries
    expect(stop.visited[stop.visited.length - 1]).toBe(N.NOTHING_TO_STOP);
  });

  test('with a baselining step, the aborted run\'s processing job is stopped too (named from the execution ARN\'s MD5)', async () => {
    const f = pipelineStack();
    const baseline = new DataQualityBaseline(f.stack, 'Baseline', {
      datasetBucket: f.data.bucket, datasetPrefix: 'digits/train/', outputBucket: f.models.bucket, outputPrefix: 'monitoring/digits/baseline',
      jobNamePrefix: 'digits-baseline',
    });
    const pipeline = new TrainingPipeline(f.stack, 'Pipeline', { ...f.baseProps, baselineStep: baseline });
    baseline.grantRun(pipeline.stateMachine);
    const template = Template.fromStack(f.stack);
    const rule = Object.values(template.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: ['aws.states'] } } }))[0].Properties;
    expect(rule.Targets[0].InputTransformer.InputPathsMap).toMatchObject({ 'detail-executionArn': '$.detail.executionArn' });

    const executionArn = `arn:aws:states:us-east-1:123456789012:execution:pipeline:${EXECUTION}`;
    const stoppedTraining: string[] = [];
    const stoppedProcessing: string[] = [];
    const stop = runStateMachineLocally(definitionWithState(f.stack, N.STOP_TRAINING_JOB), { executionName: EXECUTION, executionArn, status: 'ABORTED' }, {
      tasks: {
        // The run was past training: its job already ended.
        [N.STOP_TRAINING_JOB]: (input: JsonValue) => { stoppedTraining.push(input.TrainingJobName); throw Object.assign(new Error('not in progress'), { name: 'SageMaker.SageMakerException' }); },
        [N.STOP_PROCESSING_JOB]: (input: JsonValue) => { stoppedProcessing.push(input.ProcessingJobName); return {}; },
      },
    });
    await stop.result;
    expect(stoppedProcessing).toEqual([expect.stringMatching(/^digits-baseline-[0-9a-f]{32}$/)]);
    // The same name the Baseline step gives the job: the rule's executionArn is the ended run's $$.Execution.Id.
    // (The local interpreter's MD5 is not the standard one, so the expressions are compared, not the digests.)
    const step = allStates(definitionWithState(f.stack, N.TRAIN)).ComputeBaseline.Parameters['ProcessingJobName.$'];
    const stopName = allStates(definitionWithState(f.stack, N.STOP_TRAINING_JOB))[N.STOP_PROCESSING_JOB].Parameters['ProcessingJobName.$'];
    expect(step).toBe("States.Format('digits-baseline-{}', States.Hash($$.Execution.Id, 'MD5'))");
    expect(stopName).toBe("States.Format('digits-baseline-{}', States.Hash($.executionArn, 'MD5'))");
    for (const definition of Object.values(stateMachineDefinitions(template.toJSON()))) {
      const result = aslValidator(JSON.parse(JSON.stringify(definition)));
      expect(result.errorsText()).toBe('');
    }
    expect(stop.visited[stop.visited.length - 1]).toBe(N.STOPPED);
    const statements = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.includes('StopOnAbort'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement).filter((st: JsonValue) => st.Action === 'sagemaker:StopProcessingJob');
    expect(statements.map((st: JsonValue) => st.Resource)).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:processing-job/digits-baseline-*']] }]);
  });

  test('the stop machine may stop only the pipeline\'s jobs', () => {
    const { stack } = withPipeline();
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const stopStatements = Object.entries(policies)
      .filter(([id]) => id.includes('StopOnAbort'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((s: JsonValue) => s.Action === 'sagemaker:StopTrainingJob');
    expect(stopStatements).toHaveLength(1);
    expect(stopStatements[0].Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:training-job/digits-pipeline-*']] });
  });
});
