/**
 * Test helpers for running the synthesized pipeline locally: the plain ASL of a stack's state
 * machines (references resolved to fake values) and a local runner with Task overrides by state name.
 * The reusable parts live in scripts/ so `npm run demo:loop` uses exactly the same code.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AslDefinition, onlyStateMachineDefinition, stateMachineDefinitions } from '../../scripts/state-machine-asl';

export { localExecutionArn, runStateMachineLocally } from '../../scripts/local-step-functions';
export type { JsonValue, LocalRun, LocalRunOptions, LocalTask } from '../../scripts/local-step-functions';
export { allStates, fakeReference, FAKE_ENV, onlyStateMachineDefinition, stateMachineDefinitions } from '../../scripts/state-machine-asl';
export type { AslDefinition } from '../../scripts/state-machine-asl';

/** Every state machine of the stack, as plain ASL. */
export function definitionsOf(stack: Stack): Record<string, AslDefinition> {
  return stateMachineDefinitions(Template.fromStack(stack).toJSON());
}

/** The stack's one state machine whose logical id contains `idPart`. */
export function definitionOf(stack: Stack, idPart: string): AslDefinition {
  return onlyStateMachineDefinition(Template.fromStack(stack).toJSON(), idPart);
}

/** The stack's one state machine that has a state named `stateName` (e.g. 'Train' for the pipeline). */
export function definitionWithState(stack: Stack, stateName: string): AslDefinition {
  const matches = Object.values(stateMachineDefinitions(Template.fromStack(stack).toJSON())).filter((d) => d.States?.[stateName]);
  if (matches.length !== 1) throw new Error(`expected one state machine with a state "${stateName}", found ${matches.length}`);
  return matches[0];
}
