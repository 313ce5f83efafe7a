/**
 * CreateTrainingJob (`.sync`) on this machine: the request the state machine renders is run by the
 * reference container's `train`, with channels, hyperparameters and output resolved through the
 * local S3. The result has the DescribeTrainingJob shape the pipeline reads; final metrics are taken
 * from the training log with the request's own MetricDefinitions regexes, as SageMaker does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startContainer } from './container-process';
import { LocalS3 } from './local-s3';

/** The parts of a CreateTrainingJob request the local run uses. */
export interface TrainingJobRequest {
  readonly TrainingJobName: string;
  readonly AlgorithmSpecification: { readonly MetricDefinitions?: Array<{ Name: string; Regex: string }> };
  readonly HyperParameters?: { [name: string]: string };
  readonly InputDataConfig: Array<{ ChannelName: string; DataSource: { S3DataSource: { S3Uri: string } } }>;
  readonly OutputDataConfig: { S3OutputPath: string };
  readonly Environment?: { [name: string]: string };
}

/** Options of a local training run. */
export interface LocalTrainingOptions {
  readonly s3: LocalS3;
  /** Scratch directory for the job's config and logs. */
  readonly workDir: string;
  /** Hyperparameters replaced for speed (e.g. fewer epochs), reported in the log. */
  readonly hyperparameterOverrides?: { [name: string]: string };
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** Last value each metric's regex matched in the log, as SageMaker's FinalMetricDataList. */
export function finalMetrics(lines: string[], definitions: Array<{ Name: string; Regex: string }>): Array<{ MetricName: string; Value: number }> {
  const out: Array<{ MetricName: string; Value: number }> = [];
  for (const d of definitions) {
    const re = new RegExp(d.Regex);
    let value: number | undefined;
    for (const line of lines) {
      const m = re.exec(line);
      if (m && m[1] !== undefined && Number.isFinite(Number(m[1]))) value = Number(m[1]);
    }
    if (value !== undefined) out.push({ MetricName: d.Name, Value: value });
  }
  return out;
}

/** Runs the job to completion; throws (as a failed `.sync` task) if the container fails. */
export async function runTrainingJob(request: TrainingJobRequest, options: LocalTrainingOptions) {
  const { s3 } = options;
  const jobDir = path.join(options.workDir, request.TrainingJobName);
  fs.rmSync(jobDir, { recursive: true, force: true });
  const configDir = path.join(jobDir, 'input', 'config');
  fs.mkdirSync(configDir, { recursive: true });
  const hyperparameters = { ...request.HyperParameters, ...options.hyperparameterOverrides };
  fs.writeFileSync(path.join(configDir, 'hyperparameters.json'), JSON.stringify(hyperparameters));
  const outputUri = `${request.OutputDataConfig.S3OutputPath.replace(/\/+$/, '')}/${request.TrainingJobName}/output`;
  const modelDir = s3.pathOf(`${outputUri}/model`);
  const outputDataDir = s3.pathOf(`${outputUri}/data`);
  fs.rmSync(path.dirname(modelDir), { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...request.Environment,
    SM_INPUT_CONFIG_DIR: configDir,
    SM_MODEL_DIR: modelDir,
    SM_OUTPUT_DIR: path.join(jobDir, 'output'),
    SM_OUTPUT_DATA_DIR: outputDataDir,
  };
  for (const channel of ['train', 'validation', 'test']) env[`SM_CHANNEL_${channel.toUpperCase()}`] = path.join(jobDir, 'no-such-channel', channel);
  for (const c of request.InputDataConfig) env[`SM_CHANNEL_${c.ChannelName.toUpperCase()}`] = s3.pathOf(c.DataSource.S3DataSource.S3Uri);
  const channels = request.InputDataConfig.map((c) => `${c.ChannelName}=${c.DataSource.S3DataSource.S3Uri}`).join(' ');
  options.log(`train: job ${request.TrainingJobName}: ${channels}; hyperparameters ${JSON.stringify(hyperparameters)}`);
  const started = Date.now();
  const proc = startContainer('train', env, (l) => /^(channel |test_accuracy=)/.test(l));
  const code = await proc.exited;
  if (code !== 0) {
    const failure = [...proc.lines].reverse().find((l) => /error|fail/i.test(l)) ?? `exit ${code}`;
    const error = new Error(`training job ${request.TrainingJobName} failed: ${failure}`);
    error.name = 'States.TaskFailed';
    throw error;
  }
  const metrics = finalMetrics(proc.lines, request.AlgorithmSpecification.MetricDefinitions ?? []);
  options.log(`train: job ${request.TrainingJobName} completed in ${((Date.now() - started) / 1000).toFixed(1)} s: `
    + metrics.map((m) => `${m.MetricName}=${m.Value}`).join(' '));
  return {
    TrainingJobName: request.TrainingJobName,
    TrainingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${request.TrainingJobName.toLowerCase()}`,
    TrainingJobStatus: 'Completed',
    SecondaryStatus: 'Completed',
    HyperParameters: hyperparameters,
    // SageMaker uploads model.tar.gz; locally the model directory next to that key is served as is.
    ModelArtifacts: { S3ModelArtifacts: `${outputUri}/model.tar.gz` },
    FinalMetricDataList: metrics.map((m) => ({ ...m, Timestamp: new Date().toISOString() })),
    OutputDataConfig: request.OutputDataConfig,
  };
}

/** The model directory behind a `…/model.tar.gz` artifact URI of a local run. */
export function localModelDir(s3: LocalS3, modelDataUrl: string): string {
  return s3.pathOf(modelDataUrl.replace(/\.tar\.gz$/, ''));
}
