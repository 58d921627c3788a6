// Child processes of the embedded stack: started in their own process group so that
// `down` (possibly from another process) can stop each one and everything it forked.
import { spawn, execFile } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { promisify } from 'node:util';

export const run = promisify(execFile);

export interface Started {
  name: string;
  pid: number;
  log: string;
}

export function startDetached(name: string, cmd: string, args: string[], log: string, env?: NodeJS.ProcessEnv): Started {
  const fd = openSync(log, 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd], env: env ?? process.env });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd})`);
  child.unref();
  return { name, pid: child.pid, log };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the process group, then SIGKILL whatever is left after `graceMs`. */
export async function stopGroup(pid: number, graceMs = 10_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) signal('SIGKILL');
  while (alive(pid)) await sleep(50);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const bindable = (host: string, port: number) =>
  new Promise<number | undefined>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, host, () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : undefined));
    });
  });

/**
 * A TCP port that was free on `host` a moment ago, taken below the kernel's ephemeral range
 * (32768+), where the many outgoing connections of a busy test run would otherwise grab it
 * between this check and the server's own bind.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await bindable(host, 20_000 + Math.floor(Math.random() * 12_000));
    if (port) return port;
  }
  const port = await bindable(host, 0);
  if (!port) throw new Error(`no free port on ${host}`);
  return port;
}

/** Whether something accepts TCP connections at host:port. */
export const tcpReachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host, port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

/** Polls `probe` until it resolves true, or fails naming `what` and the log to read. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, pid?: number, log?: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pid !== undefined && !alive(pid)) throw new Error(`${what} exited during start-up; see ${log}`);
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000}s; see ${log}`);
}
