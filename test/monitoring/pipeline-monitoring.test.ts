import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ContainerImage, MlInstanceType } from '../../constructs/core';
import { DataQualityBaseline, DataQualityMonitor } from '../../constructs/monitoring';
import { ApprovalMode, PipelineOutcome, PipelineStateNames as N, TrainingPipeline } from '../../constructs/pipeline';
import { ModelPackageGroup } from '../../constructs/registry';
import { SageMakerEndpoint, SageMakerModel } from '../../constructs/serving';
import { MlBucket, MlBucketPurpose } from '../../constructs/storage';
import { TrainingInput } from '../../constructs/training';
import { splitDigits, writeChannel } from '../../scripts/demo-loop/digits-data';
import { LocalModelRegistry } from '../../scripts/demo-loop/local-registry';
import { runBaselineJob } from '../../scripts/demo-loop/local-monitor';
import { LocalS3 } from '../../scripts/demo-loop/local-s3';
import { loopFromTemplate, matchesPattern } from '../../scripts/demo-loop/template-loop';
import { localExecutionArn, runStateMachineLocally } from '../../scripts/local-step-functions';
import { allStates } from '../../scripts/state-machine-asl';
import { nagFindings } from '../compliance/nag';

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validator = require('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };

/** Capture → pipeline with the baselining step → monitor → drift trigger, composed as the platform does it. */
function monitoredPipeline() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const data = new MlBucket(stack, 'Data', { purpose: MlBucketPurpose.DATA });
  const models = new MlBucket(stack, 'Models', { purpose: MlBucketPurpose.MODELS });
  const image = ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'digits'), '1.0');
  const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
  const model = new SageMakerModel(stack, 'Model', { image });
  const endpoint = new SageMakerEndpoint(stack, 'Endpoint', {
    variants: [{ variantName: 'AllTraffic', model, instanceType: MlInstanceType.M5_LARGE }],
    dataCapture: { bucket: data.bucket, prefix: 'capture/digits' },
  });
  const baseline = new DataQualityBaseline(stack, 'Baseline', {
    datasetBucket: data.bucket, datasetPrefix: 'digits/train/', outputBucket: models.bucket, outputPrefix: 'monitoring/digits/baseline',
  });
  const pipeline = new TrainingPipeline(stack, 'Pipeline', {
    trainingJob: {
      image, instanceType: MlInstanceType.M5_XLARGE,
      inputChannels: { train: TrainingInput.fromMlBucket(data, 'digits/train/'), test: TrainingInput.fromMlBucket(data, 'digits/test/') },
      outputBucket: models.bucket, outputPrefix: 'digits', maxRuntime: Duration.hours(1),
    },
    modelPackageGroup: new ModelPackageGroup(stack, 'Registry', { modelPackageGroupName: 'digits' }),
    gate: { metricName: 'test:accuracy', minimum: 0.9, championMargin: 0.01 },
    approval: ApprovalMode.AUTO,
    deployment: { endpoint, model },
    notificationTopic: topic,
    baselineStep: baseline,
  });
  baseline.grantRun(pipeline.stateMachine);
  const monitor = new DataQualityMonitor(stack, 'Monitor', { endpoint, baseline, reportBucket: models.bucket, reportPrefix: 'monitoring/digits/reports', alarmTopic: topic });
  pipeline.addEventTrigger('DriftTrigger', monitor.violationEventPattern, 'drift');
  return { app, stack, pipeline, monitor, template: Template.fromStack(stack).toJSON() };
}

