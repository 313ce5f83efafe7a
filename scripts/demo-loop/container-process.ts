/**
 * Runs the reference container's entry point (`container/bin/entrypoint train|serve`) as a child
 * process, as SageMaker runs the image: the SageMaker paths come from SM_* variables, logs are prefixed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

export const CONTAINER_ROOT = path.join(__dirname, '..', '..', 'container');
const ENTRYPOINT = path.join(CONTAINER_ROOT, 'bin', 'entrypoint');

/** A started container process. */
export interface ContainerProcess {
  readonly child: ChildProcess;
  /** Exit code (or signal name) once it ends. */
  readonly exited: Promise<number | string>;
  /** Every stdout line so far. */
  readonly lines: string[];
}

/** Starts `train` or `serve`; `echo` decides which lines are shown (all are kept in `lines`). */
export function startContainer(command: 'train' | 'serve', env: NodeJS.ProcessEnv, echo: (line: string) => boolean = () => false): ContainerProcess {
  // wasm: the backend the image falls back to and the one that works on every laptop (tfjs-node needs a native build).
  const child = spawn(process.execPath, [ENTRYPOINT, command], {
    env: { ...process.env, TFJS_BACKEND: process.env.TFJS_BACKEND ?? 'wasm', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (l) => { lines.push(l); if (echo(l)) console.log(`    ${command}| ${l}`); });
  readline.createInterface({ input: child.stderr! }).on('line', (l) => { lines.push(l); console.error(`    ${command}| ${l}`); });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, exited, lines };
}

/** Resolves with the port once the server logs `listening on port N`. */
export function waitForPort(proc: ContainerProcess, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not listen within ${timeoutMs} ms`)), timeoutMs);
    const check = () => {
      for (const l of proc.lines) {
        const m = /listening on port (\d+)/.exec(l);
        if (m) { clearTimeout(timer); clearInterval(poll); resolve(Number(m[1])); return; }
      }
    };
    const poll = setInterval(check, 50);
    proc.exited.then((code) => { clearTimeout(timer); clearInterval(poll); reject(new Error(`serve exited (${code}) before listening`)); });
  });
}

/** Waits until GET /ping answers 200. */
export async function waitUntilHealthy(base: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${base}/ping`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${base}/ping not 200 after ${timeoutMs} ms (last ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
