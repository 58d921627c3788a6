import { describe, expect, it } from '@jest/globals';
import { Reporter, cond, keepCommits } from '../../../controllers/report.js';
import { Outbox } from '../../../controllers/outbox.js';
import { EventRecorder } from '../../../controllers/runtime/events.js';
import { TEXT_LIMITS } from '../../../controllers/runtime/bounded.js';
import type { Obj } from '../../../apis/objects.js';
import { FakeEventsApi, FakeStatusStore } from '../../support/fake-api.js';

const vrf = (status: Obj['status'] = {}): Obj => ({
  apiVersion: 'netintent.dev/v1alpha1',
  kind: 'VRF',
  metadata: { name: 'red', namespace: 'default', uid: 'uid-red', generation: 1, resourceVersion: '1' },
  status,
});

const setup = () => {
  const store = new FakeStatusStore();
  const outbox = new Outbox({ retryBaseMs: 10, retryMaxMs: 20 });
  const api = new FakeEventsApi();
  const reporter = new Reporter(store, new EventRecorder(api, { outbox }), outbox);
  return { store, outbox, api, reporter };
};

const synced = [cond('Synced', true, 'InSync', 'the devices match'), cond('Ready', true, 'Ready', 'configured on 1 device(s)')];

describe('Reporter: status merges keep commitId (issue 12, item 6)', () => {
  it('keeps the commit a reconcile one resourceVersion earlier wrote, when the stale copy has none', async () => {
    const { store, reporter } = setup();
    // Reconcile A committed and wrote commitId; the informer has not delivered that status yet.
    const committed = { name: 'pe1', state: 'Synced', configHash: 'h1', commitId: 'tx-1', commitTime: '2026-01-01T00:00:00Z' };
    store.status = { observedGeneration: 1, devices: [committed] };
    // Reconcile B works from the stale cache (no commitId) and reports the same configuration.
    const stale = vrf({ devices: [{ name: 'pe1', state: 'Pending' }] });
    await reporter.set(stale, synced, { devices: [{ name: 'pe1', state: 'Synced', configHash: 'h1' }] });
    expect(store.status.devices).toEqual([committed]);
  });

  it('records a new commit over the old one', async () => {
    const { store, reporter } = setup();
    store.status = { devices: [{ name: 'pe1', state: 'Synced', configHash: 'h1' }] };
    const cached = vrf({ devices: [{ name: 'pe1', state: 'Synced', configHash: 'h1' }] });
    await reporter.set(cached, synced, { devices: [{ name: 'pe1', state: 'Synced', configHash: 'h1', commitId: 'tx-2' }] });
    expect((store.status.devices as { commitId?: string }[])[0]!.commitId).toBe('tx-2');
  });

  it('keeps the newer commit when the stale copy carries an older one', () => {
    const fresh = { devices: [{ name: 'pe1', configHash: 'h1', commitId: 'tx-2', commitTime: '2026-01-01T00:00:09Z' }] };
    const next = keepCommits(fresh, { devices: [{ name: 'pe1', configHash: 'h1', commitId: 'tx-1', commitTime: '2026-01-01T00:00:01Z' }] });
    expect(next.devices).toEqual(fresh.devices);
    const newer = { devices: [{ name: 'pe1', configHash: 'h1', commitId: 'tx-3', commitTime: '2026-01-01T00:00:10Z' }] };
    expect(keepCommits(fresh, newer)).toEqual(newer);
  });

  it('does not carry a commit over to another configuration or a failed device', () => {
    const fresh = { devices: [{ name: 'pe1', configHash: 'h1', commitId: 'tx-1' }, { name: 'pe2', configHash: 'h2', commitId: 'tx-1' }] };
    const next = keepCommits(fresh, { devices: [{ name: 'pe1', configHash: 'h9' }, { name: 'pe2', state: 'Failed' }] });
    expect(next.devices).toEqual([{ name: 'pe1', configHash: 'h9' }, { name: 'pe2', state: 'Failed' }]);
  });
});

describe('Reporter: bounded messages (issue 12, item 4)', () => {
  it('writes a status whose condition and device messages hold a 500 KB device error, cut with a marker', async () => {
    const { store, reporter } = setup();
    const error = `description: ${'x'.repeat(500_000)} is too long`;
    const devices = [{ name: 'pe1', state: 'Failed', message: error }];
    await reporter.set(vrf(), [cond('Synced', false, 'CommitRejected', `pe1: ${error}`)], { devices });
    const [c] = store.status.conditions as { message: string }[];
    const [d] = store.status.devices as { message: string }[];
    expect(Buffer.byteLength(c!.message)).toBeLessThanOrEqual(TEXT_LIMITS.conditionMessage);
    expect(c!.message).toMatch(/^pe1: description: x+… \[truncated [\d,]+ bytes\]$/);
    expect(d!.message).toMatch(/… \[truncated [\d,]+ bytes\]$/);
  });

  it('does not write again when the bounded status is what the object already has', async () => {
    const { store, reporter } = setup();
    const huge = 'y'.repeat(100_000);
    await reporter.set(vrf(), [cond('Ready', false, 'CommitRejected', huge)]);
    await reporter.set(vrf(store.status), [cond('Ready', false, 'CommitRejected', huge)]);
    expect(store.writes).toBe(1);
  });
});

