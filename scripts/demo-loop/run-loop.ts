/**
 * The story of `npm run demo:loop`, on a synthesized template: the real training-pipeline definition
 * runs in aws-local-stepfunctions with local tasks (container `train`/`serve`, registry, capture proxy,
 * baseline, monitor). Every claim of the final line is counted from what happened.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PipelineOutcome, PipelineStateNames as N } from '../../constructs/pipeline/pipeline-states';
import { localExecutionArn, runStateMachineLocally } from '../local-step-functions';
import { allStates, CfnTemplate, FAKE_ENV } from '../state-machine-asl';
import { corruptLabels, Digit, INVERTED, splitDigits, transformDigits, writeChannel } from './digits-data';
import { LocalEndpoint } from './local-endpoint';
import { LocalMonitor } from './local-monitor';
import { LocalModelRegistry } from './local-registry';
import { LocalS3 } from './local-s3';
import { LocalWorld, pipelineTasks } from './pipeline-tasks';
import { loopFromTemplate, matchesPattern } from './template-loop';

/** Options of a loop run. */
export interface LoopOptions {
  /** Scratch directory (deleted first). */
  readonly workDir: string;
  /** The model whose pipeline runs. @default 'digits' */
  readonly model?: string;
  /** Digits per class in each split; small keeps the run short. */
  readonly perClass?: { train: number; test: number; traffic: number; shiftedTrain: number; shiftedTest: number };
  /** Hyperparameters replaced for speed, e.g. `{ epochs: '8' }`. @default - the definition's */
  readonly hyperparameterOverrides?: { [name: string]: string };
  readonly log?: (line: string) => void;
}

/** What the loop counted. */
export interface LoopResult {
  readonly versions: number;
  readonly deployedVersion: number | undefined;
  readonly driftRetrains: number;
  readonly rejected: number;
  /** Story steps that did not happen (empty: the story happened). */
  readonly failures: string[];
  /** `loop: versions=<n> deployed=v<k> drift_retrains=<n> rejected=<n>`. */
  readonly summary: string;
}

interface Execution {
  readonly name: string;
  readonly trigger: string;
  readonly byDriftRule: boolean;
  readonly outcome: string;
}

const REJECTED_OUTCOMES: string[] = [PipelineOutcome.GATE_FAILED, PipelineOutcome.BEATEN_BY_CHAMPION, PipelineOutcome.REJECTED];