describe('the monitoring half of the loop in a TrainingPipeline', () => {
  const built = monitoredPipeline();
  const loop = loopFromTemplate(built.template, 'digits');

  test('the baselining step runs inside the pipeline\'s Baseline state, and the definition is valid ASL', () => {
    const states = allStates(loop.definition);
    expect(states[N.BASELINE].Type).toBe('Parallel');
    expect(Object.keys(states[N.BASELINE].Branches[0].States)).toEqual(['ComputeBaseline']);
    const { isValid, errors } = validator(loop.definition);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  test('the monitor reads the baseline where the step writes it', () => {
    const step = allStates(loop.definition).ComputeBaseline.Parameters;
    const output = step.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri;
    expect(loop.statisticsUri).toBe(`${output}/statistics.json`);
    expect(loop.constraintsUri).toBe(`${output}/constraints.json`);
    expect(step.ProcessingInputs[0].S3Input.S3Uri).toMatch(/^s3:\/\/[a-z0-9]+\/digits\/train$/);
  });

  test('a violation event of this schedule starts the pipeline with trigger "drift"; a clean run does not', () => {
    const event = (exitMessage: string) => ({
      'source': 'aws.sagemaker',
      'detail-type': 'SageMaker Processing Job State Change',
      'detail': {
        MonitoringScheduleArn: `arn:aws:sagemaker:us-east-1:123456789012:monitoring-schedule/${loop.schedule.name}`,
        ProcessingJobStatus: 'Completed', ExitMessage: exitMessage,
      },
    });
    expect(matchesPattern(loop.driftRule.pattern, event('CompletedWithViolations: Job completed successfully with 2 violations.'))).toBe(true);
    expect(matchesPattern(loop.driftRule.pattern, event('Completed: Job completed successfully with no violations.'))).toBe(false);
    expect(loop.driftRule.input({})).toEqual({ trigger: 'drift' });
    expect(loop.schedule.expression).toBe('cron(0 * ? * * *)');
  });

  test('a local execution of the real definition computes the baseline the monitor then reads (tasks mocked, baselining local)', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-monitoring-'));
    try {
      const s3 = new LocalS3(work);
      const step = allStates(loop.definition).ComputeBaseline.Parameters;
      writeChannel(s3.pathOf(step.ProcessingInputs[0].S3Input.S3Uri), 'train', splitDigits({ train: 5 }).train);
      const registry = new LocalModelRegistry(path.join(work, 'registry.json'));
      let status = 'InService';
      const run = runStateMachineLocally(loop.definition, { trigger: 'manual', dataVersion: 'v1' }, {
        executionName: 'run-1',
        tasks: {
          [N.CHECK_RUNNING]: () => ({ Executions: [{ ExecutionArn: localExecutionArn('run-1'), Status: 'RUNNING' }] }),
          [N.TRAIN]: (input) => ({
            TrainingJobName: input.TrainingJobName, TrainingJobStatus: 'Completed',
            ModelArtifacts: { S3ModelArtifacts: 's3://models/digits/run-1/output/model.tar.gz' },
            FinalMetricDataList: [{ MetricName: 'test:accuracy', Value: 0.95 }],
          }),
          [N.FIND_CHAMPION]: (input) => registry.listModelPackages(input),
          [N.EVALUATE]: () => ({ verdict: 'PASSED', metricName: 'test:accuracy', metricValue: 0.95, reason: 'mocked' }),
          [N.REGISTER]: (input) => registry.createModelPackage(input),
          ComputeBaseline: (input) => runBaselineJob(input, s3, () => undefined),
          [N.CREATE_MODEL]: () => ({}),
          [N.CREATE_ENDPOINT_CONFIG]: () => ({}),
          [N.UPDATE_ENDPOINT]: () => { status = 'InService'; return {}; },
          [N.CHECK_DEPLOYMENT]: (input) => ({ EndpointStatus: status, EndpointConfigName: `${built.pipeline.jobNamePrefix}-run-1`, EndpointName: input.EndpointName }),
          [N.NOTIFY_SUCCEEDED]: () => ({ MessageId: '1' }),
          [N.NOTIFY_FAILED]: (input) => { throw new Error(`unexpected failure notification: ${input.Message}`); },
        },
      });
      const output = await run.result;
      expect(output.outcome.status).toBe(PipelineOutcome.SUCCEEDED);
      expect(run.visited.indexOf('ComputeBaseline')).toBeGreaterThan(run.visited.indexOf(N.REGISTER));
      expect(run.visited.indexOf('ComputeBaseline')).toBeLessThan(run.visited.indexOf(N.CREATE_MODEL));
      expect(output.baseline[0]).toMatchObject({ ProcessingJobStatus: 'Completed', statisticsS3Uri: loop.statisticsUri });
      expect(output.baseline[0].ProcessingJobName).toMatch(new RegExp(`^stack-baseline-[0-9a-f]{32}$`));
      const statistics = JSON.parse(s3.get(loop.statisticsUri));
      expect(statistics).toMatchObject({ rows: 50 });
      expect(statistics.features).toHaveLength(784);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test('zero unsuppressed cdk-nag findings on the monitoring constructs inside a pipeline stack', () => {
    built.app.synth();
    const ours = nagFindings(built.app).filter((f) => /\/(Monitor|Baseline)(\/|$)/.test(f.path)).map((f) => `${f.rule} at ${f.path}`);
    expect(ours).toEqual([]);
  });
});
