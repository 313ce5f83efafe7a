import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { MlopsConfigProblem, unknownKeyMessage } from '../config-problem';
import { validate as generatedValidator } from './config-schema-validator';
import { ConfigSource, PathSegment } from './config-source';

/**
 * lib/config/private/config-schema.ts compiled by ajv ahead of time (`npm run schema`), with the options schema-check relies
 * on: all errors, each with its `parentSchema`. Compiling it here instead cost most of a config read (ajv's compiler
 * and the schema compile, ~0.2 s on every synth). Only its type comes from ajv.
 */
const validateConfig = generatedValidator as unknown as ValidateFunction;

/** `/models/0/training` → `['models', 0, 'training']` (JSON Pointer, RFC 6901). */
function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment;
  });
}

/** The schema's own words for what a value must be, e.g. its description of an instance type. */
function allowedFor(error: ErrorObject): string {
  // The description without its "Default: …" sentence (a default does not say what is allowed).
  const description = (error.parentSchema as { description?: string } | undefined)?.description?.replace(/\s*Default:.*$/, '').replace(/\.$/, '');
  switch (error.keyword) {
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'pattern':
      return description ? `must be ${lowerFirst(description)}` : `must match ${error.params.pattern}`;
    case 'type':
      return `must be ${[error.params.type].flat().join(' or ')}${description ? ` (${lowerFirst(description)})` : ''}`;
    default:
      return `${error.message ?? 'is invalid'}${description ? ` (${lowerFirst(description)})` : ''}`;
  }
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * Validates the parsed data against the JSON Schema (all errors, not the first), and turns every error into a
 * problem that points at its key or value in the file. Unknown keys get the nearest valid key.
 */
export function schemaProblems(source: ConfigSource): MlopsConfigProblem[] {
  if (validateConfig(source.data)) return [];
  const problems: MlopsConfigProblem[] = [];
  const seen = new Set<string>();
  for (const error of validateConfig.errors ?? []) {
    const path = pointerToPath(error.instancePath);
    let problem: MlopsConfigProblem;
    if (error.keyword === 'additionalProperties') {
      const key = String(error.params.additionalProperty);
      const properties = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      problem = source.problem([...path, key], unknownKeyMessage(key, properties), { atKey: true });
    } else if (error.keyword === 'required') {
      const key = String(error.params.missingProperty);
      problem = source.problem([...path, key], `required key "${key}" is missing`, { value: undefined });
    } else {
      problem = source.problem(path, allowedFor(error));
    }
    const id = `${problem.keyPath}|${problem.allowed}`;
    if (!seen.has(id)) problems.push(problem);
    seen.add(id);
  }
  return problems;
}
