// npm run bench:converge — the controller at scale on the embedded test bed: N VRFs over M
// simulated SR OS PEs (each VRF on two PEs), from apply to every VRF Ready; then a
// controller restart, counting device writes (there should be none).
// Prints: convergence time, device commits and transactions, status writes, restart writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { pino } from 'pino';
import { KINDS } from '../apis/index.js';
import { crdFor } from '../apis/crd.js';
import { applyAll, installCRDs } from '../adapters/k8s/manifests.js';
import { RestClient } from '../adapters/k8s/rest.js';
import { Controller } from '../controllers/controller.js';
import { DIAL_ANNOTATION } from '../devices/connections.js';
import { startKube, stopKube } from '../lab/stack/kube.js';
import { SrosSimulator } from '../lab/sim/sros/server.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const PES = Number(args.get('pes') ?? 50);
const VRFS = Number(args.get('vrfs') ?? 1000);
const CONCURRENCY = Number(args.get('concurrency') ?? 32);
const ns = 'bench';
const log = (s: string) => process.stderr.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'netintent-bench-'));
const stack = await startKube(dir, log);
const kc = new KubeConfig();
kc.loadFromFile(stack.kubeconfig);
const rest = new RestClient(kc);
try {
  await installCRDs(kc, KINDS.map((k) => crdFor(k) as unknown as KubernetesObject));
  await rest.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  log(`starting ${PES} SR OS simulators`);
  const sims: SrosSimulator[] = [];
  for (let i = 0; i < PES; i += 10) sims.push(...(await Promise.all(Array.from({ length: Math.min(10, PES - i) }, () => SrosSimulator.start({ username: 'admin', password: 'pw' })))));
  const devices: KubernetesObject[] = [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: ns }, stringData: { username: 'admin', password: 'pw' } } as KubernetesObject,
    ...sims.map((s, i) => ({
      apiVersion: 'netintent.dev/v1alpha1',
      kind: 'NetworkDevice',
      // Bare simulators without an underlay: the benchmark measures transactions, so the
      // prerequisite check (IS-IS, BGP families, FPE) is skipped rather than faked.
      metadata: { name: `pe${i}`, namespace: ns, annotations: { [DIAL_ANNOTATION]: `127.0.0.1:${s.port}`, 'netintent.dev/skip-prerequisites': 'true' } },
      spec: { address: `10.255.${Math.floor(i / 250)}.${(i % 250) + 1}`, platform: 'sros', protocol: 'netconf', credentialsSecretRef: { name: 'creds' }, hostKey: { sha256Fingerprint: s.hostKeyFingerprint }, asNumber: 65000 },
    })),
  ];
  const vrfs = Array.from({ length: VRFS }, (_, v) => ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name: `vrf${v}`, namespace: ns },
    spec: {
      endpoints: [v % PES, (v + 1) % PES].map((p, j) => ({ device: `pe${p}`, port: `1/1/c${1 + (v % 30)}/1`, vlan: 2 + Math.floor(v / 30), ipv4: `10.${v % 250}.${Math.floor(v / 250) * 2 + j}.1/24` })),
    },
  }));
  await applyAll(kc, devices);
  const controller = (): Controller => new Controller(kc, { namespace: `${ns}-system`, watchNamespaces: [ns], leaderElection: false, resyncMs: 600_000, concurrency: CONCURRENCY, logger: pino({ level: 'warn' }) });
  let c = controller();
  await c.start();
  const ready = async (kind: string, plural: string, n: number) => {
    for (;;) {
      const list = await rest.request<{ items: { status?: { conditions?: { type: string; status: string }[] } }[] }>('GET', `/apis/netintent.dev/v1alpha1/namespaces/${ns}/${plural}`);
      const ok = list.items.filter((o) => o.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length;
      if (ok >= n) return;
      await sleep(250);
    }
  };
  await ready('NetworkDevice', 'networkdevices', PES);
  const t0 = performance.now();
  const writes0 = sims.reduce((a, s) => a + s.commits, 0);
  let last = 0;
  const progress = setInterval(() => {
    const w = sims.reduce((a, s) => a + s.commits, 0) - writes0;
    if (w !== last) log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s: ${w} device commits`);
    last = w;
  }, 2000);
  // As a GitOps tool would: many objects at once (16 requests in flight).
  const queue = [...vrfs];
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let v = queue.shift(); v; v = queue.shift()) await rest.apply(v as KubernetesObject, 'bench');
  }));
  const applied = performance.now();
  await ready('VRF', 'vrfs', VRFS);
  clearInterval(progress);
  const seconds = (performance.now() - t0) / 1000;
  const deviceCommits = sims.reduce((a, s) => a + s.commits, 0) - writes0;
  log(`converged (${CONCURRENCY} reconciles in flight per kind): ${VRFS} VRFs over ${PES} PEs in ${seconds.toFixed(1)} s (apply took ${((applied - t0) / 1000).toFixed(1)} s)`);
  log(`  device commits (confirmed + confirming): ${deviceCommits}; engine transactions x devices: ${c.engine.commits}; status writes: ${c.reporter.writes}; allocation ConfigMap writes: ${c.allocations.writes}`);
  log(`  peak RSS of this process (controller + ${PES} simulators): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

  await c.stop();
  const before = sims.reduce((a, s) => a + s.commits, 0);
  const r0 = performance.now();
  c = controller();
  await c.start();
  while (c.engine.reads < PES) await sleep(100);
  await sleep(2000);
  await c.engine.idle();
  log(`restart: ${sims.reduce((a, s) => a + s.commits, 0) - before} device writes, ${c.engine.reads} device reads, ${c.reporter.writes} status writes, re-verified in ${((performance.now() - r0) / 1000).toFixed(1)} s`);
  await c.stop();
  for (const s of sims) await s.close();
} finally {
  await stopKube(dir);
  rmSync(dir, { recursive: true, force: true });
}
