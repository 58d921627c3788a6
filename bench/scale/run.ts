// One scale run (issue 14), on whatever API server `env` names: the bench's own test bed, or
// the shared one with a small inventory in npm test. See bench/scale.ts for the phases.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { srosSrv6Fpes } from '../../lab/underlay.js';
import { applyAll } from '../../adapters/k8s/manifests.js';
import { RestClient } from '../../adapters/k8s/rest.js';
import { naivePush, type BaselineResult } from './baseline.js';
import { deviceObjects, intentObjects } from './inventory.js';
import { fleetStats, metric, opsBetween, resetFleets, startController, startFleet, stop, usage, type ControllerProc, type Fleet } from './processes.js';
import { Readiness } from './readiness.js';

export interface ScaleOptions {
  intents: number;
  devices: number;
  rttMs: number;
  fleets: number;
  validate: boolean;
  changes: number;
  concurrency: number;
  baseline: boolean;
  /** Baseline pushes in flight at once (on different devices). */
  baselineWorkers: number;
  cpuProfDir?: string;
}

export interface ScaleEnv {
  kc: KubeConfig;
  kubeconfig: string;
  ns: string;
  dir: string;
  password: string;
  tls: { cert: string; key: string; ca: Buffer };
  metricsPort: number;
  log: (s: string) => void;
}

export interface ScaleJson {
  intents: number;
  devices: number;
  rtt_ms: number;
  converge_s: number;
  baseline_s: number | null;
  speedup: number | null;
  p95_change_ms: number;
  resync_device_writes: number;
  resync_status_writes: number;
  /** DeviceTransaction records written during the cold start, and on the no-change restart (must be 0). */
  history_records: number;
  resync_history_records: number;
  rss_mb: number;
  cpu_s: number;
}

export interface ScaleResult {
  json: ScaleJson;
  table: string;
  /** Device RPCs the controller's cold start took, and the baseline's. */
  rpcs: { controller: number; baseline: number | null };
  baseline?: BaselineResult;
}

