// npm run bench:scale — issue 14: N intents over M simulated devices, in real processes.
// The test bed (etcd + kube-apiserver), simulator fleets (`netintent sim fleet`, many devices
// per process, an injected RTT per RPC) and `netintent controller` each run on their own.
// First the naive baseline pushes every intent to each of its devices over our clients; the
// fleets are reset; then the controller converges the same intents. Prints a table and, last,
// one JSON line. A benchmark, not a test: the invariants alone are asserted in npm test
// (test/integration/scale-small.test.ts).
import { parseArgs } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { allCrds } from '../apis/crd.js';
import { applyAll, installCRDs } from '../adapters/k8s/manifests.js';
import { RestClient } from '../adapters/k8s/rest.js';
import { makeCerts } from '../lab/stack/certs.js';
import { startKube, stopKube } from '../lab/stack/kube.js';
import { freePort } from '../lab/stack/processes.js';
import { killAll } from './scale/processes.js';
import { runScale, type ScaleOptions } from './scale/run.js';

const HELP = `npm run bench:scale -- [options]

  --intents N        intents (VRFs, VPLSs, L3VPNs; 2–4 endpoints each)   default 10000
  --devices N        simulated devices (80 % SR OS / NETCONF, 20 % SR Linux / gNMI) default 500
  --rtt MS           round-trip time injected into every device RPC        default 2
  --fleets N         simulator processes hosting the devices                default 4
  --validate         keep the simulators' YANG validation on (default off: the bench measures the controller)
  --changes N        single changes timed apply → Ready after convergence   default 40
  --concurrency N    controller reconciles in flight per kind               default 32
  --baseline-workers N  naive pushes in flight at once, on different devices (Ansible's forks; 1 = a plain loop) default 16
  --no-baseline      skip the naive baseline
  --cpu-prof DIR     write the controller's V8 CPU profile (.cpuprofile) into DIR
  --keep             leave the test bed's folder (logs) in place
`;

const { values: a } = parseArgs({
  options: {
    intents: { type: 'string', default: '10000' },
    devices: { type: 'string', default: '500' },
    rtt: { type: 'string', default: '2' },
    fleets: { type: 'string', default: '4' },
    validate: { type: 'boolean', default: false },
    changes: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '32' },
    'no-baseline': { type: 'boolean', default: false },
    'baseline-workers': { type: 'string', default: '16' },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (a.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const num = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a whole number, got ${v}`);
  return n;
};
const log = (s: string) => process.stderr.write(`${s}\n`);
const o: ScaleOptions = {
  intents: num('intents', a.intents),
  devices: num('devices', a.devices),
  rttMs: num('rtt', a.rtt),
  fleets: Math.max(1, num('fleets', a.fleets)),
  validate: a.validate,
  changes: num('changes', a.changes),
  concurrency: num('concurrency', a.concurrency),
  baseline: !a['no-baseline'],
  baselineWorkers: Math.max(1, num('baseline-workers', a['baseline-workers'])),
  ...(a['cpu-prof'] ? { cpuProfDir: a['cpu-prof'] } : {}),
};

const dir = mkdtempSync(join(tmpdir(), 'netintent-scale-'));
// A signal to the bench alone (not its process group, as Ctrl-C sends) must not leave the
// test bed, the fleets and the controller running.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the controller, the simulator fleets and the test bed`);
    killAll();
    void stopKube(dir).finally(() => {
      if (!a.keep) rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    });
  });
}
try {
  log(`starting the test bed in ${dir}`);
  const stack = await startKube(dir, log);
  const kc = new KubeConfig();
  kc.loadFromFile(stack.kubeconfig);
  await installCRDs(kc, allCrds() as unknown as KubernetesObject[]);
  const certs = await makeCerts(mkdirSync(join(dir, 'fleet-tls'), { recursive: true }) ?? join(dir, 'fleet-tls'));
  const ns = 'scale';
  await new RestClient(kc).request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const password = 'bench-only-password';
  await applyAll(kc, [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fleet-creds', namespace: ns }, stringData: { username: 'admin', password } } as KubernetesObject,
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fleet-ca', namespace: ns }, stringData: { 'ca.crt': readFileSync(certs.ca, 'utf8') } } as KubernetesObject,
  ]);
  const r = await runScale(o, { kc, kubeconfig: stack.kubeconfig, ns, dir, password, tls: { cert: certs.serverCert, key: certs.serverKey, ca: readFileSync(certs.ca) }, metricsPort: await freePort(), log });
  process.stdout.write(`${r.table}\n${JSON.stringify(r.json)}\n`);
} finally {
  await stopKube(dir);
  if (!a.keep) rmSync(dir, { recursive: true, force: true });
}
