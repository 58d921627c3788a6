// Cluster-side SRv6 egress end to end on real servers: `netintent controller` starts one
// Temporal workflow per L3VPN on the test bed's Temporal dev server, `netintent worker`
// processes run it, the PEs are SR OS simulators, and the workload cluster (reached through a kubeconfig
// Secret) is the test bed's API server with the Cilium / Isovalent CRDs installed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { objectName, type IntentRef } from '../../adapters/cilium/egress.js';
import { cacheDir } from '../../adapters/paths.js';
import { egressWorkflowId } from '../../workflows/definitions.js';
import { Lab, sleep, waitFor } from './controller-lab.js';
import { clusterObjects, egressExample, installEgressCRDs, recordHistory, startControllerProcess, startWorker, workloadKubeconfig, workloadSecret, type CliProcess } from './egress-lab.js';

const address = process.env.TEMPORAL_ADDRESS!;
let lab: Lab;
let taskQueue: string;
let worker: CliProcess;
let controller: CliProcess;
const pe1 = () => lab.sros.get('pe1')!.runningXml();
const uidOf = async (kind: string, name: string) => (await lab.get(kind, name))!.metadata.uid!;
const intent = (name: string, uid: string): IntentRef => ({ apiVersion: 'netintent.dev/v1alpha1', kind: 'L3VPN', namespace: lab.ns, name, uid });

/** The End.DT46 SID pe1 really has for the VRF: its locator prefix fc00:0:1::/48 + the function value in its config. */
function pe1Sid(vrf: string): string {
  const xml = pe1();
  const vprn = xml.slice(xml.indexOf(`<service-name>${lab.ns}.${vrf}</service-name>`));
  const value = Number(/<end-dt46>\s*<value>(\d+)<\/value>/.exec(vprn)![1]);
  return `fc00:0:1:${value.toString(16)}::`;
}

beforeAll(async () => {
  lab = await Lab.create('egress');
  await installEgressCRDs(lab);
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2')]);
  taskQueue = `egress-${lab.ns}`;
  controller = await startControllerProcess(lab, address, taskQueue);
  worker = await startWorker(address, taskQueue);
  await lab.apply([...lab.devices(), workloadSecret()]);
}, 120_000);

afterAll(async () => {
  await worker?.kill();
  await controller?.kill();
  await lab?.stop();
});

