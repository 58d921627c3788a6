// Helpers for the cluster egress tests: `netintent worker` as a real process, the workload
// cluster's egress objects, the L3VPN example with its egress pointed through a kubeconfig
// Secret at the test bed's API server (the workload cluster), and workflow histories.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { FLAVOURS, OWNER_LABEL, type Cni } from '../../adapters/cilium/egress.js';
import { installCRDs, loadManifests } from '../../adapters/k8s/manifests.js';
import { cacheDir, projectRoot } from '../../adapters/paths.js';
import { egressWorkflowId } from '../../workflows/definitions.js';
import { examples, waitFor, type Lab } from './controller-lab.js';

export const EGRESS_CRDS = join(projectRoot(), 'lab', 'crds', 'srv6-egress.yaml');
export const HISTORIES = join(projectRoot(), 'test', 'fixtures', 'histories');

export function installEgressCRDs(lab: Lab) {
  return installCRDs(lab.kc, loadManifests(EGRESS_CRDS));
}

/** A `netintent` CLI process (worker or controller), its stderr kept for inspection. */
export class CliProcess {
  logs = '';
  private constructor(readonly proc: ChildProcess) {
    proc.stderr!.on('data', (d: Buffer) => (this.logs += d.toString()));
  }

  /** Starts `netintent <args>` and waits until its log says `ready`. */
  static async start(args: string[], ready: string): Promise<CliProcess> {
    const proc = spawn('node', [join(projectRoot(), 'dist', 'cli', 'main.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TEMPORAL_ADDRESS: '' } });
    const p = new CliProcess(proc);
    await waitFor(`netintent ${args[0]} to log "${ready}"`, () => p.logs.includes(ready) || (proc.exitCode !== null && Promise.reject(new Error(`exited: ${p.logs}`))), 60_000);
    return p;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL') {
    const exited = new Promise((r) => (this.proc.exitCode !== null ? r(undefined) : this.proc.once('exit', r)));
    this.proc.kill(signal);
    return exited;
  }
}

export const startWorker = (address: string, taskQueue: string) =>
  CliProcess.start(['worker', '--kubeconfig', process.env.KUBECONFIG!, '--temporal-address', address, '--task-queue', taskQueue, '--poll', '0.3', '--log-level', 'debug'], 'worker polling');

export const startControllerProcess = (lab: Lab, address: string, taskQueue: string, moreNamespaces: string[] = []) =>
  CliProcess.start(
    ['controller', '--kubeconfig', process.env.KUBECONFIG!, '--namespace', `${lab.ns}-system`, '--watch-namespace', lab.ns, ...moreNamespaces, '--no-leader-elect', '--resync', '5',
      '--metrics-addr', 'off', '--temporal-address', address, '--task-queue', taskQueue, '--egress-recheck', '2'],
    'controller running',
  );

/** The workload cluster's egress objects of one intent (by owner label), as `kind/name` → object. */
export async function clusterObjects(lab: Lab, uid: string, cni?: Cni): Promise<Map<string, KubernetesObject & { spec: Record<string, unknown> }>> {
  const out = new Map<string, KubernetesObject & { spec: Record<string, unknown> }>();
  for (const f of cni ? [FLAVOURS[cni]] : Object.values(FLAVOURS))
    for (const k of [f.vrf, f.policy]) {
      const list = await lab.rest.request<{ items: (KubernetesObject & { spec: Record<string, unknown> })[] }>('GET', `/apis/${k.apiVersion}/${k.plural}?labelSelector=${OWNER_LABEL}%3D${uid}`);
      for (const o of list.items) out.set(`${k.kind}/${o.metadata!.name!}`, o);
    }
  return out;
}

const vlans: Record<string, number> = {};

/** The example's VRF `blue` and L3VPN `blue`, renamed, egress through the kubeconfig Secret. */
export function egressExample(name: string, vrf: string, egress: Record<string, unknown> = {}): KubernetesObject[] {
  const [v, vpn] = examples('10-l3vpn-srv6.yaml').filter((o) => o.metadata!.name === 'blue') as (KubernetesObject & { spec: Record<string, any> })[];
  v!.metadata!.name = vrf;
  // A SAP (port + VLAN) belongs to one service on SR OS: each test VRF gets its own VLAN.
  const vlan = (vlans[vrf] ??= 100 + 10 * Object.keys(vlans).length);
  for (const e of v!.spec.endpoints as { vlan: number }[]) e.vlan = vlan;
  vpn!.metadata!.name = name;
  vpn!.spec.vrfs = [{ name: vrf }];
  vpn!.spec.clusterEgress = { ...vpn!.spec.clusterEgress, terminatingVrf: vrf, kubeconfigSecretRef: { name: 'workload-cluster' }, ...egress };
  return [v!, vpn!];
}

/** The test bed's kubeconfig, certificates and key inlined as they are in real kubeconfig Secrets. */
export function workloadKubeconfig(): string {
  const inline = (file: string) => readFileSync(file).toString('base64');
  return readFileSync(process.env.KUBECONFIG!, 'utf8').replace(/^(\s+)(certificate-authority|client-certificate|client-key): (\S+)$/gm, (_m, sp: string, k: string, f: string) => `${sp}${k}-data: ${inline(f)}`);
}

/** The workload cluster's Secret (the test bed's API server). */
export function workloadSecret(): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'workload-cluster' }, stringData: { kubeconfig: workloadKubeconfig() } } as KubernetesObject;
}

/**
 * With NETINTENT_RECORD_HISTORIES=<label> (say v2, for the workflow code of the day), the
 * workflow's history becomes the replay fixture `<label>-<name>.json`, exported by the
 * temporal CLI as the Temporal docs do it for replay tests. Older labels stay: they are what
 * running workflows may still hold.
 */
export function recordHistory(address: string, intent: { kind: string; uid: string }, fixture: string) {
  const label = process.env.NETINTENT_RECORD_HISTORIES;
  if (!label) return;
  const json = execFileSync(join(cacheDir(), 'go-bin', 'temporal'), ['workflow', 'show', '--address', address, '--workflow-id', egressWorkflowId(intent), '-o', 'json'], { encoding: 'utf8' });
  mkdirSync(HISTORIES, { recursive: true });
  writeFileSync(join(HISTORIES, `${label}-${fixture}.json`), json);
}
