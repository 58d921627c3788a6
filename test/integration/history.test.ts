// The transaction history (issue 15, part 2) on the test bed with simulated PEs: a change
// made by a named field manager is recorded as a DeviceTransaction with its intents,
// generation, devices, native diff and requester, and no secret; a resync records nothing;
// `netintent history` lists and shows it; `netintent revert` puts the previous spec back and
// the devices follow; a rejected commit is recorded with its error; retention prunes oldest
// first and the records outlive the controller.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { RECORD_KINDS, type DeviceTransactionSpec } from '../../apis/index.js';
import { recordCrdFor } from '../../apis/crd.js';
import { installCRDs } from '../../adapters/k8s/manifests.js';
import { projectRoot } from '../../adapters/paths.js';
import { Lab, sleep, waitFor } from './controller-lab.js';

const run = promisify(execFile);
const CLI = join(projectRoot(), 'dist', 'cli', 'main.js');
const SECRET = 'Sup3rS3cretBgpKey';

let lab: Lab;
let system: string;
type Row = { metadata: { name: string; creationTimestamp: string }; spec: DeviceTransactionSpec };

const records = async () => (await lab.rest.request<{ items: Row[] }>('GET', `/apis/netintent.dev/v1alpha1/namespaces/${system}/devicetransactions`)).items;
const about = (rs: Row[], kind: string, name: string) => rs.filter((r) => r.spec.intents.some((i) => i.kind === kind && i.name === name));
const cli = async (...args: string[]) => (await run('node', [CLI, ...args], { env: { ...process.env, KUBECONFIG: process.env.KUBECONFIG } })).stdout;
const cliAll = async (...args: string[]) => {
  const r = await run('node', [CLI, ...args], { env: { ...process.env, KUBECONFIG: process.env.KUBECONFIG } });
  return { out: r.stdout, err: r.stderr };
};

const vrf = (name: string, description: string) =>
  lab.here({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name },
    spec: { description, endpoints: ['pe1', 'pe2'].map((device, i) => ({ device, port: '1/1/c3/1', vlan: 300 + name.length, ipv4: `10.${i + 1}.${name.length}.1/24` })) },
  } as KubernetesObject);
const bgpGroup = (extra: { [k: string]: unknown }) =>
  lab.here({
    apiVersion: 'nwi.enc.nokia.com/v1alpha2',
    kind: 'SROSConfig',
    metadata: { name: 'bgp-noc' },
    spec: { switchID: '172.20.20.200', path: '/router[router-name=Base]/bgp/group[group-name=noc]', properties: { 'group-name': 'noc', 'authentication-key': SECRET, ...extra } },
  } as KubernetesObject);

