// The bench's separate processes: simulator fleets (`netintent sim fleet`) and the controller
// (`netintent controller`), each from the built CLI, as an operator would run them.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every process the bench started and that still runs: what a signal to the bench must stop. */
const running = new Set<ChildProcess>();
function track(p: ChildProcess): ChildProcess {
  running.add(p);
  p.once('exit', () => running.delete(p));
  return p;
}

/** SIGTERM to every simulator fleet and controller still running (on a signal to the bench). */
export function killAll() {
  for (const p of running) p.kill('SIGTERM');
}
import { projectRoot } from '../../adapters/paths.js';
import type { FleetDevice } from './inventory.js';

const CLI = () => join(projectRoot(), 'dist', 'cli', 'main.js');

export interface Fleet {
  devices: FleetDevice[];
  control: string;
  proc: ChildProcess;
}

export interface FleetOptions {
  sros: number;
  srlinux: number;
  prefix: string;
  rttMs: number;
  validate: boolean;
  password: string;
  tls: { cert: string; key: string };
  /** MD-CLI lines every SR OS device boots with. */
  srosStartupConfig: string;
}

/** Starts one fleet process and reads the one JSON line it prints when every device listens. */
export function startFleet(o: FleetOptions): Promise<Fleet> {
  const args = [CLI(), 'sim', 'fleet', '--sros', String(o.sros), '--srlinux', String(o.srlinux), '--name-prefix', o.prefix, '--rtt', String(o.rttMs),
    '--user', 'admin', '--tls-cert', o.tls.cert, '--tls-key', o.tls.key, '--control', '127.0.0.1:0', '--sros-startup-config', o.srosStartupConfig, ...(o.validate ? [] : ['--no-validate'])];
  const proc = track(spawn(process.execPath, args, { env: { ...process.env, NETINTENT_SIM_PASSWORD: o.password }, stdio: ['ignore', 'pipe', 'inherit'] }));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    proc.once('exit', (code) => reject(new Error(`sim fleet ${o.prefix} exited (${code}) before it was ready`)));
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const m = JSON.parse(line) as { devices: FleetDevice[]; control: string };
      resolve({ ...m, proc });
    });
  });
}

export interface FleetStats {
  rpcs: number;
  commits: number;
  /** RPCs by platform and operation ("sros lock"). */
  ops: Record<string, number>;
}

export async function fleetStats(fleets: Fleet[]): Promise<FleetStats> {
  const all = await Promise.all(fleets.map(async (f) => (await (await fetch(`${f.control}/stats`)).json()) as { totals: { rpcs: number; commits: number }; ops: Record<string, number> }));
  const out: FleetStats = { rpcs: 0, commits: 0, ops: {} };
  for (const s of all) {
    out.rpcs += s.totals.rpcs;
    out.commits += s.totals.commits;
    for (const [op, n] of Object.entries(s.ops)) out.ops[op] = (out.ops[op] ?? 0) + n;
  }
  return out;
}

/** The RPCs between two readings, by operation, most first ("sros lock 120, …"). */
export function opsBetween(a: FleetStats, b: FleetStats): string {
  return Object.entries(b.ops)
    .map(([op, n]) => [op, n - (a.ops[op] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
}

/** Every device back to its startup configuration (between the baseline and the controller run). */
export async function resetFleets(fleets: Fleet[]) {
  for (const f of fleets) {
    const r = await fetch(`${f.control}/reset`, { method: 'POST' });
    if (!r.ok) throw new Error(`fleet reset failed: ${r.status} ${await r.text()}`);
  }
}

export interface ControllerProc {
  proc: ChildProcess;
  metrics: string;
}

export async function startController(o: { kubeconfig: string; ns: string; metricsPort: number; journalDir: string; concurrency: number; cpuProfDir?: string }): Promise<ControllerProc> {
  const node = o.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProfDir] : [];
  const args = [...node, CLI(), 'controller', '--kubeconfig', o.kubeconfig, '--watch-namespace', o.ns, '--namespace', `${o.ns}-system`, '--no-leader-elect',
    '--resync', '3600', '--concurrency', String(o.concurrency), '--metrics-addr', `127.0.0.1:${o.metricsPort}`, '--journal-dir', o.journalDir, '--log-level', process.env.NETINTENT_BENCH_LOG ?? 'warn', '--no-egress'];
  const proc = track(spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] }));
  const metrics = `http://127.0.0.1:${o.metricsPort}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`the controller exited (${proc.exitCode})`);
    const ok = await fetch(`${metrics}/readyz`).then((r) => r.ok, () => false);
    if (ok) return { proc, metrics };
    if (i > 600) throw new Error('the controller did not become ready in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A counter's value summed over its label sets, from /metrics. */
export async function metric(c: ControllerProc, name: string): Promise<number> {
  const text = await (await fetch(`${c.metrics}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

/** Peak RSS (MiB) and CPU seconds of a live process, from /proc. */
export function usage(pid: number): { rssMb: number; cpuS: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of proc(5))
  return { rssMb: hwm / 1024, cpuS: ticks / 100 };
}

export async function stop(p: ChildProcess) {
  if (p.exitCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.exitCode === null) p.kill('SIGKILL');
}
