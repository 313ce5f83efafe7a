/**
 * What the local loop needs from a synthesized template: the training pipeline's definition (plain
 * ASL, references resolved to fixed fake values by state-machine-asl.ts), the execution inputs its
 * trigger rules would send, and the data-quality monitor's baseline locations. Nothing is hand-written:
 * changing the stack changes what the loop runs.
 */
import { allStates, AslDefinition, CfnTemplate, fakeReference, stateMachineDefinitions } from '../state-machine-asl';
import { PipelineStateNames as N } from '../../constructs/pipeline/pipeline-states';

/** An EventBridge rule target's input, as a function of the matched event. */
export type RuleInput = (event: { [key: string]: unknown }) => { [key: string]: unknown };

/** The loop's pieces, found in one template. */
export interface TemplateLoop {
  /** Logical id of the pipeline's state machine. */
  readonly pipelineId: string;
  readonly definition: AslDefinition;
  /** The rule that starts a retrain on Model Monitor violations: its pattern (resolved) and input. */
  readonly driftRule: { readonly id: string; readonly pattern: { [key: string]: unknown }; readonly input: RuleInput };
  /** The rule that starts a run on new data (a manifest object), if the stack has one. */
  readonly newDataRule?: { readonly id: string; readonly input: RuleInput };
  /** Where the monitor reads the baseline (`s3://…`). */
  readonly statisticsUri: string;
  readonly constraintsUri: string;
  /** The schedule's name and expression. */
  readonly schedule: { readonly name: string; readonly expression: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Resource = { Type: string; Properties?: any };

/** Renders a rule target's Input / InputTransformer for an event. */
function targetInput(target: { Input?: unknown; InputTransformer?: { InputPathsMap?: { [k: string]: string }; InputTemplate: unknown } }): RuleInput {
  if (target.Input !== undefined) {
    const input = JSON.parse(fakeReference(target.Input));
    return () => input;
  }
  if (target.InputTransformer) {
    const template = fakeReference(target.InputTransformer.InputTemplate);
    const paths = target.InputTransformer.InputPathsMap ?? {};
    return (event) => {
      // As EventBridge does: a placeholder inside quotes gets the bare string, one outside quotes the JSON value.
      const text = template.replace(/("?)<([A-Za-z0-9_.-]+)>("?)/g, (whole, open: string, name: string, close: string) => {
        const p = paths[name];
        if (!p) return whole;
        // Only `$.a.b.c` paths, which is all the pipeline's rules use.
        const value = p.replace(/^\$\.?/, '').split('.').filter(Boolean).reduce<unknown>((v, k) => (v as { [k: string]: unknown } | undefined)?.[k], event);
        if (open && close) return JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value));
        return `${open}${JSON.stringify(value)}${close}`;
      });
      return JSON.parse(text);
    };
  }
  return (event) => event;
}

/** Finds the loop of the model whose training reads `s3://…/<model>/…` in `template`; throws naming what is missing. */
export function loopFromTemplate(template: CfnTemplate, model: string): TemplateLoop {
  const resources = Object.entries(template.Resources ?? {}) as Array<[string, Resource]>;
  const machines = Object.entries(stateMachineDefinitions(template)).filter(([, d]) => {
    const states = allStates(d);
    const train = states[N.TRAIN];
    return train && JSON.stringify(train.Parameters?.InputDataConfig ?? []).includes(`/${model}/`);
  });
  if (machines.length !== 1) throw new Error(`demo:loop: expected one training pipeline for "${model}", found ${machines.length}`);
  const [pipelineId, definition] = machines[0];
  if (!allStates(definition)[N.BASELINE]) throw new Error(`demo:loop: the pipeline ${pipelineId} has no ${N.BASELINE} step (monitoring is off)`);

  const targetsPipeline = (r: Resource) => (r.Properties?.Targets ?? []).find((t: { Arn: unknown }) => JSON.stringify(t.Arn).includes(`"${pipelineId}"`));
  const rules = resources.filter(([, r]) => r.Type === 'AWS::Events::Rule' && targetsPipeline(r));
  const drift = rules.find(([, r]) => (r.Properties.EventPattern?.source ?? []).includes('aws.sagemaker'));
  if (!drift) throw new Error(`demo:loop: no EventBridge rule starts ${pipelineId} on SageMaker (Model Monitor) events`);
  const newData = rules.find(([, r]) => (r.Properties.EventPattern?.source ?? []).includes('aws.s3'));

  const jobDefinitions = resources.filter(([, r]) => r.Type === 'AWS::SageMaker::DataQualityJobDefinition'
    && JSON.stringify(r.Properties.DataQualityBaselineConfig).includes(`/${model}/`));
  if (jobDefinitions.length !== 1) throw new Error(`demo:loop: expected one DataQualityJobDefinition for "${model}", found ${jobDefinitions.length}`);
  const baselineConfig = jobDefinitions[0][1].Properties.DataQualityBaselineConfig;
  const schedule = resources.find(([, r]) => r.Type === 'AWS::SageMaker::MonitoringSchedule'
    && r.Properties.MonitoringScheduleConfig.MonitoringJobDefinitionName === jobDefinitions[0][1].Properties.JobDefinitionName);
  if (!schedule) throw new Error(`demo:loop: no MonitoringSchedule runs ${jobDefinitions[0][1].Properties.JobDefinitionName}`);

  return {
    pipelineId,
    definition,
    driftRule: { id: drift[0], pattern: JSON.parse(JSON.stringify(drift[1].Properties.EventPattern, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) && (v.Ref || v['Fn::Join'] || v['Fn::GetAtt']) ? fakeReference(v) : v))), input: targetInput(targetsPipeline(drift[1])) },
    newDataRule: newData ? { id: newData[0], input: targetInput(targetsPipeline(newData[1])) } : undefined,
    statisticsUri: fakeReference(baselineConfig.StatisticsResource.S3Uri),
    constraintsUri: fakeReference(baselineConfig.ConstraintsResource.S3Uri),
    schedule: {
      name: fakeReference(schedule[1].Properties.MonitoringScheduleName),
      expression: schedule[1].Properties.MonitoringScheduleConfig.ScheduleConfig.ScheduleExpression,
    },
  };
}

/** Whether an event matches an EventBridge pattern (the subset the loop's rules use: values, prefix, $or). */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((p) => (p !== null && typeof p === 'object' && 'prefix' in p)
      ? typeof event === 'string' && event.startsWith((p as { prefix: string }).prefix) : p === event);
  }
  if (pattern !== null && typeof pattern === 'object') {
    return Object.entries(pattern as { [k: string]: unknown }).every(([key, sub]) => {
      if (key === '$or') return (sub as unknown[]).some((alternative) => matchesPattern(alternative, event));
      const e = (event as { [k: string]: unknown } | undefined)?.[key];
      return e !== undefined && matchesPattern(sub, e);
    });
  }
  return pattern === event;
}
