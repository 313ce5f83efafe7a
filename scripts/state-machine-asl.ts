/**
 * Plain Amazon States Language from a synthesized CloudFormation template: a state machine's
 * `DefinitionString` is an `Fn::Join` of literal text and references (bucket names, role and function
 * ARNs, the partition). This resolves every reference to a fixed fake value, so the definition can be
 * validated (asl-validator) and executed locally (aws-local-stepfunctions) exactly as synthesized.
 *
 *   const asl = stateMachineDefinitions(Template.fromStack(stack).toJSON());
 *   const definition = asl[logicalId];           // or: onlyStateMachineDefinition(template, 'TrainingPipeline')
 */

/** Loosely typed CloudFormation JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CfnTemplate = { Resources?: Record<string, any> };
/** An ASL definition as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AslDefinition = Record<string, any>;

/** The values pseudo parameters resolve to. */
export const FAKE_ENV = { partition: 'aws', region: 'us-east-1', account: '123456789012', urlSuffix: 'amazonaws.com' };

/**
 * The value a reference resolves to: pseudo parameters their usual value; `Ref` of a resource its
 * lower-cased logical id (a valid bucket, model or topic name); `Fn::GetAtt` an ARN naming the
 * resource and attribute. Deterministic, so tests can assert on them.
 */
export function fakeReference(node: unknown): string {
  const o = node as Record<string, unknown>;
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (o.Ref !== undefined) {
    switch (o.Ref) {
      case 'AWS::Partition': return FAKE_ENV.partition;
      case 'AWS::Region': return FAKE_ENV.region;
      case 'AWS::AccountId': return FAKE_ENV.account;
      case 'AWS::URLSuffix': return FAKE_ENV.urlSuffix;
      case 'AWS::StackName': return 'stack';
      default: return String(o.Ref).toLowerCase();
    }
  }
  if (o['Fn::GetAtt']) {
    const [resource, attribute] = o['Fn::GetAtt'] as [string, string];
    return `arn:${FAKE_ENV.partition}:fake:${FAKE_ENV.region}:${FAKE_ENV.account}:${resource.toLowerCase()}/${attribute}`;
  }
  if (o['Fn::Join']) {
    const [delimiter, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(fakeReference).join(delimiter);
  }
  if (o['Fn::Select']) {
    const [index, list] = o['Fn::Select'] as [number, unknown];
    return fakeList(list)[Number(index)] ?? '';
  }
  if (o['Fn::ImportValue']) return `import-${fakeReference(o['Fn::ImportValue']).toLowerCase()}`;
  if (o['Fn::Sub'] !== undefined) {
    const sub = o['Fn::Sub'];
    const [text, vars] = Array.isArray(sub) ? sub as [string, Record<string, unknown>] : [sub as string, {}];
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => vars[name] !== undefined
      ? fakeReference(vars[name])
      : fakeReference(name.includes('.') ? { 'Fn::GetAtt': name.split('.') } : { Ref: name }));
  }
  throw new Error(`state-machine-asl: cannot resolve ${JSON.stringify(node)}`);
}

function fakeList(node: unknown): string[] {
  const o = node as Record<string, unknown>;
  if (Array.isArray(node)) return node.map(fakeReference);
  if (o['Fn::Split']) {
    const [delimiter, source] = o['Fn::Split'] as [string, unknown];
    return fakeReference(source).split(delimiter);
  }
  return [fakeReference(node)];
}

/** Every state machine of the template: logical id → its definition as plain ASL JSON. */
export function stateMachineDefinitions(template: CfnTemplate): Record<string, AslDefinition> {
  const out: Record<string, AslDefinition> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const props = resource.Properties ?? {};
    const text = props.DefinitionString !== undefined ? fakeReference(props.DefinitionString) : JSON.stringify(props.Definition);
    out[logicalId] = JSON.parse(text);
  }
  return out;
}

/** The one state machine whose logical id contains `idPart` (throws when there are none or several). */
export function onlyStateMachineDefinition(template: CfnTemplate, idPart: string): AslDefinition {
  const matches = Object.entries(stateMachineDefinitions(template)).filter(([id]) => id.includes(idPart));
  if (matches.length !== 1) {
    throw new Error(`state-machine-asl: expected one state machine with "${idPart}" in its logical id, found ${matches.length}: `
      + Object.keys(stateMachineDefinitions(template)).join(', '));
  }
  return matches[0][1];
}

/** Every state of a definition by name, including those inside Parallel branches and Map iterators. */
export function allStates(definition: AslDefinition): Record<string, AslDefinition> {
  const out: Record<string, AslDefinition> = {};
  const visit = (machine: AslDefinition) => {
    for (const [name, state] of Object.entries(machine.States ?? {}) as Array<[string, AslDefinition]>) {
      out[name] = state;
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.Iterator) visit(state.Iterator);
      if (state.ItemProcessor) visit(state.ItemProcessor);
    }
  };
  visit(definition);
  return out;
}
