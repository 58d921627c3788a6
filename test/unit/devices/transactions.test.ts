import { describe, expect, it } from '@jest/globals';
import { pathString, type Fragment, type YObject } from '../../../adapters/yang/tree.js';
import { RpcError } from '../../../adapters/netconf/messages.js';
import type { DeviceConnections } from '../../../devices/connections.js';
import type { Obj } from '../../../apis/objects.js';
import { TransactionEngine, type EngineOptions, type Mode, type Outcome, type Request } from '../../../devices/transactions.js';
import { FakeConnections, FakeDevice, rpcError, sleep } from '../../support/fake-devices.js';


// ---------------------------------------------------------------------------------------

const device = (name: string): Obj => ({
  apiVersion: 'netintent.dev/v1alpha1',
  kind: 'NetworkDevice',
  metadata: { name, namespace: 'ns' },
  spec: { protocol: 'netconf' },
});

const vprnPath = (service: string) => [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vprn', keys: { 'service-name': service } }];
/** The path string the fake stores a VPRN under. */
const vprnKey = (service: string) => pathString(vprnPath(service));
/** An intent's fragment owning one VPRN (replace: it owns the whole subtree). */
const vprn = (service: string, value: YObject = { 'service-name': service, 'admin-state': 'enable' }): Fragment => ({
  updates: [{ path: vprnPath(service), value, replace: true }],
  deletes: [],
});

const req = (intent: string, parts: [Obj, Fragment[]][], mode: Mode = 'apply'): Request => ({
  intent,
  mode,
  parts: parts.map(([d, fragments]) => ({ device: d, fragments })),
});

function setup(devices: FakeDevice[], o: EngineOptions = {}) {
  const conns = new FakeConnections().add(...devices);
  const transactions: { id: string; devices: string[]; intents: string[]; ok: boolean }[] = [];
  const engine = new TransactionEngine(conns as unknown as DeviceConnections, {
    lingerMs: 2,
    onTransaction: (t) => transactions.push(t),
    ...o,
  });
  return { conns, engine, transactions };
}

const pe1 = device('pe1');
const pe2 = device('pe2');
const pe3 = device('pe3');

const expectOk = (o: Outcome) => {
  expect(o.error).toBeUndefined();
  expect(o.ok).toBe(true);
};

describe('TransactionEngine', () => {
  it('answers a request without parts at once, touching no device', async () => {
    const d1 = new FakeDevice('pe1');
    const { engine, conns } = setup([d1]);
    await expect(engine.submit(req('empty', []))).resolves.toEqual({ ok: true, devices: [] });
    expect(conns.gets).toEqual([]);
    expect(d1.log).toEqual([]);
  });

  it('batches two intents submitted together on one device into one read and one prepare/commit', async () => {
    const d1 = new FakeDevice('pe1');
    const { engine, conns, transactions } = setup([d1], { confirmTimeoutSec: 42 });
    const [a, b] = await Promise.all([engine.submit(req('vprn/a', [[pe1, [vprn('A')]]])), engine.submit(req('vprn/b', [[pe1, [vprn('B')]]]))]);

    for (const o of [a!, b!]) {
      expectOk(o);
      expect(o.devices).toHaveLength(1);
      expect(o.devices[0]).toMatchObject({ device: 'pe1', upToDate: false, written: true });
      expect(o.devices[0]!.diff).not.toBe('');
    }
    expect(a!.transaction).toBeDefined();
    expect(a!.transaction).toBe(b!.transaction);

    // One read with a group per intent, one staged change holding both intents' fragments.
    expect(d1.log).toEqual(['observe(2)', 'prepare', 'commit', 'confirm']);
    expect(d1.prepared).toHaveLength(1);
    expect(d1.prepared[0]!.flatMap((f) => f.updates.map((u) => pathString(u.path))).sort()).toEqual([vprnKey('A'), vprnKey('B')].sort());
    expect(d1.commitOptions).toEqual([{ confirmTimeoutSec: 42 }]);
    expect(engine.reads).toBe(1);
    expect(engine.commits).toBe(1);
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toMatchObject({ id: a!.transaction, devices: ['pe1'], ok: true });
    expect([...transactions[0]!.intents].sort()).toEqual(['vprn/a', 'vprn/b']);

    expect(d1.running.get(vprnKey('A'))).toBe(JSON.stringify({ 'service-name': 'A', 'admin-state': 'enable' }));
    expect(d1.running.get(vprnKey('B'))).toBe(JSON.stringify({ 'service-name': 'B', 'admin-state': 'enable' }));
    expect(conns.dropped).toEqual([]);
  });

  it('writes nothing when a resubmission already matches the device', async () => {
    const d1 = new FakeDevice('pe1');
    const { engine, transactions } = setup([d1]);
    const r = req('vprn/a', [[pe1, [vprn('A')]]]);
    expectOk(await engine.submit(r));
    expect(d1.count('prepare')).toBe(1);
    const before = d1.snapshot();

    const again = await engine.submit(r);
    expectOk(again);
    expect(again.transaction).toBeUndefined();
    expect(again.devices).toEqual([{ device: 'pe1', diff: '', upToDate: true, written: false, state: 'Synced' }]);
    expect(d1.count('prepare')).toBe(1); // no new prepare
    expect(d1.count('observe(1)')).toBe(2); // but it was read again
    expect(engine.commits).toBe(1);
    expect(transactions).toHaveLength(1);
    expect(d1.running).toEqual(before);
  });

  it('only writes the devices that differ in an intent spanning several', async () => {
    const d1 = new FakeDevice('pe1').seed(vprnKey('A'), { 'service-name': 'A', 'admin-state': 'enable' });
    const d2 = new FakeDevice('pe2');
    const { engine } = setup([d1, d2]);
    const o = await engine.submit(req('vprn/a', [[pe1, [vprn('A')]], [pe2, [vprn('A')]]]));
    expectOk(o);
    expect(o.devices).toEqual([
      { device: 'pe1', diff: '', upToDate: true, written: false, state: 'Synced' },
      expect.objectContaining({ device: 'pe2', upToDate: false, written: true }),
    ]);
    expect(d1.count('prepare')).toBe(0);
    expect(d2.count('prepare')).toBe(1);
    expect(d2.running.has(vprnKey('A'))).toBe(true);
  });

  it('reports another session holding the lock as DeviceBusy, keeps the connection and leaves every device as it was', async () => {
    const busy = new RpcError('lock', [{ type: 'protocol', tag: 'lock-denied', severity: 'error', message: 'candidate is locked by session 7' }]);
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2', { commitError: busy });
    const { engine, conns } = setup([d1, d2]);
    const before1 = d1.snapshot();

    const o = await engine.submit(req('vprn/a', [[pe1, [vprn('A')]], [pe2, [vprn('A')]]]));

    expect(o.ok).toBe(false);
    expect(o.error).toMatchObject({ device: 'pe2', reason: 'DeviceBusy' });
    expect(d1.running).toEqual(before1);
    expect(conns.dropped).toEqual([]);
  });

  it('aborts every device of the transaction when one device rejects the commit', async () => {
    const d1 = new FakeDevice('pe1').seed(vprnKey('A'), { 'service-name': 'A', 'admin-state': 'disable' });
    const d2 = new FakeDevice('pe2', { commitError: rpcError('commit', 'invalid route-distinguisher') });
    const { engine, conns, transactions } = setup([d1, d2]);
    const before1 = d1.snapshot();
    const before2 = d2.snapshot();

    const o = await engine.submit(req('vprn/a', [[pe1, [vprn('A')]], [pe2, [vprn('A')]]]));

    expect(o.ok).toBe(false);
    expect(o.transaction).toBeUndefined();
    expect(o.error).toMatchObject({ device: 'pe2', reason: 'CommitRejected' });
    expect(o.error!.message).toContain('invalid route-distinguisher');
    for (const r of o.devices) expect(r.written).toBe(false);

    // pe1 had committed its part; the abort set its pre-image back.
    expect(d1.log).toEqual(['observe(1)', 'prepare', 'commit', 'abort']);
    expect(d2.log).toEqual(['observe(1)', 'prepare', 'commit', 'abort']);
    expect(d1.running).toEqual(before1);
    expect(d1.running.get(vprnKey('A'))).toBe(JSON.stringify({ 'service-name': 'A', 'admin-state': 'disable' }));
    expect(d2.running).toEqual(before2);
    expect(transactions.map((t) => t.ok)).toEqual([false]);
    // A rejection is not a broken connection.
    expect(conns.dropped).toEqual([]);
  });

  it('splits a rejected batch until the bad intent is found, and lands the others', async () => {
    const d1 = new FakeDevice('pe1', { rejectPath: vprnKey('BAD') });
    const { engine, transactions } = setup([d1]);
    const [a, bad, c] = await Promise.all([
      engine.submit(req('vprn/a', [[pe1, [vprn('A')]]])),
      engine.submit(req('vprn/bad', [[pe1, [vprn('BAD')]]])),
      engine.submit(req('vprn/c', [[pe1, [vprn('C')]]])),
    ]);

    for (const o of [a!, c!]) {
      expectOk(o);
      expect(o.transaction).toBeDefined();
      expect(o.devices).toEqual([expect.objectContaining({ device: 'pe1', written: true })]);
    }
    expect(bad!.ok).toBe(false);
    expect(bad!.error).toMatchObject({ device: 'pe1', reason: 'CommitRejected' });
    expect(bad!.devices).toEqual([expect.objectContaining({ device: 'pe1', written: false })]);

    expect(d1.running.has(vprnKey('A'))).toBe(true);
    expect(d1.running.has(vprnKey('C'))).toBe(true);
    expect(d1.running.has(vprnKey('BAD'))).toBe(false);
    // One read for the round; the batch was retried in parts, never committing the bad intent.
    expect(d1.count('observe(3)')).toBe(1);
    expect(d1.count('prepare')).toBeGreaterThan(1);
    expect(d1.prepared[0]).toHaveLength(3);
    for (const change of d1.prepared.slice(1)) expect(change.length).toBeLessThan(3);
    const committed = transactions.filter((t) => t.ok).flatMap((t) => t.intents);
    expect(committed.sort()).toEqual(['vprn/a', 'vprn/c']);
    expect(transactions.some((t) => !t.ok && t.intents.includes('vprn/bad'))).toBe(true);
    expect(transactions.filter((t) => t.ok).every((t) => !t.intents.includes('vprn/bad'))).toBe(true);
  });

  it('fails the intents on an unreachable device and still lands the intents on the others', async () => {
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2');
    const d3 = new FakeDevice('pe3');
    const { engine, conns } = setup([d1, d2, d3]);
    conns.refused.add('pe2');

    const [only2, only1, both13, both12] = await Promise.all([
      engine.submit(req('vprn/x', [[pe2, [vprn('X')]]])),
      engine.submit(req('vprn/y', [[pe1, [vprn('Y')]]])),
      engine.submit(req('vprn/z', [[pe1, [vprn('Z')]], [pe3, [vprn('Z')]]])),
      engine.submit(req('vprn/w', [[pe1, [vprn('W')]], [pe2, [vprn('W')]]])),
    ]);

    for (const o of [only2!, both12!]) {
      expect(o.ok).toBe(false);
      expect(o.error).toMatchObject({ device: 'pe2', reason: 'DeviceUnreachable' });
      expect(o.error!.message).toContain('ECONNREFUSED');
    }
    expectOk(only1!);
    expect(only1!.devices).toEqual([expect.objectContaining({ device: 'pe1', written: true })]);
    expectOk(both13!);
    expect(both13!.devices.map((r) => [r.device, r.written])).toEqual([
      ['pe1', true],
      ['pe3', true],
    ]);

    expect(d1.running.has(vprnKey('Y'))).toBe(true);
    expect(d1.running.has(vprnKey('Z'))).toBe(true);
    expect(d3.running.has(vprnKey('Z'))).toBe(true);
    // The intent that also needed pe2 wrote nothing anywhere.
    expect(d1.running.has(vprnKey('W'))).toBe(false);
    expect(d1.prepared.flat().some((f) => f.updates.some((u) => pathString(u.path) === vprnKey('W')))).toBe(false);
    expect(d2.log).toEqual([]);
    // The failed connection is forgotten, so that the next use reconnects.
    expect(conns.dropped).toContain('pe2');
    expect(conns.dropped).not.toContain('pe1');
  });

  it('fails with DeviceUnreachable when the read itself throws a plain Error', async () => {
    const d1 = new FakeDevice('pe1', { observeError: new Error('socket hang up') });
    const d2 = new FakeDevice('pe2');
    const { engine, conns } = setup([d1, d2]);
    const [bad, good] = await Promise.all([engine.submit(req('vprn/a', [[pe1, [vprn('A')]]])), engine.submit(req('vprn/b', [[pe2, [vprn('B')]]]))]);

    expect(bad).toEqual({ ok: false, devices: [], error: { device: 'pe1', reason: 'DeviceUnreachable', message: 'socket hang up' } });
    expect(d1.count('prepare')).toBe(0);
    expect(conns.dropped).toEqual(['pe1']);
    expectOk(good!);
    expect(d2.running.has(vprnKey('B'))).toBe(true);

    // Once the device answers again, the same intent goes through.
    d1.opts = {};
    expectOk(await engine.submit(req('vprn/a', [[pe1, [vprn('A')]]])));
    expect(d1.running.has(vprnKey('A'))).toBe(true);
  });

  it('never prepares in observe mode, and reports the drift', async () => {
    const d1 = new FakeDevice('pe1').seed(vprnKey('A'), { 'service-name': 'A', 'admin-state': 'disable' });
    const { engine } = setup([d1]);
    const before = d1.snapshot();

    const drifted = await engine.submit(req('vprn/a', [[pe1, [vprn('A')]]], 'observe'));
    expectOk(drifted);
    expect(drifted.transaction).toBeUndefined();
    expect(drifted.devices).toEqual([expect.objectContaining({ device: 'pe1', upToDate: false, written: false })]);
    expect(drifted.devices[0]!.diff).toContain('disable');
    expect(drifted.devices[0]!.diff).toContain('enable');

    const missing = await engine.submit(req('vprn/b', [[pe1, [vprn('B')]]], 'observe'));
    expect(missing.devices).toEqual([expect.objectContaining({ upToDate: false, written: false })]);

    expect(d1.count('prepare')).toBe(0);
    expect(engine.commits).toBe(0);
    expect(d1.running).toEqual(before);
  });

  it('removes only what exists in remove mode', async () => {
    const d1 = new FakeDevice('pe1').seed(vprnKey('A'), { 'service-name': 'A', 'admin-state': 'enable' }).seed('/configure/router[router-name=Base]', { 'router-name': 'Base' });
    const { engine } = setup([d1]);

    // Nothing of B on the device: nothing to write.
    const absent = await engine.submit(req('vprn/b', [[pe1, [vprn('B')]]], 'remove'));
    expectOk(absent);
    expect(absent.devices).toEqual([{ device: 'pe1', diff: expect.any(String), upToDate: true, written: false, state: 'Synced' }]);
    expect(d1.count('prepare')).toBe(0);

    // A is there (even with different content): its owned subtree is deleted, nothing else.
    const present = await engine.submit(req('vprn/a', [[pe1, [vprn('A', { 'service-name': 'A', 'admin-state': 'disable' })]]], 'remove'));
    expectOk(present);
    expect(present.transaction).toBeDefined();
    expect(present.devices).toEqual([expect.objectContaining({ device: 'pe1', upToDate: false, written: true })]);
    expect(d1.count('prepare')).toBe(1);
    expect(d1.prepared[0]).toEqual([{ updates: [], deletes: [vprnPath('A')] }]);
    expect(d1.running.has(vprnKey('A'))).toBe(false);
    expect(d1.running.has('/configure/router[router-name=Base]')).toBe(true);

    // Removing again finds nothing.
    const again = await engine.submit(req('vprn/a', [[pe1, [vprn('A')]]], 'remove'));
    expect(again.devices).toEqual([expect.objectContaining({ upToDate: true, written: false })]);
    expect(d1.count('prepare')).toBe(1);
  });

  it('observes only the owned subtrees for a removal, not shared parents it merges into', async () => {
    const d1 = new FakeDevice('pe1').seed('/configure/service', { shared: true });
    const { engine } = setup([d1]);
    const merged: Fragment = {
      updates: [
        { path: [{ name: 'nokia-conf:configure' }, { name: 'service' }], value: { shared: true } },
        { path: vprnPath('A'), value: { 'service-name': 'A' }, replace: true },
      ],
      deletes: [],
    };
    const o = await engine.submit(req('vprn/a', [[pe1, [merged]]], 'remove'));
    expectOk(o);
    expect(o.devices[0]).toMatchObject({ upToDate: true, written: false });
    expect(d1.count('prepare')).toBe(0);
    expect(d1.running.has('/configure/service')).toBe(true);
  });

  it('runs submissions that arrive during a round in the next round', async () => {
    const d1 = new FakeDevice('pe1', { commitDelayMs: 40 });
    const { engine, transactions } = setup([d1]);
    const first = engine.submit(req('vprn/a', [[pe1, [vprn('A')]]]));
    await sleep(15); // the first round is committing now
    expect(d1.log).toEqual(['observe(1)', 'prepare', 'commit']);
    const second = engine.submit(req('vprn/b', [[pe1, [vprn('B')]]]));
    const [a, b] = await Promise.all([first, second]);
    expectOk(a);
    expectOk(b);
    expect(a.transaction).not.toBe(b.transaction);
    expect(transactions.map((t) => t.intents)).toEqual([['vprn/a'], ['vprn/b']]);
    // The second round only started once the first had confirmed.
    expect(d1.log).toEqual(['observe(1)', 'prepare', 'commit', 'confirm', 'observe(1)', 'prepare', 'commit', 'confirm']);
    await engine.idle();
    expect(d1.running.has(vprnKey('A')) && d1.running.has(vprnKey('B'))).toBe(true);
  });

  it('runs rounds on disjoint devices at once: a slow device holds only the intents on it (issue 14)', async () => {
    const slow = new FakeDevice('pe1', { commitDelayMs: 400 });
    const d2 = new FakeDevice('pe2');
    const { engine, transactions } = setup([slow, d2]);
    const t0 = Date.now();
    const onSlow = engine.submit(req('vprn/slow', [[pe1, [vprn('S')]]]));
    await sleep(20); // the slow round has started
    const fast = await engine.submit(req('vprn/fast', [[pe2, [vprn('F')]]]));
    expectOk(fast);
    expect(Date.now() - t0).toBeLessThan(300);
    expectOk(await onSlow);
    expect(transactions.map((t) => t.intents)).toEqual([['vprn/fast'], ['vprn/slow']]);
  });

  it('keeps an intent on two devices in one transaction while other rounds run (issue 14)', async () => {
    const [d1, d2, d3] = [new FakeDevice('pe1', { commitDelayMs: 100 }), new FakeDevice('pe2'), new FakeDevice('pe3')];
    const { engine, transactions } = setup([d1, d2, d3]);
    const [both, other] = await Promise.all([engine.submit(req('vprn/both', [[pe1, [vprn('B')]], [pe2, [vprn('B')]]])), engine.submit(req('vprn/other', [[pe3, [vprn('O')]]]))]);
    expectOk(both);
    expectOk(other);
    expect(transactions.find((t) => t.intents.includes('vprn/both'))!.devices.sort()).toEqual(['pe1', 'pe2']);
    expect(transactions).toHaveLength(2);
  });

  it('waits for requests the controller says are coming, so that a burst is one round (group commit)', async () => {
    const d1 = new FakeDevice('pe1');
    const { engine, transactions } = setup([d1], { moreComing: (unanswered) => unanswered < 3, maxLingerMs: 5_000 });
    const first = engine.submit(req('vprn/a', [[pe1, [vprn('A')]]]));
    await sleep(30);
    const second = engine.submit(req('vprn/b', [[pe1, [vprn('B')]]]));
    await sleep(30);
    expect(d1.log).toEqual([]);
    const third = engine.submit(req('vprn/c', [[pe1, [vprn('C')]]]));
    (await Promise.all([first, second, third])).forEach(expectOk);
    expect(transactions).toHaveLength(1);
    expect(d1.log).toEqual(['observe(3)', 'prepare', 'commit', 'confirm']);
  });

  it('starts a round after maxLingerMs even while more requests are said to be coming', async () => {
    const d1 = new FakeDevice('pe1');
    const { engine } = setup([d1], { moreComing: () => true, maxLingerMs: 40 });
    const t0 = Date.now();
    expectOk(await engine.submit(req('vprn/a', [[pe1, [vprn('A')]]])));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('caps a round at maxBatch requests', async () => {
    const d1 = new FakeDevice('pe1');
    const { engine } = setup([d1], { maxBatch: 2 });
    const outcomes = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((s) => engine.submit(req(`vprn/${s}`, [[pe1, [vprn(s)]]]))));
    outcomes.forEach(expectOk);
    expect(d1.log.filter((e) => e.startsWith('observe'))).toEqual(['observe(2)', 'observe(2)', 'observe(1)']);
    expect(d1.count('prepare')).toBe(3);
    expect(engine.reads).toBe(3);
  });

  it('a rejection on one device of a multi-device batch fails only the intent that caused it', async () => {
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2', { rejectPath: vprnKey('BAD') });
    const { engine } = setup([d1, d2]);
    const [good, bad] = await Promise.all([
      engine.submit(req('vprn/good', [[pe1, [vprn('G')]], [pe2, [vprn('G')]]])),
      engine.submit(req('vprn/bad', [[pe1, [vprn('BAD')]], [pe2, [vprn('BAD')]]])),
    ]);
    expectOk(good!);
    expect(good!.devices.map((r) => r.written)).toEqual([true, true]);
    expect(bad!.error).toMatchObject({ device: 'pe2', reason: 'CommitRejected' });
    expect(d1.running.has(vprnKey('G'))).toBe(true);
    expect(d2.running.has(vprnKey('G'))).toBe(true);
    // The bad intent's pe1 part, although valid there, was not left behind.
    expect(d1.running.has(vprnKey('BAD'))).toBe(false);
    expect(d2.running.has(vprnKey('BAD'))).toBe(false);
  });
});
