/**
 * The local Model Monitor: the baselining job (the pipeline's ComputeBaseline task) and a monitoring
 * run over the captured requests. Both use the one drift rule in drift-statistics.ts. This is not the
 * SageMaker analyzer (a Spark job with per-feature distribution distances); it reads the same inputs
 * (training CSV, capture JSON Lines) and writes files of the same names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareWithBaseline, computeBaseline, DEFAULT_CONSTRAINTS, DriftBaseline, DriftConstraints, DriftReport } from './drift-statistics';
import { CaptureRecord } from './local-endpoint';
import { LocalS3 } from './local-s3';

/** The parts of a CreateProcessingJob request (baselining mode) the local run uses. */
export interface BaselineJobRequest {
  readonly ProcessingJobName: string;
  readonly Environment: { dataset_format: string };
  readonly ProcessingInputs: Array<{ S3Input: { S3Uri: string } }>;
  readonly ProcessingOutputConfig: { Outputs: Array<{ S3Output: { S3Uri: string } }> };
}

/** Reads every CSV row under a local directory. */
function csvRows(dir: string): number[][] {
  const rows: number[][] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim()) rows.push(line.split(',').map(Number));
    }
  }
  return rows;
}

/**
 * The baselining job: statistics of the dataset's features (the first column is the label when the
 * dataset format says `output_columns_position: START`), written as statistics.json and constraints.json.
 */
export function runBaselineJob(request: BaselineJobRequest, s3: LocalS3, log: (line: string) => void) {
  const format = JSON.parse(request.Environment.dataset_format) as { csv?: { header?: boolean; output_columns_position?: string } };
  const input = request.ProcessingInputs[0].S3Input.S3Uri;
  let rows = csvRows(s3.pathOf(input));
  if (format.csv?.header) rows = rows.slice(1);
  const features = format.csv?.output_columns_position === 'START' ? rows.map((r) => r.slice(1)) : rows;
  const baseline = computeBaseline(features);
  const output = request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri.replace(/\/+$/, '');
  s3.put(`${output}/statistics.json`, JSON.stringify(baseline));
  s3.put(`${output}/constraints.json`, JSON.stringify(DEFAULT_CONSTRAINTS, null, 2));
  log(`baseline: job ${request.ProcessingJobName}: ${baseline.rows} rows × ${baseline.features.length} features of ${input} → ${output}/statistics.json`);
  return { ProcessingJobName: request.ProcessingJobName, ProcessingJobStatus: 'Completed', ExitMessage: 'Completed: Job completed successfully' };
}

/** The feature rows of one captured request (CSV lines, or JSON `{"instances": [...]}`, rows or one row). */
export function captureRows(record: CaptureRecord): number[][] {
  const input = record.captureData.endpointInput;
  if (input.encoding === 'CSV') return input.data.split('\n').filter((l) => l.trim()).map((l) => l.split(',').map(Number));
  if (input.encoding === 'JSON') {
    const value = JSON.parse(input.data) as unknown;
    const rows = (value !== null && typeof value === 'object' && !Array.isArray(value)) ? (value as { instances: unknown[] }).instances : value as unknown[];
    return rows.every((r) => Array.isArray(r)) ? rows as number[][] : [rows as number[]];
  }
  return [];
}

/** One monitoring run: its status as SageMaker reports it, and the report. */
export interface MonitoringRun {
  readonly status: 'Completed' | 'CompletedWithViolations';
  readonly exitMessage: string;
  readonly report: DriftReport;
}

/** A monitoring schedule over one endpoint's capture: each run reads the records added since the last. */
export class LocalMonitor {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly s3: LocalS3,
    private readonly captureRoot: string,
    private readonly statisticsUri: string,
    private readonly constraintsUri: string,
    private readonly reportDir: string,
  ) {}

  private newRecords(): CaptureRecord[] {
    const out: CaptureRecord[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.jsonl')) {
          const lines = fs.readFileSync(full, 'utf8').split('\n').filter(Boolean);
          const from = this.seen.get(full) ?? 0;
          for (const line of lines.slice(from)) out.push(JSON.parse(line) as CaptureRecord);
          this.seen.set(full, lines.length);
        }
      }
    };
    walk(this.captureRoot);
    return out;
  }

  /** Analyses the records captured since the last run against the current baseline; writes the report. */
  public run(runId: string): MonitoringRun {
    const baseline = JSON.parse(this.s3.get(this.statisticsUri)) as DriftBaseline;
    const constraints = JSON.parse(this.s3.get(this.constraintsUri)) as DriftConstraints;
    const rows = this.newRecords().flatMap(captureRows);
    const report = compareWithBaseline(rows, baseline, constraints);
    fs.mkdirSync(path.join(this.reportDir, runId), { recursive: true });
    fs.writeFileSync(path.join(this.reportDir, runId, 'constraint_violations.json'), JSON.stringify({ violations: report.violations, report }, null, 2));
    const status = report.violations.length > 0 ? 'CompletedWithViolations' : 'Completed';
    const exitMessage = status === 'Completed' ? 'Completed: Job completed successfully with no violations.'
      : `CompletedWithViolations: Job completed successfully with ${report.violations.length} violations.`;
    return { status, exitMessage, report };
  }
}
