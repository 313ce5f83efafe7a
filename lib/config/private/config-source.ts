import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { MlopsConfigProblem } from '../config-problem';

/** One step into the parsed file: a map key or a list index. */
export type PathSegment = string | number;

/** `['models', 0, 'training']` → `models[0].training`; odd keys are quoted (`hyperparameters["a b"]`). */
export function keyPath(path: PathSegment[]): string {
  if (path.length === 0) return '(root)';
  return path.map((segment, i) => {
    if (typeof segment === 'number') return `[${segment}]`;
    if (/^[A-Za-z_][A-Za-z0-9_:-]*$/.test(segment)) return i === 0 ? segment : `.${segment}`;
    return `[${JSON.stringify(segment)}]`;
  }).join('');
}

/**
 * A parsed config file that remembers where every node is: `yaml`'s `parseDocument` keeps each node's
 * source range and a `LineCounter` turns offsets into line and column, so any problem found on the plain
 * data (by the schema or by a rule) can point at the exact key or value in the file.
 */
export class ConfigSource {
  /** Parses `text`; YAML syntax errors are returned as problems (and `data` is then undefined). */
  public static parse(file: string, text: string): { source: ConfigSource; problems: MlopsConfigProblem[] } {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const source = new ConfigSource(file, document, lineCounter);
    const problems = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, line, column: col, keyPath: '(yaml)', value: JSON.stringify(text.slice(error.pos[0], error.pos[1]).slice(0, 40)), allowed: `not valid YAML: ${error.message.split('\n')[0]}` };
    });
    return { source, problems };
  }

  /** The plain data (what the schema validates). */
  public readonly data: unknown;

  private constructor(public readonly file: string, private readonly document: Document, private readonly lineCounter: LineCounter) {
    this.data = document.errors.length === 0 ? document.toJS({ maxAliasCount: 100 }) : undefined;
  }

  /** A problem at `path`: at the key itself with `atKey` (unknown keys), else at the value. */
  public problem(path: PathSegment[], allowed: string, options: { atKey?: boolean; value?: unknown } = {}): MlopsConfigProblem {
    const { line, column } = this.position(path, options.atKey ?? false);
    const value = 'value' in options ? options.value : this.valueAt(path);
    return { file: this.file, line, column, keyPath: keyPath(path), value: describe(value), allowed };
  }

  /** Line and column of the node at `path` (or of the nearest existing parent, for a missing key). */
  public position(path: PathSegment[], atKey: boolean): { line: number; column: number } {
    let node: unknown = this.document.contents;
    let offset = rangeStart(node) ?? 0;
    for (const [i, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        const last = i === path.length - 1;
        node = pair.value;
        offset = (last && atKey ? rangeStart(pair.key) : rangeStart(pair.value) ?? rangeStart(pair.key)) ?? offset;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment];
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  private valueAt(path: PathSegment[]): unknown {
    let value: unknown = this.data;
    for (const segment of path) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[segment as string];
    }
    return value;
  }
}

function rangeStart(node: unknown): number | undefined {
  return node instanceof Object && 'range' in node ? (node as Node).range?.[0] : undefined;
}

/** A value for a message: scalars as JSON, objects and lists by their size (the line already points at them). */
function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).length} key${Object.keys(value).length === 1 ? '' : 's'}}`;
  return JSON.stringify(value);
}
