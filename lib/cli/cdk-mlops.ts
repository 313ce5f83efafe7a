#!/usr/bin/env node
/**
 * The `cdk-mlops` command: `validate <file...>` checks config files (exit 1 listing every problem as
 * file:line:column), `init` writes a commented starter config. Internal: not exported from the package index.
 */
import { runCli } from './run-cli';

process.exitCode = runCli(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) });
