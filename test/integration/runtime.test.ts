// Controller runtime pieces against the real API server: leader election on a Lease and
// status writes that survive conflicts.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { KINDS } from '../../apis/index.js';
import { crdFor } from '../../apis/crd.js';
import { installCRDs } from '../../adapters/k8s/manifests.js';
import { LeaderElector } from '../../controllers/runtime/leader.js';
import { StatusWriter, setCondition } from '../../controllers/runtime/status.js';
import { valid } from '../fixtures/valid.js';
import { freshNamespace, kubectl, testKubeConfig } from './kube.js';

let kc: KubeConfig;
let ns: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  kc = testKubeConfig();
  await installCRDs(kc, KINDS.map((k) => crdFor(k) as unknown as KubernetesObject));
  ns = await freshNamespace(kc, 'runtime');
});

describe('leader election', () => {
  const elector = (identity: string, log: string[], leaseDurationSec = 2) =>
    new LeaderElector(kc, {
      namespace: ns,
      name: 'netintent-controller',
      identity,
      leaseDurationSec,
      retryEveryMs: 200,
      onStartedLeading: () => log.push(`${identity} leads`),
      onStoppedLeading: () => log.push(`${identity} stops`),
    });

  it('lets one replica lead; a standby takes over at once when the leader releases', async () => {
    const log: string[] = [];
    const a = elector('a', log);
    a.start();
    await sleep(500);
    const b = elector('b', log);
    try {
      b.start();
      await sleep(800);
      expect(a.isLeader).toBe(true);
      expect(b.isLeader).toBe(false);
      // A standby that reaches its Lease is healthy (ready): a PDB may evict either replica.
      expect(b.healthy).toBe(true);
      await a.stop();
      await sleep(800);
      expect(b.isLeader).toBe(true);
      expect(log).toEqual(['a leads', 'a stops', 'b leads']);
      expect(kubectl('get', 'lease', 'netintent-controller', '-n', ns, '-o', 'jsonpath={.spec.holderIdentity}')).toBe('b');
    } finally {
      await a.stop();
      await b.stop(); // a failure here must not leave an elector running into the next test
    }
  });

  it('says why it cannot lead, and is not healthy, when the Lease cannot be written', async () => {
    const errors: unknown[] = [];
    const e = new LeaderElector(kc, {
      namespace: `${ns}-absent`, // no such namespace: the Lease cannot be created
      name: 'netintent-controller',
      identity: 'orphan',
      retryEveryMs: 200,
      onStartedLeading: () => undefined,
      onStoppedLeading: () => undefined,
      onError: (err) => errors.push(err),
    });
    try {
      e.start();
      await sleep(700);
      expect(e.isLeader).toBe(false);
      expect(e.healthy).toBe(false);
      expect(String(errors[0])).toMatch(/not found/i);
    } finally {
      await e.stop(false);
    }
  });

  it('takes over from a leader that vanished once its lease expires', async () => {
    const log: string[] = [];
    const a = elector('crashing', log);
    a.start();
    await sleep(600);
    await a.stop(false); // no release: as if the process died
    const b = elector('standby', log);
    const started = Date.now();
    try {
      b.start();
      while (!b.isLeader && Date.now() - started < 6000) await sleep(100);
      expect(b.isLeader).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // waited for the lease to run out
    } finally {
      await b.stop();
    }
  });
});