export async function runLoop(template: CfnTemplate, options: LoopOptions): Promise<LoopResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const model = options.model ?? 'digits';
  const loop = loopFromTemplate(template, model);
  const states = allStates(loop.definition);
  log(`loop: pipeline ${loop.pipelineId} (${Object.keys(states).length} states), drift rule ${loop.driftRule.id}, `
    + `monitoring schedule ${loop.schedule.name} ${loop.schedule.expression}`);

  fs.rmSync(options.workDir, { recursive: true, force: true });
  const s3 = new LocalS3(path.join(options.workDir, 's3'));
  const registry = new LocalModelRegistry(path.join(options.workDir, 'registry.json'));
  const endpointName: string = states[N.UPDATE_ENDPOINT]?.Parameters?.EndpointName;
  const captureUri: string | undefined = states[N.CREATE_ENDPOINT_CONFIG]?.Parameters?.DataCaptureConfig?.DestinationS3Uri;
  if (!endpointName || !captureUri) throw new Error(`demo:loop: the pipeline must deploy to an endpoint that captures data (endpoint ${endpointName}, capture ${captureUri})`);
  if (typeof captureUri !== 'string' || !captureUri.startsWith('s3://')) {
    throw new Error(`demo:loop: the pipeline's ${N.CREATE_ENDPOINT_CONFIG} sends DataCaptureConfig.DestinationS3Uri = ${JSON.stringify(captureUri)}; SageMaker needs an s3:// string`);
  }
  const endpoint = new LocalEndpoint(endpointName, s3, s3.pathOf(captureUri), log);
  endpoint.modelDataOfPackage = (arn) => {
    const pkg = registry.describeModelPackage({ ModelPackageName: arn }) as { InferenceSpecification?: { Containers?: Array<{ ModelDataUrl?: string }> } };
    return pkg.InferenceSpecification?.Containers?.[0]?.ModelDataUrl;
  };
  const monitor = new LocalMonitor(s3, s3.pathOf(captureUri), loop.statisticsUri, loop.constraintsUri, path.join(options.workDir, 'monitoring-reports'));
  const world: LocalWorld = {
    s3, registry, endpoint, workDir: path.join(options.workDir, 'jobs'), hyperparameterOverrides: options.hyperparameterOverrides, notifications: [], log,
  };

  // The channels the Train state reads, exactly as the definition names them.
  const channels: { [name: string]: string } = Object.fromEntries((states[N.TRAIN].Parameters.InputDataConfig as Array<{ ChannelName: string; DataSource: { S3DataSource: { S3Uri: string } } }>)
    .map((c) => [c.ChannelName, c.DataSource.S3DataSource.S3Uri]));
  for (const required of ['train', 'test']) if (!channels[required]) throw new Error(`demo:loop: the Train state reads no "${required}" channel`);
  const perClass = options.perClass ?? { train: 250, test: 40, traffic: 20, shiftedTrain: 500, shiftedTest: 40 };
  const digits = splitDigits(perClass);
  const uploadChannels = (train: Digit[], test: Digit[], label: string) => {
    writeChannel(s3.pathOf(channels.train), 'train', train);
    writeChannel(s3.pathOf(channels.test), 'test', test);
    log(`data: ${label}: ${train.length} training and ${test.length} test digits → ${channels.train}, ${channels.test}`);
  };

  const executions: Execution[] = [];
  const failures: string[] = [];
  const expect = (ok: boolean, what: string) => { if (!ok) { failures.push(what); log(`loop: NOT AS EXPECTED: ${what}`); } return ok; };
  const runPipeline = async (name: string, input: { [key: string]: unknown }, byDriftRule: boolean): Promise<Execution> => {
    log(`pipeline: execution ${name} starts with ${JSON.stringify(input)}`);
    const started = Date.now();
    const run = runStateMachineLocally(loop.definition, input, {
      tasks: pipelineTasks(world, localExecutionArn(name)),
      executionName: name,
      waits: { [N.WAIT_FOR_DEPLOYMENT]: 250 },
    });
    let outcome: string;
    try {
      const output = await run.result;
      outcome = output?.outcome?.status ?? 'UNKNOWN';
    } catch (e) {
      outcome = `FAILED (${(e as Error).message})`;
    }
    await endpoint.settled();
    const execution = { name, trigger: String(input.trigger), byDriftRule, outcome };
    executions.push(execution);
    log(`pipeline: execution ${name} ended ${outcome} after ${((Date.now() - started) / 1000).toFixed(1)} s `
      + `(${run.visited.filter((s) => states[s]?.Type === 'Task').join(' → ')})`);
    return execution;
  };
  const servedVersion = () => {
    const arn = endpoint.serving?.modelPackageName;
    return arn ? registry.versionOf(arn) : undefined;
  };
  const sendTraffic = async (traffic: Digit[], label: string) => {
    let correct = 0;
    for (let i = 0; i < traffic.length; i++) {
      const d = traffic[i];
      const csv = i % 2 === 0;
      const res = await fetch(`${endpoint.url}/invocations`, {
        method: 'POST',
        headers: { 'content-type': csv ? 'text/csv' : 'application/json' },
        body: csv ? d.pixels.join(',') : JSON.stringify({ instances: [d.pixels] }),
      });
      if (res.status !== 200) throw new Error(`traffic: HTTP ${res.status} ${await res.text()}`);
      const body = await res.json() as { predictions: Array<{ class: number }> };
      if (body.predictions[0].class === d.label) correct += 1;
    }
    const accuracy = correct / traffic.length;
    log(`traffic: ${traffic.length} ${label} digits → endpoint (v${servedVersion()}): accuracy ${accuracy.toFixed(3)}; ${endpoint.captured} requests captured so far`);
    return accuracy;
  };
  const monitoringRun = (id: string) => {
    const result = monitor.run(id);
    const r = result.report;
    log(`monitor: run ${id}: ${result.status}: ${r.rows} captured rows, PSI ${r.psi.toFixed(3)}, ${r.driftedFeatures}/${r.featureCount} features shifted`
      + `${r.violations.length ? ` — ${r.violations.join('; ')}` : ''}`);
    // The processing-job state change SageMaker would emit for this run.
    const event = {
      'source': 'aws.sagemaker',
      'detail-type': 'SageMaker Processing Job State Change',
      'detail': {
        MonitoringScheduleArn: `arn:${FAKE_ENV.partition}:sagemaker:${FAKE_ENV.region}:${FAKE_ENV.account}:monitoring-schedule/${loop.schedule.name}`,
        ProcessingJobName: `model-monitoring-${id}`,
        ProcessingJobStatus: 'Completed',
        ExitMessage: result.exitMessage,
      },
    };
    return { result, event, matchesDriftRule: matchesPattern(loop.driftRule.pattern, event) };
  };

  let deployedVersion: number | undefined;
  await endpoint.start();
  try {
    // Act 1: the first model.
    log('loop: act 1 — first run: train → gate → register v1 → baseline → deploy');
    uploadChannels(digits.train, digits.test, 'original digits');
    const first = await runPipeline(`${model}-run-1`, { trigger: 'manual', dataVersion: 'v-original' }, false);
    expect(first.outcome === PipelineOutcome.SUCCEEDED, `run 1 should succeed, ended ${first.outcome}`);
    expect(servedVersion() === 1, `v1 should serve after run 1, serving v${servedVersion()}`);
    expect(fs.existsSync(s3.pathOf(loop.statisticsUri)), `the baseline ${loop.statisticsUri} should exist after run 1`);

    const normalAccuracy = await sendTraffic(digits.traffic, 'ordinary');
    const quiet = monitoringRun('hour-1');
    expect(quiet.result.status === 'Completed' && !quiet.matchesDriftRule, 'ordinary traffic should not be reported as drift');

    // Act 2: the traffic shifts; the monitor reports drift; the drift rule starts a retrain.
    log('loop: act 2 — traffic shifts to inverted digits (scanned forms: dark ink on white)');
    const shiftedTraffic = transformDigits(digits.traffic, INVERTED);
    const shiftedAccuracy = await sendTraffic(shiftedTraffic, 'inverted');
    expect(shiftedAccuracy < normalAccuracy - 0.2, `accuracy should drop on shifted traffic (${normalAccuracy.toFixed(3)} → ${shiftedAccuracy.toFixed(3)})`);
    // Ground truth for the new kind of input arrives (labelling), so the next training includes it.
    uploadChannels([...digits.train, ...transformDigits(digits.shiftedTrain, INVERTED)],
      [...digits.test, ...transformDigits(digits.shiftedTest, INVERTED)], 'labelled inverted digits joined the data');
    const drift = monitoringRun('hour-2');
    expect(drift.result.status === 'CompletedWithViolations', 'shifted traffic should be reported as drift');
    expect(drift.matchesDriftRule, `the monitoring event should match the drift rule ${loop.driftRule.id}`);
    if (drift.matchesDriftRule) {
      const input = loop.driftRule.input(drift.event);
      log(`trigger: ${loop.driftRule.id} matched the CompletedWithViolations event → start the pipeline with ${JSON.stringify(input)}`);
      const retrain = await runPipeline(`${model}-run-2-drift`, input, true);
      expect(retrain.outcome === PipelineOutcome.SUCCEEDED, `the drift retrain should succeed, ended ${retrain.outcome}`);
    }
    expect(servedVersion() === 2, `v2 should serve after the drift retrain, serving v${servedVersion()}`);
    const recovered = await sendTraffic(shiftedTraffic, 'inverted');
    expect(recovered > shiftedAccuracy + 0.2, `v2 should classify the shifted traffic (${shiftedAccuracy.toFixed(3)} → ${recovered.toFixed(3)})`);

    // Act 3: a bad upload (labels corrupted) is trained and rejected; v2 keeps serving.
    log('loop: act 3 — a bad upload: 60 % of the training labels corrupted');
    const mixedTrain = [...digits.train, ...transformDigits(digits.shiftedTrain, INVERTED)];
    uploadChannels(corruptLabels(mixedTrain, 0.6), [...digits.test, ...transformDigits(digits.shiftedTest, INVERTED)], 'corrupted labels');
    const manifestKey = `${model}/_manifests/v-corrupted`;
    const newDataInput = loop.newDataRule
      ? loop.newDataRule.input({ detail: { bucket: { name: 'data' }, object: { key: manifestKey } } })
      : { trigger: 'manual', dataVersion: 'v-corrupted' };
    if (loop.newDataRule) log(`trigger: ${loop.newDataRule.id} matched the new manifest ${manifestKey}`);
    const bad = await runPipeline(`${model}-run-3-new-data`, newDataInput, false);
    expect(REJECTED_OUTCOMES.includes(bad.outcome), `the corrupted candidate should be rejected, ended ${bad.outcome}`);
    expect(servedVersion() === 2, `v2 should still serve after the rejected candidate, serving v${servedVersion()}`);
    await sendTraffic(shiftedTraffic, 'inverted');
  } finally {
    deployedVersion = servedVersion();
    // Nothing is left running: the fleet gets SIGTERM, the proxy closes.
    await endpoint.stop();
  }

  const versions = registry.packages.length;
  const driftRetrains = executions.filter((e) => e.byDriftRule && e.outcome === PipelineOutcome.SUCCEEDED).length;
  const rejected = executions.filter((e) => REJECTED_OUTCOMES.includes(e.outcome)).length;
  const summary = `loop: versions=${versions} deployed=v${deployedVersion ?? 'none'} drift_retrains=${driftRetrains} rejected=${rejected}`;
  return { versions, deployedVersion, driftRetrains, rejected, failures, summary };
}
