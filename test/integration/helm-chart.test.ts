// The Helm chart deploy/helm/netintent on the test bed's real API server: `helm lint` and
// `helm template` pass, the rendered chart applies with a server-side dry-run, and then the
// chart's RBAC is applied for real and `netintent controller` and `netintent worker` run as
// the chart's ServiceAccounts (the admin's kubeconfig impersonating them): every example
// converges on the simulators, the worker writes the Cilium egress objects, deleting cleans
// up, and neither log says Forbidden. Taking one verb away makes Forbidden appear.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { KINDS, RECORD_KINDS } from '../../apis/index.js';
import { ApiError } from '../../adapters/k8s/rest.js';
import { K8S_VERSION } from '../../lab/stack/kube.js';
import { cacheDir, projectRoot } from '../../adapters/paths.js';
import { examples, Lab, waitFor } from './controller-lab.js';
import { CliProcess, clusterObjects, installEgressCRDs } from './egress-lab.js';
import { kubectl, testKubeConfig } from './kube.js';

const HELM_VERSION = 'v3.22.0';
const CHART = join(projectRoot(), 'deploy', 'helm', 'netintent');
const CLI = join(projectRoot(), 'dist', 'cli', 'main.js');
const address = process.env.TEMPORAL_ADDRESS!;
const work = mkdtempSync(join(tmpdir(), 'netintent-helm-'));

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] };
type Doc = KubernetesObject & { rules?: Rule[]; spec?: any; subjects?: { name: string; namespace: string }[] };

