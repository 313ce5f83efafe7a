import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { MlInstanceType } from '../../../constructs/core/instance-type';
import { MonitoringFrequency } from '../../../constructs/monitoring/data-quality-monitor';
import { ApprovalMode } from '../../../constructs/pipeline/pipeline-options';
import { DEFAULT_METRIC_DEFINITIONS } from '../../../constructs/training/private/metric-definitions';
import { MlMonitoringDefinition } from '../../ml-monitoring-definition';
import { MlPipelineDefinition } from '../../ml-pipeline-definition';
import { nearest } from '../config-problem';
import { ConfigReader, RawMap } from './config-reader';
import { PathSegment } from './config-source';

/** Reads `pipeline:` onto `MlPipelineDefinition`; a pipeline needs the model to train. */
export function readPipeline(reader: ConfigReader, raw: RawMap | undefined, at: PathSegment[], trains: boolean): MlPipelineDefinition | undefined {
  if (!raw) return undefined;
  if (!trains) reader.fail(at, 'needs training (or params): the pipeline retrains the model with its training spec', true);
  const gate = reader.map(raw.gate) ?? {};
  const metric = reader.text(gate.metric);
  const metrics = DEFAULT_METRIC_DEFINITIONS.map((d) => d.name);
  if (metric !== undefined && !metrics.includes(metric)) {
    const suggestion = nearest(metric, metrics);
    reader.fail([...at, 'gate', 'metric'], `must be a metric the training job reports${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: ${metrics.join(', ')}`);
  }
  const minimum = reader.number(gate.minimum);
  const maximum = reader.number(gate.maximum);
  if (minimum !== undefined && maximum !== undefined && minimum > maximum) reader.fail([...at, 'gate', 'maximum'], `must be at least minimum (${minimum})`);
  const schedule = reader.text(raw.schedule);
  const minInterval = reader.number(raw.minIntervalMinutes);
  const approval = reader.text(raw.approval);
  return {
    schedule: schedule === undefined ? undefined : events.Schedule.expression(schedule),
    retrainOnNewData: typeof raw.retrainOnNewData === 'boolean' ? raw.retrainOnNewData : undefined,
    gateMetric: metric,
    gateMinimum: minimum,
    gateMaximum: maximum,
    gateHigherIsBetter: typeof gate.higherIsBetter === 'boolean' ? gate.higherIsBetter : undefined,
    championMargin: reader.number(raw.championMargin),
    approval: approval === 'auto' ? ApprovalMode.AUTO : approval === 'manual' ? ApprovalMode.MANUAL : undefined,
    minInterval: minInterval === undefined ? undefined : Duration.minutes(minInterval),
    crossAccountReadAccounts: reader.strings(raw.crossAccountReadAccounts),
    monitoring: readMonitoring(reader, reader.map(raw.monitoring)),
  };
}

function readMonitoring(reader: ConfigReader, raw: RawMap | undefined): MlMonitoringDefinition | undefined {
  if (!raw) return undefined;
  const frequency = reader.text(raw.frequency);
  const instanceType = reader.text(raw.instanceType);
  return {
    samplingPercentage: reader.number(raw.samplingPercentage),
    frequency: frequency === 'daily' ? MonitoringFrequency.DAILY : frequency === 'hourly' ? MonitoringFrequency.HOURLY : undefined,
    instanceType: instanceType === undefined ? undefined : MlInstanceType.of(instanceType),
    retrainOnDrift: typeof raw.retrainOnDrift === 'boolean' ? raw.retrainOnDrift : undefined,
  };
}
