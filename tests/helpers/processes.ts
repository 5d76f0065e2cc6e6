import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const projectRoot = new URL('../..', import.meta.url).pathname;

/** A child process started with spawnTs: its stdout and stderr so far, for waiting and for failure messages. */
export type ProjectProcess = ChildProcess & { output: () => string };

/** Runs a TypeScript entry point of the project in a child process (through tsx). */
export function spawnTs(entry: string, args: string[], env: Record<string, string>): ProjectProcess {
  // Vitest exports Vite's variables (BASE_URL=/, MODE, ...); a child portal must not see them.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR'].includes(key) && !key.startsWith('VITEST')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, entry), ...args], {
    cwd: projectRoot,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(50);
  }
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The PID and port recorded by a running PostgreSQL server in its data directory. */
export function postmasterOf(clusterDir: string): { pid: number; port: number } | undefined {
  const file = join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/** Waits until the process logs `line` (e.g. 'mail worker started'), failing at once if it exits. */
export async function waitForOutput(child: ProjectProcess, line: string, timeoutMs: number): Promise<void> {
  await waitUntil(
    () => {
      if (child.exitCode !== null) throw new Error(`the process exited:\n${child.output()}`);
      return child.output().includes(line);
    },
    timeoutMs,
    () => `the process to log "${line}"\n${child.output()}`,
  );
}

/** Waits until a portal started with spawnTs answers /health, failing at once if it exits. */
export async function waitForPortal(portal: ProjectProcess, base: string, timeoutMs = 45_000): Promise<void> {
  await waitUntil(
    async () => {
      if (portal.exitCode !== null) throw new Error(`the portal exited:\n${portal.output()}`);
      return (await fetch(`${base}/health`).catch(() => undefined))?.status === 200;
    },
    timeoutMs,
    () => `the portal to answer /health\n${portal.output()}`,
  );
}
