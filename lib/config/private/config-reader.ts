import { MlopsConfigProblem } from '../config-problem';
import { ConfigSource, PathSegment } from './config-source';

/** A plain YAML mapping. */
export type RawMap = { [key: string]: unknown };

/**
 * Reads values out of the parsed file while collecting problems and assumptions with their positions.
 * The getters are defensive (a value of the wrong type reads as missing: the schema check already
 * reported it), so the rules below the schema can run on a file with schema errors and every problem
 * is reported in one go.
 */
export class ConfigReader {
  public readonly problems: MlopsConfigProblem[] = [];
  /** What was assumed where, one per assumption (docs/config.md); formatted like problems. */
  public readonly assumptions: MlopsConfigProblem[] = [];

  constructor(public readonly source: ConfigSource) {}

  /** Records a problem at `path` (its value, or its key with `atKey`). */
  public fail(path: PathSegment[], allowed: string, atKey = false): void {
    this.problems.push(this.source.problem(path, allowed, { atKey }));
  }

  /** Records an assumption the config left to the defaults, where it applies (the key, or its parent when missing). */
  public assume(path: PathSegment[], what: string): void {
    this.assumptions.push(this.source.problem(path, what));
  }

  public map(value: unknown): RawMap | undefined {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as RawMap : undefined;
  }

  public list(value: unknown): unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
  }

  public text(value: unknown): string | undefined {
    return typeof value === 'string' ? value : undefined;
  }

  public number(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }

  public strings(value: unknown): string[] | undefined {
    const items = this.list(value);
    return items?.every((item) => typeof item === 'string') ? items as string[] : undefined;
  }

  public stringMap(value: unknown): { [key: string]: string } | undefined {
    const map = this.map(value);
    return map && Object.values(map).every((v) => typeof v === 'string') ? map as { [key: string]: string } : undefined;
  }

  /**
   * One of a singular/plural key pair (`model`/`models`): the list, with the path of each item. Both is a
   * problem; neither is a problem when `required`.
   */
  public oneOrMany(root: RawMap, singular: string, plural: string, required: boolean): { item: unknown; path: PathSegment[] }[] {
    if (root[singular] !== undefined && root[plural] !== undefined) {
      this.fail([singular], `use either "${singular}" (one) or "${plural}" (a list), not both`, true);
    }
    if (root[singular] !== undefined) return [{ item: root[singular], path: [singular] }];
    const items = this.list(root[plural]);
    if (items) return items.map((item, i) => ({ item, path: [plural, i] }));
    if (required && root[plural] === undefined) this.fail([], `required key "${plural}" (or "${singular}") is missing`);
    return [];
  }
}
