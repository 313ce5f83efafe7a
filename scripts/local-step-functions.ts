/**
 * Runs a synthesized state machine definition on this machine with aws-local-stepfunctions, every
 * Task state replaced by a local function (by state name), waits and retry intervals shortened.
 * Used by the pipeline tests and by `npm run demo:loop`.
 *
 *   const run = runStateMachineLocally(definition, { trigger: 'manual' }, {
 *     tasks: { [PipelineStateNames.TRAIN]: async (input) => ({ ... }) },
 *   });
 *   const output = await run.result;
 */
import type { StateMachine as StateMachineType } from 'aws-local-stepfunctions';
import type { AslDefinition } from './state-machine-asl';

// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers, which Node adds in 22; this is the same thing.
type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T) => void; reject: (reason?: unknown) => void };
const promiseWithResolvers = Promise as unknown as { withResolvers?: WithResolvers };
if (typeof promiseWithResolvers.withResolvers !== 'function') {
  promiseWithResolvers.withResolvers = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
// Loaded after the polyfill on purpose.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StateMachine } = require('aws-local-stepfunctions') as { StateMachine: typeof StateMachineType };

/** `$$.StateMachine.Id` of local runs. */
export const LOCAL_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:local';

/** `$$.Execution.Id` of a local run named `executionName` (what ListExecutions would report for it). */
export function localExecutionArn(executionName: string): string {
  return `${LOCAL_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

/** JSON values flowing between states. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonValue = any;
/** A local implementation of one Task state: receives the state's effective input (after Parameters). */
export type LocalTask = (input: JsonValue) => Promise<JsonValue> | JsonValue;

/** How to run. */
export interface LocalRunOptions {
  /** Task state name → local implementation. A Task without one would call AWS: it throws instead. */
  readonly tasks: Record<string, LocalTask>;
  /** Wait state name → milliseconds. @default every Wait state 0 ms */
  readonly waits?: Record<string, number>;
  /** The execution name (`$$.Execution.Name`). @default 'local-execution' */
  readonly executionName?: string;
  /** Retry intervals in ms for every retrying state. @default 0 */
  readonly retryIntervalMs?: number;
}

/**
 * A started local execution. Task timeouts are the definition's own (the interpreter's default is 60 s
 * for a Task without one); a local task still pending at an abort keeps its timeout timer alive, so
 * settle it (as SageMaker would stop the job) after aborting.
 */
export interface LocalRun {
  /** The execution's output; rejects with ExecutionError / ExecutionAbortedError. */
  readonly result: Promise<JsonValue>;
  /** Aborts the execution (as StopExecution would). */
  readonly abort: () => void;
  /** Names of the states entered so far, in order (including states inside Parallel branches). */
  readonly visited: string[];
}

/** Every Task state of a definition (including branches), so none can reach AWS by accident. */
function taskStateNames(definition: AslDefinition): string[] {
  const names: string[] = [];
  const visit = (machine: AslDefinition) => {
    for (const [name, state] of Object.entries(machine.States ?? {}) as Array<[string, AslDefinition]>) {
      if (state.Type === 'Task') names.push(name);
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.Iterator) visit(state.Iterator);
      if (state.ItemProcessor) visit(state.ItemProcessor);
    }
  };
  visit(definition);
  return names;
}

function stateNamesOfType(definition: AslDefinition, type: string): string[] {
  const names: string[] = [];
  const visit = (machine: AslDefinition) => {
    for (const [name, state] of Object.entries(machine.States ?? {}) as Array<[string, AslDefinition]>) {
      if (state.Type === type) names.push(name);
      for (const branch of state.Branches ?? []) visit(branch);
    }
  };
  visit(definition);
  return names;
}

/** Starts a local execution of `definition` with `input`. */
export function runStateMachineLocally(definition: AslDefinition, input: JsonValue, options: LocalRunOptions): LocalRun {
  const visited: string[] = [];
  const executionName = options.executionName ?? 'local-execution';
  const tasks: Record<string, LocalTask> = {};
  for (const name of taskStateNames(definition)) {
    tasks[name] = options.tasks[name] ?? (() => { throw new Error(`local run: Task state "${name}" has no local implementation`); });
  }
  const waits: Record<string, number> = {};
  for (const name of stateNamesOfType(definition, 'Wait')) waits[name] = options.waits?.[name] ?? 0;
  const retries: Record<string, number> = {};
  for (const name of [...taskStateNames(definition), ...stateNamesOfType(definition, 'Parallel')]) retries[name] = options.retryIntervalMs ?? 0;

  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } as never });
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: tasks, waitTimeOverrides: waits, retryIntervalOverrides: retries },
    context: {
      Execution: {
        Id: localExecutionArn(executionName),
        Name: executionName, Input: input, StartTime: '2026-01-01T00:00:00.000Z',
      },
      StateMachine: { Id: LOCAL_STATE_MACHINE_ARN, Name: 'local' },
    } as never,
  });
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      const e = event as { type: string; state?: { name: string } };
      if (e.type === 'StateEntered' && e.state) visited.push(e.state.name);
    }
  })().catch(() => undefined);
  // A failed run's last states are in `visited` too: the event log is drained before the result settles.
  const result = execution.result.then(async (output) => { await collecting; return output; },
    async (error) => { await collecting; throw error; });
  return { result, abort: execution.abort, visited };
}