beforeAll(async () => {
  lab = await Lab.create('hist');
  system = `${lab.ns}-system`;
  await installCRDs(lab.kc, RECORD_KINDS.map((k) => recordCrdFor(k) as unknown as KubernetesObject));
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2')]);
  await lab.startController({ resyncMs: 1500, history: { max: 1000, maxAgeMs: 3_600_000 } });
  await lab.apply(lab.devices());
  for (const d of ['pe1', 'pe2']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('transaction history', () => {
  let change: Row;

  it('records a change with its intents, generation, devices, native diff, previous spec and who asked', async () => {
    await lab.rest.apply(vrf('blue', 'tenant blue v1'), 'noc-alice');
    await lab.waitCondition('VRF', 'blue', 'Ready', 'True', undefined, 60_000);
    await lab.rest.apply(vrf('blue', 'tenant blue v2'), 'noc-bob');
    const o = await lab.waitCondition('VRF', 'blue', 'Ready', 'True', undefined, 60_000);
    expect(o.metadata.generation).toBe(2);
    const rs = await waitFor('the record of generation 2', async () => {
      const all = about(await records(), 'VRF', 'blue');
      return all.length >= 2 && all;
    });
    const created = rs.find((r) => r.spec.intents.some((i) => i.name === 'blue' && i.generation === 1))!;
    change = rs.find((r) => r.spec.intents.some((i) => i.name === 'blue' && i.generation === 2))!;
    expect(created.spec).toMatchObject({ outcome: 'Committed', requestedBy: 'noc-alice' });
    expect(created.spec.previousSpecs).toBeUndefined(); // nothing before a creation
    expect(change.metadata.name).toBe(change.spec.id);
    expect(change.spec).toMatchObject({ outcome: 'Committed', requestedBy: 'noc-bob' });
    expect(change.spec.intents.find((i) => i.name === 'blue')).toMatchObject({ kind: 'VRF', namespace: lab.ns, generation: 2, uid: o.metadata.uid, cause: 'Change', requestedBy: 'noc-bob', previousGeneration: 1 });
    expect(change.spec.devices.map((d) => [d.name, d.state]).sort()).toEqual([['pe1', 'Synced'], ['pe2', 'Synced']]);
    for (const d of change.spec.devices) {
      expect(d.diff).toMatch(/^- .*tenant blue v1/m);
      expect(d.diff).toMatch(/^\+ .*tenant blue v2/m);
    }
    expect(JSON.parse(change.spec.previousSpecs!)[`VRF/${lab.ns}/blue`]).toMatchObject({ description: 'tenant blue v1' });
    const { kubectl } = await import('./kube.js');
    const got = kubectl('get', 'devicetransactions', '-n', system);
    expect(got.split('\n')[0]).toMatch(/^NAME\s+TIME\s+OUTCOME\s+DEVICES\s+INTENTS\s+REQUESTEDBY\s+AGE$/);
    expect(got).toMatch(new RegExp(`${change.metadata.name}\\s+\\S+\\s+Committed\\s+pe\\d,pe\\d\\s+VRF/blue\\s+noc-bob`));
    // Read-only: the API server refuses a changed spec.
    await expect(lab.rest.request('PATCH', `/apis/netintent.dev/v1alpha1/namespaces/${system}/devicetransactions/${change.metadata.name}`, { spec: { outcome: 'Failed' } }, 'application/merge-patch+json')).rejects.toThrow(/cannot change/);
  }, 120_000);

  it('records nothing on a resync that changes nothing', async () => {
    const before = (await records()).length;
    await sleep(5000); // three resyncs
    expect((await records()).length).toBe(before);
  }, 30_000);

  it('keeps secrets out of diffs, and withholds a previous spec that holds one', async () => {
    await lab.rest.apply(bgpGroup({}), 'noc-carol');
    await lab.waitCondition('SROSConfig', 'bgp-noc', 'Ready', 'True', undefined, 60_000);
    // It did reach the device, which keeps it encrypted (an encrypted-leaf reads back as `… hash2`).
    expect(lab.sros.get('pe1')!.runningXml()).toMatch(/<group-name>noc<\/group-name><authentication-key>[^<]+ hash2<\/authentication-key>/);
    expect(lab.sros.get('pe1')!.runningXml()).not.toContain(SECRET);
    await lab.rest.apply(bgpGroup({ description: 'noc peers' }), 'noc-carol');
    await lab.waitCondition('SROSConfig', 'bgp-noc', 'Ready', 'True', undefined, 60_000);
    const rs = await waitFor('two records of bgp-noc', async () => {
      const all = about(await records(), 'SROSConfig', 'bgp-noc');
      return all.length >= 2 && all;
    });
    expect(JSON.stringify(await records())).not.toContain(SECRET);
    expect(rs.some((r) => r.spec.devices.some((d) => d.diff.includes('<authentication-key><secret></authentication-key>')))).toBe(true);
    expect(rs.flatMap((r) => r.spec.intents).find((i) => i.generation === 2)!.previousSpecWithheld).toMatch(/secret \(authentication-key\)/);
  }, 120_000);

  it('lists and shows transactions with netintent history', async () => {
    const table = await cli('history', 'vrf/blue', '-n', lab.ns, '--history-namespace', system);
    expect(table.split('\n')[0]).toMatch(/^TIME\s+TRANSACTION\s+OUTCOME\s+DEVICES\s+INTENTS\s+REQUESTED-BY$/);
    expect(table).toMatch(new RegExp(`${change.spec.id}\\s+Committed\\s+\\S*pe\\d.*VRF/blue\\s+noc-bob`));
    expect(table.split('\n').filter((l) => l.includes('VRF/blue'))).toHaveLength(2);
    const withDiff = await cli('history', '--device', 'pe1', '-n', lab.ns, '--history-namespace', system, '--diff', '--limit', '50');
    expect(withDiff).toContain('--- pe1 (Synced)');
    expect(withDiff).not.toContain('--- pe2 (');
    expect(withDiff).toMatch(/\+ .*tenant blue v2/);
    const one = await cli('history', change.spec.id, '--history-namespace', system);
    expect(one).toContain(`Transaction:  ${change.spec.id}`);
    expect(one).toMatch(/VRF \S+\/blue\s+generation 2\s+Change by noc-bob\s+\(revertible to generation 1\)/);
    expect(one).toMatch(/^- .*tenant blue v1/m);
  }, 60_000);

  it('reverts a transaction: dry run first, a GitOps owner warned about, then the previous spec back and the devices following', async () => {
    // Argo CD applies the same spec too: it now co-owns it, and would re-sync after a revert.
    await lab.rest.apply(vrf('blue', 'tenant blue v2'), 'argocd-controller');
    const dry = await cliAll('revert', change.spec.id, '--dry-run', '--history-namespace', system);
    expect(dry.out).toMatch(/^- .*description: tenant blue v2/m);
    expect(dry.out).toMatch(/^\+ .*description: tenant blue v1/m);
    expect(dry.err).toMatch(/WARNING VRF \S+\/blue: owned by GitOps \(argocd-controller\)/);
    expect(dry.err).toContain('nothing was changed');
    expect((await lab.get('VRF', 'blue'))!.spec!.description).toBe('tenant blue v2');
    // Without --yes and without a terminal it refuses rather than guess.
    await expect(cli('revert', change.spec.id, '--history-namespace', system)).rejects.toThrow(/pass --yes/);

    const done = await cli('revert', change.spec.id, '--yes', '--history-namespace', system);
    expect(done).toContain(`reverted VRF ${lab.ns}/blue`);
    const o = await lab.waitCondition('VRF', 'blue', 'Ready', 'True', undefined, 60_000);
    expect(o.metadata.generation).toBe(3);
    expect(o.spec!.description).toBe('tenant blue v1');
    for (const pe of ['pe1', 'pe2']) {
      expect(lab.sros.get(pe)!.runningXml()).toContain('tenant blue v1');
      expect(lab.sros.get(pe)!.runningXml()).not.toContain('tenant blue v2');
    }
    const back = await waitFor('the record of the revert', async () => about(await records(), 'VRF', 'blue').find((r) => r.spec.intents.some((i) => i.name === 'blue' && i.generation === 3)));
    expect(back.spec.requestedBy).toBe('netintent-revert');
  }, 120_000);

  it('records a commit a device rejects, with the error', async () => {
    lab.sros.get('pe2')!.faults.rejectCommits = 'simulated: commit refused by pe2';
    try {
      await lab.apply([vrf('red', 'tenant red')]);
      await lab.waitCondition('VRF', 'red', 'Synced', 'False', 'CommitRejected', 60_000);
      const failed = await waitFor('a failed record of red', async () => about(await records(), 'VRF', 'red').find((r) => r.spec.outcome !== 'Committed'));
      expect(failed.spec.outcome).toBe('RolledBack'); // pe1 had committed; it was undone
      expect(failed.spec.error).toMatchObject({ device: 'pe2', reason: 'CommitRejected' });
      expect(failed.spec.error!.message).toContain('commit refused by pe2');
      expect(Object.fromEntries(failed.spec.devices.map((d) => [d.name, d.state]))).toEqual({ pe1: 'RolledBack', pe2: 'Unchanged' }); // pe2 refused its commit: nothing activated there
      // Retried (a touch wakes the reconcile; so would the resync) and refused the same way:
      // counted on the first record, not recorded again.
      await lab.patch('VRF', 'red', { metadata: { annotations: { 'example.com/touch': '1' } } });
      const counted = await waitFor('the retry counted on the first record', async () => {
        const r = (await records()).find((x) => x.metadata.name === failed.metadata.name) as (Row & { status?: { repeats: number; lastTransaction: string } }) | undefined;
        return (r?.status?.repeats ?? 0) >= 1 && r;
      });
      expect(counted.status!.lastTransaction).not.toBe(failed.spec.id);
      expect(about(await records(), 'VRF', 'red').filter((r) => r.spec.outcome !== 'Committed')).toHaveLength(1);
    } finally {
      lab.sros.get('pe2')!.faults.rejectCommits = undefined;
    }
    await lab.waitCondition('VRF', 'red', 'Ready', 'True', undefined, 60_000);
  }, 120_000);

  it('keeps the records through a restart, and prunes oldest first to --history-max', async () => {
    await lab.controller!.stop();
    const before = (await records()).sort((a, b) => a.spec.time.localeCompare(b.spec.time));
    expect(before.length).toBeGreaterThan(3);
    await lab.startController({ resyncMs: 1500, history: { max: 3, maxAgeMs: 3_600_000 } });
    const after = await waitFor('pruned to 3', async () => {
      const rs = await records();
      return rs.length === 3 && rs;
    });
    expect(after.map((r) => r.metadata.name).sort()).toEqual(before.slice(-3).map((r) => r.metadata.name).sort());
  }, 60_000);
});
