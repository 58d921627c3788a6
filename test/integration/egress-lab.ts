// Helpers for the cluster egress tests: `netintent worker` as a real process, the workload
// cluster's egress objects, the L3VPN example with its egress pointed through a kubeconfig
// Secret at the test bed's API server (the workload cluster), and workflow histories.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { FLAVOURS, OWNER_LABEL, type Cni } from '../../adapters/cilium/egress.js';
import { installCRDs, loadManifests } from '../../adapters/k8s/manifests.js';
import { cacheDir, projectRoot } from '../../lab/stack/paths.js';
import { egressWorkflowId } from '../../workflows/definitions.js';
import { examples, waitFor, type Lab } from './controller-lab.js';

export const EGRESS_CRDS = join(projectRoot(), 'lab', 'crds', 'srv6-egress.yaml');
export const HISTORIES = join(projectRoot(), 'test', 'fixtures', 'histories');

export function installEgressCRDs(lab: Lab) {
  return installCRDs(lab.kc, loadManifests(EGRESS_CRDS));
}

export class WorkerProcess {
  logs = '';
  private constructor(readonly proc: ChildProcess) {
    proc.stderr!.on('data', (d: Buffer) => (this.logs += d.toString()));
  }

  static async start(address: string, taskQueue: string): Promise<WorkerProcess> {
    const proc = spawn(
      'node',
      [join(projectRoot(), 'dist', 'cli', 'main.js'), 'worker', '--kubeconfig', process.env.KUBECONFIG!, '--temporal-address', address, '--task-queue', taskQueue, '--poll', '0.3', '--log-level', 'debug'],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TEMPORAL_ADDRESS: '' } },
    );
    const w = new WorkerProcess(proc);
    await waitFor('the worker to poll', () => w.logs.includes('worker polling') || (proc.exitCode !== null && Promise.reject(new Error(`worker exited: ${w.logs}`))), 60_000);
    return w;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL') {
    const exited = new Promise((r) => (this.proc.exitCode !== null ? r(undefined) : this.proc.once('exit', r)));
    this.proc.kill(signal);
    return exited;
  }
}

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

/** The example's VRF `blue` and L3VPN `blue`, renamed, egress through the kubeconfig Secret. */
export function egressExample(name: string, vrf: string, egress: Record<string, unknown> = {}): KubernetesObject[] {
  const [v, vpn] = examples('10-l3vpn-srv6.yaml').filter((o) => o.metadata!.name === 'blue') as (KubernetesObject & { spec: Record<string, any> })[];
  v!.metadata!.name = vrf;
  vpn!.metadata!.name = name;
  vpn!.spec.vrfs = [{ name: vrf }];
  vpn!.spec.clusterEgress = { ...vpn!.spec.clusterEgress, terminatingVrf: vrf, kubeconfigSecretRef: { name: 'workload-cluster' }, ...egress };
  return [v!, vpn!];
}

/** The test bed's kubeconfig as the workload cluster's Secret. */
export function workloadSecret(): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'workload-cluster' },
    stringData: { kubeconfig: readFileSync(process.env.KUBECONFIG!, 'utf8') },
  } as KubernetesObject;
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