describe('status writes', () => {
  it('land through the status subresource even when two writers race', async () => {
    const m = valid.vrf();
    m.metadata = { name: 'racy', namespace: ns };
    await KubernetesObjectApi.makeApiClient(kc).create(m);
    const ref = { apiVersion: 'netintent.dev/v1alpha1', kind: 'VRF', namespace: ns, name: 'racy' };
    const w1 = new StatusWriter(kc);
    const w2 = new StatusWriter(kc);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? w1 : w2).update(ref, (s, generation) => ({
          ...s,
          conditions: setCondition(s.conditions as never, { type: `T${i}`, status: 'True', reason: 'Test', message: 'ok', observedGeneration: generation }),
        }), undefined, 20),
      ),
    );
    const types = kubectl('get', 'vrf', 'racy', '-n', ns, '-o', 'jsonpath={.status.conditions[*].type}').split(' ').sort();
    expect(types).toEqual(['T0', 'T1', 'T2', 'T3', 'T4', 'T5']);
    // A stale copy to write on (an informer behind the writes above) is refused by its
    // resourceVersion and read again: nothing written meanwhile is lost.
    const stale = { status: {}, resourceVersion: JSON.parse(kubectl('get', 'vrf', 'racy', '-n', ns, '-o', 'json')).metadata.resourceVersion as string, generation: 1 };
    await w1.update(ref, (s) => ({ ...s, conditions: setCondition(s.conditions as never, { type: 'T6', status: 'True', reason: 'Test', message: 'ok', observedGeneration: 1 }) }));
    await w2.update(ref, (s) => ({ ...s, conditions: setCondition(s.conditions as never, { type: 'T7', status: 'True', reason: 'Test', message: 'ok', observedGeneration: 1 }) }), stale);
    const after = kubectl('get', 'vrf', 'racy', '-n', ns, '-o', 'jsonpath={.status.conditions[*].type}').split(' ').sort();
    expect(after).toEqual(['T0', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']);
  });

  it('keeps lastTransitionTime while a condition keeps its status', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const first = setCondition([], { type: 'Ready', status: 'False', reason: 'A', message: 'a' }, t0);
    const same = setCondition(first, { type: 'Ready', status: 'False', reason: 'B', message: 'b' }, new Date('2026-01-02T00:00:00Z'));
    expect(same[0]!.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(same[0]!.reason).toBe('B');
    const flipped = setCondition(same, { type: 'Ready', status: 'True', reason: 'C', message: 'c' }, new Date('2026-01-03T00:00:00Z'));
    expect(flipped[0]!.lastTransitionTime).toBe('2026-01-03T00:00:00Z');
  });
});

describe('ResilientInformer', () => {
  it('restarts after list errors, then delivers adds, updates, deletes and resyncs', async () => {
    const { CustomObjectsApi } = await import('@kubernetes/client-node');
    const { ResilientInformer } = await import('../../controllers/runtime/informer.js');
    const custom = kc.makeApiClient(CustomObjectsApi);
    let failures = 2;
    const list = async () => {
      if (failures-- > 0) throw new Error('simulated list failure');
      return (await custom.listNamespacedCustomObject({ group: 'netintent.dev', version: 'v1alpha1', namespace: ns, plural: 'vrfs' })) as never;
    };
    const events: string[] = [];
    const errors: number[] = [];
    const inf = new ResilientInformer(kc, `/apis/netintent.dev/v1alpha1/namespaces/${ns}/vrfs`, list, (type, obj) => events.push(`${type} ${obj.metadata?.name}`), {
      initialBackoffMs: 100,
      resyncMs: 500,
      onError: (_e, ms) => errors.push(ms),
    });
    await inf.start();
    try {
      const objects = KubernetesObjectApi.makeApiClient(kc);
      const m = valid.vrf();
      m.metadata = { name: 'watched', namespace: ns };
      const until = async (want: string) => {
        for (let i = 0; i < 100 && !events.includes(want); i++) await sleep(50);
        expect(events).toContain(want);
      };
      await sleep(600); // two failed lists, backing off 100 then 200 ms
      await objects.create(m);
      await until('add watched');
      const cur = (await objects.read(m)) as typeof m;
      cur.spec.description = 'changed';
      await objects.replace(cur);
      await until('update watched');
      await until('resync watched');
      await objects.delete(m);
      await until('delete watched');
      expect(errors).toEqual([100, 200]);
      expect(inf.restarts).toBe(2);
    } finally {
      await inf.stop();
    }
  });
});
