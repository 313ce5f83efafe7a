import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'node:util';
import { formatProblems } from '../config/config-problem';
import { MlopsConfig } from '../config/mlops-config';
import { STARTER_CONFIG } from './starter-config';

/** Where the command writes. */
export interface CliOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Exit codes: 0 fine, 1 a config file has problems, 2 the command line is wrong. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

const HELP = `Usage: cdk-mlops <command> [options]

Commands:
  validate <file...>   Check config files against the schema and the platform's rules. Prints every
                       problem as file:line:column keyPath = value: what is allowed, and exits 1 if any.
  init [file]          Write a commented starter config (default: mlops.config.yaml) that validates.

Options:
  -q, --quiet          validate: print problems only (not the assumptions the file relies on)
  -f, --force          init: overwrite an existing file
  -h, --help           Show this help

Docs: docs/config.md (every key and default), docs/gitops-flow.md (config → pull request → deploy).`;

function validate(files: string[], quiet: boolean, io: CliOutput): number {
  if (files.length === 0) {
    io.err('cdk-mlops validate: name at least one config file, e.g. cdk-mlops validate mlops.config.yaml');
    return EXIT_USAGE;
  }
  let code = EXIT_OK;
  for (const file of files) {
    const report = MlopsConfig.check(file);
    if (report.problems.length > 0) {
      io.err(formatProblems(file, report.problems));
      code = EXIT_INVALID;
      continue;
    }
    io.out(`${file}: valid`);
    if (!quiet && report.assumptions.length > 0) io.out(`  assumed:\n${report.assumptions.map((a) => `    ${a}`).join('\n')}`);
  }
  return code;
}

function init(file: string, force: boolean, io: CliOutput): number {
  if (fs.existsSync(file) && !force) {
    io.err(`cdk-mlops init: ${file} exists; pass --force to overwrite it`);
    return EXIT_USAGE;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, STARTER_CONFIG);
  io.out(`wrote ${file}; check it with: cdk-mlops validate ${file}`);
  return EXIT_OK;
}

/** Runs the command line `args` (without node and the script); returns the exit code. */
export function runCli(args: string[], io: CliOutput): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        quiet: { type: 'boolean', short: 'q' },
        force: { type: 'boolean', short: 'f' },
      },
    });
  } catch (e) {
    io.err(`cdk-mlops: ${(e as Error).message}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === 'help') {
    io.out(HELP);
    return EXIT_OK;
  }
  if (command === 'validate') return validate(rest, parsed.values.quiet ?? false, io);
  if (command === 'init') {
    if (rest.length > 1) {
      io.err('cdk-mlops init: takes at most one file name');
      return EXIT_USAGE;
    }
    return init(rest[0] ?? 'mlops.config.yaml', parsed.values.force ?? false, io);
  }
  io.err(`${command === undefined ? 'cdk-mlops: name a command' : `cdk-mlops: unknown command "${command}"`}\n\n${HELP}`);
  return EXIT_USAGE;
}