let helmBin: string;
const helm = (...args: string[]) => execFileSync(helmBin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** helm, go-installed into the cache like the other Go tools (scripts/bootstrap.sh builds it too). */
async function ensureHelm(): Promise<string> {
  const bin = join(cacheDir(), 'go-bin', 'helm');
  if (existsSync(bin)) return bin;
  process.stderr.write(`helm-chart.test: building helm ${HELM_VERSION} with go install (a few minutes, once; cached in ${join(cacheDir(), 'go-bin')})\n`);
  await promisify(execFile)('go', ['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`], { env: { ...process.env, GOBIN: join(cacheDir(), 'go-bin') }, maxBuffer: 64 << 20 });
  return bin;
}

function render(release: string, namespace: string, values: Record<string, unknown>, ...flags: string[]): { text: string; docs: Doc[] } {
  const file = join(work, `${release}-values.json`);
  writeFileSync(file, JSON.stringify(values));
  // The test bed's version: a go-installed helm otherwise assumes Kubernetes v1.20.
  const text = helm('template', release, CHART, '--namespace', namespace, '--kube-version', K8S_VERSION, '-f', file, ...flags);
  return { text, docs: parseAllDocuments(text).map((d) => d.toJS() as Doc).filter(Boolean) };
}

const find = (docs: Doc[], kind: string, name: string) => {
  const d = docs.find((x) => x.kind === kind && x.metadata!.name === name);
  if (!d) throw new Error(`the chart rendered no ${kind} ${name}`);
  return d;
};

/** The log lines that say the API server refused a call. */
const forbidden = (logs: string) => logs.split('\n').filter((l) => /forbidden/i.test(l));

const workerValues = { enabled: true, pollSeconds: 0.3 };
const temporalValues = { address: 'temporal-frontend.temporal:7233', tls: { enabled: true, secretName: 'temporal-tls', ca: true, clientCert: true }, apiKeySecret: { name: 'temporal-cloud' } };

beforeAll(async () => {
  helmBin = await ensureHelm();
}, 900_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the chart, rendered', () => {
  it('passes helm lint, with the defaults and with every option on', () => {
    expect(helm('lint', CHART)).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    const all = join(work, 'all-values.json');
    writeFileSync(all, JSON.stringify({ worker: workerValues, temporal: temporalValues, controller: { egress: { enabled: true }, journal: { persistence: { enabled: true } } }, metrics: { serviceMonitor: { enabled: true }, grafanaDashboard: { enabled: true } }, alarms: { webhookSecret: 'noc-webhook' }, watchNamespaces: ['a', 'b'] }));
    expect(helm('lint', CHART, '--strict', '-f', all)).toMatch(/0 chart\(s\) failed/);
  });

  it('renders Deployments with leader election, probes, a hardened container and the journal on a volume', () => {
    const { docs } = render('ni', 'netintent-system', { worker: workerValues, temporal: temporalValues, controller: { egress: { enabled: true } }, metrics: { serviceMonitor: { enabled: true } } });
    const ctl = find(docs, 'Deployment', 'ni-netintent-controller');
    expect(ctl.spec.replicas).toBe(2);
    const c = ctl.spec.template.spec.containers[0];
    expect(c.args).not.toContain('--no-leader-elect');
    expect(c.args).toContain('--namespace=netintent-system');
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(c.args).toContain(`--metrics-addr=0.0.0.0:${c.ports[0].containerPort}`);
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c.resources.requests).toBeDefined();
    const journalDir = (c.args as string[]).find((a) => a.startsWith('--journal-dir='))!.split('=')[1];
    const mount = (c.volumeMounts as { name: string; mountPath: string }[]).find((m) => m.mountPath === journalDir)!;
    expect(ctl.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name).emptyDir).toBeDefined();
    expect(c.args).toEqual(expect.arrayContaining(['--temporal-tls', '--temporal-tls-ca=/etc/netintent/temporal-tls/ca.crt', '--temporal-api-key-file=/etc/netintent/temporal-api-key/api-key', '--temporal-namespace=default']));
    const w = find(docs, 'Deployment', 'ni-netintent-worker').spec.template.spec;
    expect(w.serviceAccountName).toBe('ni-netintent-worker');
    expect(w.containers[0].args).toEqual(expect.arrayContaining(['worker', '--namespace=default', '--temporal-address=temporal-frontend.temporal:7233']));
    for (const kind of ['Service', 'ServiceMonitor', 'PodDisruptionBudget']) expect(docs.some((d) => d.kind === kind)).toBe(true);
  });

  it('passes only flags the CLI has', () => {
    const { docs } = render('flags', 'ns', { worker: workerValues, temporal: temporalValues, controller: { egress: { enabled: true } }, alarms: { webhookSecret: 'noc-webhook' }, watchNamespaces: ['a'] });
    for (const [cmd, name] of [['controller', 'flags-netintent-controller'], ['worker', 'flags-netintent-worker']]) {
      const help = execFileSync('node', [CLI, cmd!, '--help'], { encoding: 'utf8' });
      const flags = (find(docs, 'Deployment', name!).spec.template.spec.containers[0].args as string[]).filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]!);
      for (const f of flags) expect(`${cmd} ${help.includes(f) ? f : `lacks ${f}`}`).toBe(`${cmd} ${f}`);
    }
  });

  it('grants no wildcard, and the controller every kind netintent serves', () => {
    const { docs } = render('ni', 'netintent-system', { worker: workerValues, temporal: temporalValues });
    const rules = docs.filter((d) => d.kind === 'ClusterRole' || d.kind === 'Role').flatMap((d) => d.rules!);
    for (const r of rules) expect([...(r.apiGroups ?? []), ...(r.resources ?? []), ...r.verbs].filter((x) => x.includes('*'))).toEqual([]);
    const granted = find(docs, 'ClusterRole', 'ni-netintent-controller').rules!.flatMap((r) => r.apiGroups!.flatMap((g) => r.resources!.map((res) => `${g}/${res}`)));
    expect(new Set(granted)).toEqual(new Set([...KINDS.flatMap((k) => [`${k.group}/${k.plural}`, `${k.group}/${k.plural}/status`]), '/secrets', '/events']));
  });
});