const PLURALS: Record<string, string> = { NetworkDevice: 'networkdevices', VRF: 'vrfs', VPLS: 'vplss', L3VPN: 'l3vpns' };
const share = (total: number, parts: number, i: number) => Math.floor(total / parts) + (i < total % parts ? 1 : 0);
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]! : 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runScale(o: ScaleOptions, env: ScaleEnv): Promise<ScaleResult> {
  const { kc, ns, log } = env;
  const rest = new RestClient(kc);
  const srl = Math.max(2, Math.round(o.devices * 0.2));
  const sros = o.devices - srl;
  // The devices' SRv6 services need their FPEs (the underlay's job, not the controller's).
  const srosStartupConfig = join(env.dir, 'fleet-sros-startup.cfg');
  writeFileSync(srosStartupConfig, `${srosSrv6Fpes(1, [2]).join('\n')}\n`);
  log(`starting ${o.fleets} simulator fleet(s): ${sros} SR OS + ${srl} SR Linux, RTT ${o.rttMs} ms, YANG validation ${o.validate ? 'on' : 'OFF (benchmark only)'}`);
  const fleets: Fleet[] = await Promise.all(
    Array.from({ length: o.fleets }, (_, i) =>
      startFleet({ sros: share(sros, o.fleets, i), srlinux: share(srl, o.fleets, i), prefix: `f${i}`, rttMs: o.rttMs, validate: o.validate, password: env.password, tls: env.tls, srosStartupConfig }),
    ),
  );
  const controllers: ControllerProc[] = [];
  let ready: Readiness | undefined;
  try {
    const fleet = fleets.flatMap((f) => f.devices);
    const devices = deviceObjects(fleet, ns);
    const intents = intentObjects(fleet, ns, o.intents);
    await applyAll(kc, devices);

    let baseline: BaselineResult | undefined;
    let baselineRpcs: number | null = null;
    if (o.baseline) {
      const s0 = await fleetStats(fleets);
      baseline = await naivePush(fleet, [...devices, ...intents], { username: 'admin', password: env.password, ca: env.tls.ca }, o.baselineWorkers, log);
      const s1 = await fleetStats(fleets);
      baselineRpcs = s1.rpcs - s0.rpcs;
      log(`baseline: ${baseline.tasks} pushes in ${baseline.seconds.toFixed(1)} s, ${baseline.failures} failed${baseline.firstFailure ? ` (first: ${baseline.firstFailure})` : ''}; ${baselineRpcs} device RPCs: ${opsBetween(s0, s1)}`);
      if (baseline.failures) throw new Error(`the baseline's pushes failed: ${baseline.firstFailure}`);
      await resetFleets(fleets);
    }

    const controller = () => startController({ kubeconfig: env.kubeconfig, ns, metricsPort: env.metricsPort, journalDir: join(env.dir, 'journal'), concurrency: o.concurrency, ...(o.cpuProfDir ? { cpuProfDir: o.cpuProfDir } : {}) });
    controllers.push(await controller());
    ready = await Readiness.watch(kc, ns, Object.values(PLURALS));
    const r = ready;
    await r.until(() => r.count >= fleet.length, 300_000, 'every NetworkDevice Ready');
    log(`${fleet.length} NetworkDevices Ready; applying ${intents.length} intents (16 requests in flight)`);

    const s0 = await fleetStats(fleets);
    const t0 = performance.now();
    const queue = [...intents];
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let x = queue.shift(); x; x = queue.shift()) await rest.apply(x, 'bench-scale');
    }));
    const applied = (performance.now() - t0) / 1000;
    let moved = { count: -1, at: performance.now() };
    const progress = setInterval(() => {
      if (r.count !== moved.count) moved = { count: r.count, at: performance.now() };
      const stalled = performance.now() - moved.at > 30_000 ? `; no progress for 30 s, not Ready: ${r.notReady(3).join('; ')}` : '';
      log(`  ${((performance.now() - t0) / 1000).toFixed(0)} s: ${r.count - fleet.length}/${intents.length} intents Ready${stalled}`);
    }, 5000);
    try {
      // Generous (a loaded 2-core machine), but a stuck intent ends the run with its reason.
      await r.until(() => r.count >= fleet.length + intents.length, 120_000 + intents.length * 200, 'every intent Ready');
    } finally {
      clearInterval(progress);
    }
    const convergeS = (performance.now() - t0) / 1000;
    const s1 = await fleetStats(fleets);
    const ctl = controllers[0]!;
    log(`converged in ${convergeS.toFixed(1)} s (apply took ${applied.toFixed(1)} s): ${s1.commits - s0.commits} device commits; ${s1.rpcs - s0.rpcs} device RPCs: ${opsBetween(s0, s1)}`);
    const [reconciles, statusWrites, allocationWrites, transactions] = await Promise.all(
      ['netintent_reconcile_total', 'netintent_status_writes_total', 'netintent_allocation_writes_total', 'netintent_transactions_total'].map((m) => metric(ctl, m)),
    );
    log(`controller so far: ${reconciles} reconciles, ${transactions} transactions, ${statusWrites} status writes, ${allocationWrites} allocation writes, CPU ${usage(ctl.proc.pid!).cpuS.toFixed(1)} s`);

    // Single changes on the loaded fleet: one VRF's description at a time, apply → Ready.
    const vrfs = intents.filter((x) => x.kind === 'VRF');
    const latencies: number[] = [];
    for (let k = 0; k < o.changes && vrfs.length; k++) {
      const v = vrfs[(k * 7919) % vrfs.length]!;
      const t = performance.now();
      const patched = await rest.request<KubernetesObject>('PATCH', `/apis/netintent.dev/v1alpha1/namespaces/${ns}/vrfs/${v.metadata!.name}`, { spec: { description: `change ${k}` } }, 'application/merge-patch+json');
      await r.until(() => r.isReady('vrfs', v.metadata!.name!, patched.metadata!.generation ?? 0), 120_000, `${v.metadata!.name} Ready after a change`);
      latencies.push(performance.now() - t);
    }
    const written = 'netintent_history_records_total{result="written"}';
    const [historyRecords, historyDropped] = await Promise.all([metric(ctl, written), metric(ctl, 'netintent_history_records_total{result="dropped"}')]);
    const use = usage(ctl.proc.pid!);
    await stop(ctl.proc);

    // A restart re-reads every device and every intent: nothing may be written.
    const before = await statuses(rest, ns);
    const s2 = await fleetStats(fleets);
    const again = await controller();
    controllers.push(again);
    const total = fleet.length + intents.length;
    let last = '';
    for (let stable = 0; stable < 4; ) {
      await sleep(1000);
      const [reads, reconciles, writes] = await Promise.all([metric(again, 'netintent_device_reads_total'), metric(again, 'netintent_reconcile_total'), metric(again, 'netintent_status_writes_total')]);
      const now = `${reads}/${reconciles}/${writes}`;
      stable = reconciles >= total && reads >= fleet.length && now === last ? stable + 1 : 0;
      last = now;
    }
    const resyncStatusWrites = await metric(again, 'netintent_status_writes_total');
    const resyncDeviceWrites = (await fleetStats(fleets)).commits - s2.commits;
    const resyncHistory = await metric(again, written);
    if (resyncStatusWrites) log(`statuses the restart rewrote (first 3):\n${changed(before, await statuses(rest, ns)).slice(0, 3).join('\n')}`);
    await stop(again.proc);

    const rpcsPerIntent = (s1.rpcs - s0.rpcs) / intents.length;
    const json: ScaleJson = {
      intents: intents.length,
      devices: fleet.length,
      rtt_ms: o.rttMs,
      converge_s: round(convergeS, 1),
      baseline_s: baseline ? round(baseline.seconds, 1) : null,
      speedup: baseline ? round(baseline.seconds / convergeS, 2) : null,
      p95_change_ms: Math.round(pct(latencies, 95)),
      resync_device_writes: resyncDeviceWrites,
      resync_status_writes: resyncStatusWrites,
      history_records: historyRecords,
      resync_history_records: resyncHistory,
      rss_mb: Math.round(use.rssMb),
      cpu_s: round(use.cpuS, 1),
    };
    const rows: [string, string][] = [
      ['intents / devices', `${intents.length} / ${fleet.length} (${sros} SR OS, ${srl} SR Linux; ${o.fleets} simulator processes)`],
      ['RTT per device RPC', `${o.rttMs} ms; simulator YANG validation ${o.validate ? 'on' : 'OFF (benchmark only)'}`],
      ['cold start, apply → all Ready', `${convergeS.toFixed(1)} s (the applies alone: ${applied.toFixed(1)} s)`],
      ['naive baseline', baseline ? `${baseline.seconds.toFixed(1)} s, ${baseline.tasks} pushes (${o.baselineWorkers} at a time), ${baselineRpcs} RPCs → speedup ${json.speedup}×` : 'skipped'],
      ['device RPCs / commits per intent', `${rpcsPerIntent.toFixed(2)} / ${((s1.commits - s0.commits) / intents.length).toFixed(3)}${baselineRpcs !== null ? ` (baseline: ${(baselineRpcs / intents.length).toFixed(2)} RPCs)` : ''}`],
      ['one change apply → Ready', `p50 ${Math.round(pct(latencies, 50))} ms, p95 ${json.p95_change_ms} ms (${latencies.length} changes)`],
      ['no-change restart resync', `${resyncDeviceWrites} device writes, ${resyncStatusWrites} status writes, ${resyncHistory} history records`],
      ['transaction history', `${historyRecords} DeviceTransaction records written, ${historyDropped} dropped (buffer full)`],
      ['controller peak RSS / CPU', `${json.rss_mb} MiB / ${json.cpu_s} s`],
    ];
    const w = Math.max(...rows.map(([k]) => k.length));
    return { json, table: rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n'), rpcs: { controller: s1.rpcs - s0.rpcs, baseline: baselineRpcs }, ...(baseline ? { baseline } : {}) };
  } finally {
    await ready?.stop();
    await Promise.all(controllers.map((c) => stop(c.proc)));
    await Promise.all(fleets.map((f) => stop(f.proc)));
  }
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** Every object's status by kind/name: what a restart must leave alone. */
async function statuses(rest: RestClient, ns: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const plural of Object.values(PLURALS)) {
    const list = await rest.request<{ items: { metadata: { name: string }; status?: unknown }[] }>('GET', `/apis/netintent.dev/v1alpha1/namespaces/${ns}/${plural}`);
    for (const o of list.items) out.set(`${plural}/${o.metadata.name}`, JSON.stringify(o.status ?? {}));
  }
  return out;
}

const changed = (a: Map<string, string>, b: Map<string, string>) => [...a].filter(([k, v]) => b.get(k) !== v).map(([k, v]) => `${k}\n  before ${v}\n  after  ${b.get(k)}`);
