/** One problem in a config file, with where it is. Exported from the package (jsii-friendly: plain fields). */
export interface MlopsConfigProblem {
  /** The file, as given. */
  readonly file: string;
  /** 1-based line of the offending key or value (1 when the file itself is at fault). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Key path inside the file, e.g. `models[0].training.hyperparameters.learnin_rate` (`(root)` for the top level). */
  readonly keyPath: string;
  /** The offending value as written (JSON), or `(missing)`. */
  readonly value: string;
  /** What is allowed instead, including a "did you mean" suggestion for an unknown key. */
  readonly allowed: string;
}

/** `file:line:column keyPath = value: allowed`, the line format of every report (docs/config.md). */
export function formatProblem(problem: MlopsConfigProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.keyPath} = ${problem.value}: ${problem.allowed}`;
}

/** The whole report: a header counting the problems, then one line per problem, in file order. */
export function formatProblems(file: string, problems: MlopsConfigProblem[]): string {
  const noun = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [`${file}: ${noun}`, ...sortProblems(problems).map((p) => `  ${formatProblem(p)}`)].join('\n');
}

/** File order (line, column), then key path, so reports are stable. */
export function sortProblems(problems: MlopsConfigProblem[]): MlopsConfigProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column || a.keyPath.localeCompare(b.keyPath));
}

/** Levenshtein edit distance (insert, delete, substitute), two rows. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate nearest to `word` (case-insensitive), if it is near enough to be a typo: at most a third of
 * the word's length in edits (so `learnin_rate` → `learning_rate`, but `foo` suggests nothing).
 */
export function nearest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** `unknown key; did you mean "x"? allowed: a, b, c` */
export function unknownKeyMessage(key: string, allowed: string[]): string {
  const suggestion = nearest(key, allowed);
  const list = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'no keys are allowed here';
  return suggestion ? `unknown key; did you mean "${suggestion}"? ${list}` : `unknown key; ${list}`;
}