describe('the chart on the API server', () => {
  let lab: Lab;
  let release: string;
  let system: string;
  let encNs: string;
  let rbac: Doc[];
  let controller: CliProcess | undefined;
  let worker: CliProcess | undefined;

  /** The admin's kubeconfig, impersonating a ServiceAccount of the chart (written to a file for the CLI). */
  function kubeconfigAs(sa: string): string {
    const kc = testKubeConfig();
    const user = kc.getCurrentUser()!;
    kc.users = kc.users.map((u) => (u.name === user.name ? { ...u, impersonateUser: `system:serviceaccount:${system}:${sa}` } : u));
    const file = join(work, `${sa}.kubeconfig`);
    writeFileSync(file, kc.exportConfig());
    return file;
  }

  const apply = (docs: Doc[], ...flags: string[]) => {
    const file = join(work, `apply-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n---\n'));
    return kubectl('apply', '--server-side', '--field-manager=helm-chart-test', ...flags, '-f', file);
  };

  const startController = (queue: string) =>
    CliProcess.start(
      ['controller', '--kubeconfig', kubeconfigAs(`${release}-netintent-controller`), '--namespace', system, '--watch-namespace', lab.ns, encNs, '--resync', '5',
        '--metrics-addr', '127.0.0.1:0', '--log-level', 'debug', '--temporal-address', address, '--task-queue', queue, '--egress-recheck', '2'],
      'controller running',
    );

  /** The seed ENC manifests, with customer-1234 in this test's own namespace instead of the shared enc-nwi-system. */
  const seed = () =>
    examples('40-seed-enc.yaml').map((o) => JSON.parse(JSON.stringify(o).replaceAll('enc-nwi-system', encNs)) as KubernetesObject);
  const intents = () => [...examples('10-l3vpn-srv6.yaml'), ...examples('20-vpls.yaml'), ...examples('30-srv6policy.yaml'), ...seed()];

  beforeAll(async () => {
    lab = await Lab.create('helm');
    system = `${lab.ns}-system`;
    encNs = `${lab.ns}-enc`;
    release = `it${lab.ns.slice(-6)}`;
    for (const name of [system, encNs]) await lab.rest.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    await installEgressCRDs(lab);
    await Promise.all([lab.startSros('pe1'), lab.startSros('pe2'), lab.startSrl('leaf1'), lab.startSrl('leaf2')]);
    await lab.apply(lab.devices());
  }, 180_000);

  afterAll(async () => {
    await Promise.all([controller?.kill(), worker?.kill()]);
    await lab?.stop();
    // Cluster-scoped RBAC outlives the namespaces: remove it.
    for (const d of rbac?.filter((x) => x.kind!.startsWith('Cluster')) ?? []) kubectl('delete', d.kind!.toLowerCase(), d.metadata!.name!, '--ignore-not-found');
  });

  it('applies with a server-side dry-run, CRDs included', () => {
    const { docs } = render(release, system, { worker: workerValues, temporal: { address }, controller: { egress: { enabled: true } }, watchNamespaces: [lab.ns, encNs] }, '--include-crds');
    expect(docs.filter((d) => d.kind === 'CustomResourceDefinition')).toHaveLength(KINDS.length + RECORD_KINDS.length);
    const out = apply(docs, '--dry-run=server');
    expect(out).toMatch(/deployment\.apps\/\S+-controller serverside-applied \(server dry run\)/);
    expect(out).toMatch(/poddisruptionbudget\.policy\/\S+ serverside-applied \(server dry run\)/);
    // A dry run writes nothing.
    expect(() => kubectl('get', 'deployment', `${release}-netintent-controller`, '-n', system)).toThrow(/NotFound/);
  });

  it("converges every example with the controller and the worker running as the chart's ServiceAccounts, and no Forbidden", async () => {
    const { docs } = render(release, system, { worker: workerValues, temporal: { address }, controller: { egress: { enabled: true } }, watchNamespaces: [lab.ns, encNs] });
    rbac = docs.filter((d) => ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(d.kind!));
    apply(rbac);
    const queue = `helm-${lab.ns}`;
    [controller, worker] = await Promise.all([
      startController(queue),
      CliProcess.start(['worker', '--kubeconfig', kubeconfigAs(`${release}-netintent-worker`), '--temporal-address', address, '--task-queue', queue, '--poll', '0.3', '--log-level', 'debug'], 'worker polling'),
    ]);
    await lab.apply(intents());
    for (const [kind, name, ns] of [['NetworkDevice', 'pe1'], ['NetworkDevice', 'leaf2'], ['VRF', 'blue'], ['L3VPN', 'blue'], ['VPLS', 'green'], ['SRv6Policy', 'pe1-to-pe2-gold'], ['SROSConfig', 'vpls-01'], ['SROSConfig', 'customer-1234', encNs]] as const)
      await lab.waitCondition(kind, name, 'Ready', 'True', undefined, 90_000, ns);
    const vpn = await lab.get('L3VPN', 'blue');
    expect(vpn!.status!.conditions!.find((c) => c.type === 'EgressReady')!.status).toBe('True');
    // The worker wrote the egress objects into this cluster with its own ServiceAccount.
    const objects = await clusterObjects(lab, vpn!.metadata.uid!, 'cilium');
    expect([...objects.keys()].map((k) => k.split('/')[0]).sort()).toEqual(['CiliumSRv6EgressPolicy', 'CiliumSRv6VRF']);
    const events = await lab.rest.request<{ items: unknown[] }>('GET', `/api/v1/namespaces/${lab.ns}/events`);
    expect(events.items.length).toBeGreaterThan(0); // Events recorded
    const lease = await lab.rest.request<{ spec: { holderIdentity: string } }>('GET', `/apis/coordination.k8s.io/v1/namespaces/${system}/leases/netintent-controller`).catch((e: unknown) => e);
    expect(lease).not.toBeInstanceOf(ApiError); // leader election ran with the chart's Role
    expect(forbidden(controller.logs)).toEqual([]);
    expect(forbidden(worker.logs)).toEqual([]);
  }, 300_000);

  it('removes everything on delete (finalizers, cluster egress objects) as those ServiceAccounts', async () => {
    const uid = (await lab.get('L3VPN', 'blue'))!.metadata.uid!;
    for (const o of intents().reverse()) await lab.delete(o.kind!, o.metadata!.name!, o.metadata!.namespace ?? lab.ns);
    for (const o of intents()) await waitFor(`${o.kind} ${o.metadata!.name} gone`, async () => !(await lab.get(o.kind!, o.metadata!.name!, o.metadata!.namespace ?? lab.ns)), 90_000);
    await waitFor('the egress objects pruned', async () => (await clusterObjects(lab, uid)).size === 0, 60_000);
    expect(lab.sros.get('pe1')!.runningXml()).not.toContain(`${lab.ns}.blue`);
    expect(forbidden(controller!.logs)).toEqual([]);
    expect(forbidden(worker!.logs)).toEqual([]);
  }, 240_000);

  it('fails with Forbidden in the log when one verb is taken away (update of status)', async () => {
    await controller!.kill();
    const role = structuredClone(find(rbac, 'ClusterRole', `${release}-netintent-controller`));
    role.rules = role.rules!.filter((r) => !r.resources!.some((res) => res.endsWith('/status')) || !r.apiGroups!.includes('netintent.dev'));
    expect(role.rules.length).toBe(find(rbac, 'ClusterRole', `${release}-netintent-controller`).rules!.length - 1);
    apply([role]);
    controller = await startController(`helm-${lab.ns}-2`);
    await lab.apply(examples('30-srv6policy.yaml'));
    await waitFor('Forbidden in the controller log', () => forbidden(controller!.logs).length > 0, 60_000);
    expect(forbidden(controller.logs).join('\n')).toMatch(/cannot update resource \W+srv6policies\/status/);
  }, 120_000);
});