describe('cluster egress', () => {
  it("writes the VRF and egress policy with the PE's actual End.DT46 SID, and the L3VPN is Ready", async () => {
    await lab.apply(egressExample('blue', 'blue'));
    const vpn = await lab.waitCondition('L3VPN', 'blue', 'Ready', 'True', undefined, 60_000);
    expect(vpn.status!.conditions!.find((c) => c.type === 'EgressReady')!.status).toBe('True');
    const objects = await clusterObjects(lab, vpn.metadata.uid!);
    const name = objectName(intent('blue', vpn.metadata.uid!));
    expect([...objects.keys()].sort()).toEqual([`CiliumSRv6EgressPolicy/${name}`, `CiliumSRv6VRF/${name}`]);
    const policy = objects.get(`CiliumSRv6EgressPolicy/${name}`)!;
    expect(policy.spec.destinationSID).toBe(pe1Sid('blue'));
    expect(policy.spec).toMatchObject({ vrfID: 100, destinationCIDRs: ['192.168.100.0/24', '192.168.101.0/24'] });
    const vrf = await lab.get('VRF', 'blue');
    expect((vrf!.status!.sids as { device: string; sid: string }[]).find((s) => s.device === 'pe1')!.sid).toBe(policy.spec.destinationSID);
    const shared = (vpn.status!.routeTargets as { shared: string }).shared;
    expect(objects.get(`CiliumSRv6VRF/${name}`)!.spec).toMatchObject({
      vrfID: 100,
      importRouteTarget: shared,
      exportRouteTarget: shared,
      rules: [{ selectors: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tenant-blue' } }, podSelector: { matchLabels: { app: 'blue' } } }], destinationCIDRs: ['192.168.100.0/24', '192.168.101.0/24'] }],
    });
    expect(policy.metadata!.managedFields!.map((m) => m.manager)).toContain('netintent');
    expect(vpn.status!.egress).toMatchObject({ phase: 'Ready', sid: policy.spec.destinationSID, workflowId: egressWorkflowId({ kind: 'L3VPN', uid: vpn.metadata.uid! }) });
    // The temporal CLI sees the workflow (what the Temporal UI lists).
    const listed = execFileSync(join(cacheDir(), 'go-bin', 'temporal'), ['workflow', 'list', '--address', address, '--query', `TaskQueue = "${taskQueue}"`, '-o', 'json'], { encoding: 'utf8' });
    expect(listed).toContain(egressWorkflowId({ kind: 'L3VPN', uid: vpn.metadata.uid! }));
  }, 90_000);

  it('updates the policy in place when the destination CIDRs change', async () => {
    const uid = await uidOf('L3VPN', 'blue');
    const before = [...(await clusterObjects(lab, uid)).values()].map((o) => o.metadata!.uid).sort();
    await lab.patch('L3VPN', 'blue', { spec: { clusterEgress: { destinationCIDRs: ['192.168.200.0/24'] } } });
    const policy = await waitFor('the new CIDRs in the policy', async () => {
      const p = [...(await clusterObjects(lab, uid)).values()].find((o) => o.kind === 'CiliumSRv6EgressPolicy');
      return (p?.spec.destinationCIDRs as string[] | undefined)?.join() === '192.168.200.0/24' && p;
    });
    expect(policy.spec.destinationSID).toBe(pe1Sid('blue'));
    const vpn = await lab.waitCondition('L3VPN', 'blue', 'EgressReady', 'True');
    expect(vpn.status!.conditions!.find((c) => c.type === 'EgressReady')!.observedGeneration).toBe(vpn.metadata.generation);
    expect([...(await clusterObjects(lab, uid)).values()].map((o) => o.metadata!.uid).sort()).toEqual(before); // same objects, updated
  }, 60_000);

  it('moves to the Isovalent CRs when the CNI changes, leaving no Cilium object behind', async () => {
    const uid = await uidOf('L3VPN', 'blue');
    await lab.patch('L3VPN', 'blue', { spec: { clusterEgress: { cni: 'isovalent' } } });
    await waitFor('only Isovalent objects', async () => {
      const kinds = [...(await clusterObjects(lab, uid)).values()].map((o) => o.kind).sort();
      return kinds.join() === 'IsovalentSRv6EgressPolicy,IsovalentVRF';
    });
    await lab.waitCondition('L3VPN', 'blue', 'Ready', 'True');
  }, 60_000);

  it('puts back a cluster object deleted by hand (periodic re-check)', async () => {
    const uid = await uidOf('L3VPN', 'blue');
    const policy = [...(await clusterObjects(lab, uid)).values()].find((o) => o.kind === 'IsovalentSRv6EgressPolicy')!;
    await lab.rest.request('DELETE', `/apis/isovalent.com/v1alpha1/isovalentsrv6egresspolicies/${policy.metadata!.name}`);
    const back = await waitFor('the policy to be back', async () => [...(await clusterObjects(lab, uid)).values()].find((o) => o.kind === 'IsovalentSRv6EgressPolicy'), 30_000);
    expect(back.metadata!.uid).not.toBe(policy.metadata!.uid);
    expect(back.spec).toEqual(policy.spec);
    await lab.waitCondition('L3VPN', 'blue', 'Ready', 'True');
  }, 60_000);

  it('reports bad input as EgressFailed and leaves nothing in the cluster', async () => {
    await lab.apply(egressExample('amber', 'amber', { terminatingDevice: 'leaf1' }));
    const vpn = await lab.waitCondition('L3VPN', 'amber', 'EgressReady', 'False', 'EgressFailed', 60_000);
    expect(vpn.status!.conditions!.find((c) => c.type === 'EgressReady')!.message).toContain('VRF amber has no endpoint on leaf1');
    expect(vpn.status!.conditions!.find((c) => c.type === 'Synced')!.status).toBe('True'); // the PE side is fine
    expect((await clusterObjects(lab, vpn.metadata.uid!)).size).toBe(0);
    await lab.patch('L3VPN', 'amber', { spec: { clusterEgress: { terminatingDevice: 'pe2' } } });
    await lab.waitCondition('L3VPN', 'amber', 'Ready', 'True', undefined, 60_000);
    expect((await clusterObjects(lab, vpn.metadata.uid!)).size).toBe(2);
    recordHistory(address, { kind: 'L3VPN', uid: vpn.metadata.uid! }, 'failed-then-fixed');
  }, 90_000);

  it('waits for a kubeconfig Secret that does not exist yet, saying so, then proceeds', async () => {
    await lab.apply(egressExample('ruby', 'ruby', { kubeconfigSecretRef: { name: 'late-cluster', key: 'kubeconfig' } }));
    const waiting = await waitFor('the wait to be explained', async () => {
      const c = (await lab.get('L3VPN', 'ruby'))?.status?.conditions?.find((x) => x.type === 'EgressReady');
      return c?.message.includes(`kubeconfig Secret ${lab.ns}/late-cluster not found`) && c;
    }, 60_000);
    expect(waiting).toMatchObject({ status: 'False', reason: 'WaitingForPE' });
    const secret = workloadSecret();
    secret.metadata!.name = 'late-cluster';
    await lab.apply([secret]);
    await lab.waitCondition('L3VPN', 'ruby', 'Ready', 'True', undefined, 60_000);
    await lab.delete('L3VPN', 'ruby');
  }, 120_000);

  it('deleting the L3VPN removes the cluster objects before the PE config changes', async () => {
    const vpn = (await lab.get('L3VPN', 'blue'))!;
    const shared = (vpn.status!.routeTargets as { shared: string }).shared;
    expect(pe1()).toContain(shared);
    let clusterGone = 0;
    let peChanged = 0;
    const watch = (async () => {
      while (!peChanged) {
        if (!clusterGone && (await clusterObjects(lab, vpn.metadata.uid!)).size === 0) clusterGone = Date.now();
        if (!pe1().includes(shared)) peChanged = Date.now();
        await sleep(20);
      }
    })();
    await lab.delete('L3VPN', 'blue');
    await waitFor('the L3VPN to be gone', async () => !(await lab.get('L3VPN', 'blue')), 60_000);
    await Promise.race([watch, sleep(30_000)]);
    expect(clusterGone).toBeGreaterThan(0);
    expect(peChanged).toBeGreaterThan(0);
    expect(clusterGone).toBeLessThanOrEqual(peChanged);
    await lab.waitCondition('VRF', 'blue', 'Ready', 'True'); // the VRF stays, on its own route targets
    recordHistory(address, { kind: 'L3VPN', uid: vpn.metadata.uid! }, 'apply-update-recni-delete');
  }, 90_000);

  it('a worker killed mid-workflow is replaced and the work finishes once: no duplicate, no orphan', async () => {
    // The PEs refuse the VPN's route targets for now, so the workflow sits waiting for its
    // PE side when the worker dies.
    const [vrf, vpn] = egressExample('teal', 'teal');
    await lab.apply([vrf!]);
    await lab.waitCondition('VRF', 'teal', 'Ready', 'True');
    for (const pe of ['pe1', 'pe2']) lab.sros.get(pe)!.faults.rejectCommits = 'simulated: not now';
    await lab.apply([vpn!]);
    await waitFor('the workflow to wait for the PE', async () => ((await lab.get('L3VPN', 'teal'))?.status?.egress as { phase?: string } | undefined)?.phase === 'WaitingForPE', 60_000);
    await worker.kill('SIGKILL');
    for (const pe of ['pe1', 'pe2']) lab.sros.get(pe)!.faults.rejectCommits = undefined;
    await lab.waitCondition('L3VPN', 'teal', 'Synced', 'True', undefined, 60_000);
    await sleep(1000);
    const uid = await uidOf('L3VPN', 'teal');
    expect((await clusterObjects(lab, uid)).size).toBe(0); // nobody works while no worker runs
    worker = await startWorker(address, taskQueue);
    await lab.waitCondition('L3VPN', 'teal', 'Ready', 'True', undefined, 60_000);
    const objects = await clusterObjects(lab, uid);
    expect([...objects.keys()].sort()).toEqual([`CiliumSRv6EgressPolicy/${objectName(intent('teal', uid))}`, `CiliumSRv6VRF/${objectName(intent('teal', uid))}`]);
    const runs = execFileSync(join(cacheDir(), 'go-bin', 'temporal'), ['workflow', 'list', '--address', address, '--query', `WorkflowId = "${egressWorkflowId({ kind: 'L3VPN', uid })}"`, '-o', 'json'], { encoding: 'utf8' });
    expect((JSON.parse(runs) as unknown[]).length).toBe(1); // one run: no twin was started
    await lab.delete('L3VPN', 'teal');
    await waitFor('teal to be gone', async () => !(await lab.get('L3VPN', 'teal')), 60_000);
    expect((await clusterObjects(lab, uid)).size).toBe(0);
    recordHistory(address, { kind: 'L3VPN', uid }, 'worker-killed-while-waiting');
    // The workload cluster's credentials (the kubeconfig Secret) never reach a log.
    const key = /client-key-data: (\S+)/.exec(workloadKubeconfig())![1]!;
    expect(worker.logs + controller.logs).not.toContain(key.slice(0, 40));
    expect(worker.logs).toContain('worker polling');
  }, 120_000);
});