describe('Reporter: statuses during an API server outage (issue 12, item 7)', () => {
  it('keeps the status, shows it to the next reconcile, and writes the newest once the API server is back', async () => {
    const { store, outbox, reporter } = setup();
    store.status = { conditions: [] };
    store.down = true;
    const cached = vrf({});
    const reverted = cond('Drifted', false, 'DriftReverted', 'pe1 had drifted and was set back (tx-9)');
    await reporter.set(cached, [reverted, ...synced]); // does not throw: queued
    expect(store.writes).toBe(0);
    expect(reporter.pending).toBe(1);
    // The next reconcile reads the (stale) cache through view(): it sees the revert.
    const seen = reporter.view(cached);
    expect(seen.status?.conditions?.find((c) => c.type === 'Drifted')?.reason).toBe('DriftReverted');
    // A later report during the outage builds on it; only the newest is written.
    await reporter.set(seen, [cond('Allocated', true, 'Allocated', 'all allocated')]);
    store.down = false;
    expect(await outbox.drain(2000)).toBe(true);
    expect(store.writes).toBe(1);
    const types = (store.status.conditions as { type: string; reason: string }[]).map((c) => `${c.type}=${c.reason}`);
    expect(types).toEqual(expect.arrayContaining(['Drifted=DriftReverted', 'Synced=InSync', 'Allocated=Allocated']));
    expect(reporter.pending).toBe(0);
  });

  it('gives the API server’s refusal back to the caller instead of queueing it', async () => {
    const { store, reporter } = setup();
    const { ApiError } = await import('../../../adapters/k8s/rest.js');
    store.refuse = new ApiError(422, 'Invalid', 'status.conditions[0].message: Too long');
    await expect(reporter.set(vrf(), synced)).rejects.toThrow('Too long');
    expect(reporter.pending).toBe(0);
  });

  it('stands in for the informer until it shows the written status', async () => {
    const { store, reporter } = setup();
    const cached = vrf({});
    await reporter.set(cached, synced);
    expect(reporter.view(cached).status?.conditions?.length).toBe(2); // cache still stale
    const caughtUp = { ...cached, metadata: { ...cached.metadata, resourceVersion: String(store.rv) }, status: store.status };
    expect(reporter.view(caughtUp)).toBe(caughtUp);
    expect(reporter.view(cached)).toBe(cached); // the entry is gone once the informer caught up
  });

  it('gives way to an informer copy newer than the written status (its watch event beat the next write’s response)', async () => {
    const { store, reporter } = setup();
    await reporter.set(vrf({}), [cond('DependenciesReady', true, 'DependenciesReady', 'no dependencies')]);
    const written = store.rv;
    // The next write (Ready=True) is committed; its watch event arrives while the response is in flight.
    const ahead = vrf({ conditions: [...(store.status.conditions as []), { type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2026-12-01T00:00:00Z' }] });
    ahead.metadata.resourceVersion = String(written + 1);
    const behind = vrf({}); // resourceVersion 1, before the write
    expect(reporter.view(behind).status?.conditions?.length).toBe(1); // an older copy still gets the written status
    expect(reporter.view(ahead)).toBe(ahead);
  });
});

describe('Reporter: telling our own status write from another writer', () => {
  it('knows the status it wrote, and not one another writer changed after it', async () => {
    const { store, reporter } = setup();
    await reporter.set(vrf(), synced);
    const echo = vrf(store.status);
    expect(reporter.isOwnStatus(echo)).toBe(true);
    // The egress workflow reports into the same status: that update must wake the reconciler.
    expect(reporter.isOwnStatus(vrf({ ...store.status, egress: { phase: 'Ready', observedGeneration: 1 } }))).toBe(false);
    reporter.forget(echo);
    expect(reporter.isOwnStatus(echo)).toBe(false);
  });
});

describe('Reporter: deferred conditions', () => {
  it('sends a deferred condition with the next write, or on settle() when none comes', async () => {
    const { store, reporter } = setup();
    reporter.defer(vrf(), [cond('DependenciesReady', true, 'DependenciesReady', 'no dependencies')]);
    expect(store.status).toEqual({});
    await reporter.set(vrf(), synced);
    const types = (store.status.conditions as { type: string }[]).map((c) => c.type).sort();
    expect(types).toEqual(['DependenciesReady', 'Ready', 'Synced']);
    await reporter.settle('VRF/default/red'); // nothing left to write
    const other = setup();
    other.reporter.defer(vrf(), [cond('DependenciesReady', true, 'DependenciesReady', 'no dependencies')]);
    await other.reporter.settle('VRF/default/red');
    expect((other.store.status.conditions as { type: string }[]).map((c) => c.type)).toEqual(['DependenciesReady']);
  });

  it('recognises the echo of an earlier write that arrives after a later one', async () => {
    const { store, reporter } = setup();
    await reporter.set(vrf(), [cond('Ready', false, 'Progressing', 'on its way')]);
    const first = vrf(store.status);
    await reporter.set(vrf(), synced);
    expect(reporter.isOwnStatus(first)).toBe(true);
    expect(reporter.isOwnStatus(vrf(store.status))).toBe(true);
  });
});
