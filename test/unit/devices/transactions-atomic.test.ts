// All or nothing and truthful (issue 12, item 2), on in-memory devices with persistent
// confirmed commits: the confirm order, a confirm lost after another device confirmed, the
// journal's records, and recovery from the journal of a "killed" engine in both directions.
import { describe, expect, it } from '@jest/globals';
import type { Fragment, YObject } from '../../../adapters/yang/tree.js';
import { pathString } from '../../../adapters/yang/tree.js';
import type { DeviceConnections } from '../../../devices/connections.js';
import { MemoryJournal, type JournalEntry } from '../../../devices/journal.js';
import type { Obj } from '../../../apis/objects.js';
import { heldStatus } from '../../../controllers/device-status.js';
import { TransactionEngine, type EngineOptions, type Request } from '../../../devices/transactions.js';
import { FakeConnections, FakeDevice, rpcError, sleep } from '../../support/fake-devices.js';

const device = (name: string): Obj => ({ apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name, namespace: 'ns' }, spec: { protocol: 'netconf' } });
const pe1 = device('pe1');
const pe2 = device('pe2');
const pe3 = device('pe3');
const vprnPath = (service: string) => [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vprn', keys: { 'service-name': service } }];
const key = (service: string) => pathString(vprnPath(service));
const vprn = (service: string, value: YObject = { 'service-name': service }): Fragment => ({ updates: [{ path: vprnPath(service), value, replace: true }], deletes: [] });
const req = (intent: string, devices: Obj[], service = 'A'): Request => ({ intent, mode: 'apply', parts: devices.map((d) => ({ device: d, fragments: [vprn(service)] })) });
const never = () => new Promise<void>(() => undefined);

function setup(devices: FakeDevice[], o: EngineOptions = {}) {
  const conns = new FakeConnections().add(...devices);
  const journal = (o.journal as MemoryJournal | undefined) ?? new MemoryJournal();
  const recovered: { id: string; action: string; unreached: string[] }[] = [];
  const engine = new TransactionEngine(conns as unknown as DeviceConnections, { lingerMs: 2, confirmTimeoutSec: 2, journal, onRecovered: (r) => recovered.push(r), ...o });
  return { conns, engine, journal, recovered };
}

/** A journal whose writes stop at `phase`, before or after recording it: the process was killed there. */
class KilledAt extends MemoryJournal {
  constructor(
    private readonly phase: JournalEntry['phase'],
    private readonly recorded: boolean,
  ) {
    super();
  }
  override async put(entry: JournalEntry) {
    if (entry.phase === this.phase && !this.recorded) return never();
    await super.put(entry);
    if (entry.phase === this.phase) await never();
  }
  /** What a restarted process reads. */
  copy() {
    const j = new MemoryJournal();
    for (const [id, e] of this.entries) j.entries.set(id, structuredClone(e));
    return j;
  }
}

describe('confirm order', () => {
  it('confirms no device before every device holds the confirmed commit', async () => {
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2', { commitDelayMs: 60 });
    const { engine } = setup([d1, d2]);
    const out = engine.submit(req('vrf/a', [pe1, pe2]));
    await sleep(30); // pe1 has committed, pe2 is still committing
    expect(d1.log).toEqual(['observe(1)', 'prepare', 'commit']);
    expect((await out).ok).toBe(true);
    expect(d1.log.at(-1)).toBe('confirm');
    expect(d2.log.indexOf('commit')).toBeLessThan(d1.log.length); // sanity: both committed, then confirmed
  });

  it('runs no confirm at all when a commit fails, and cancels the pending ones', async () => {
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2', { commitError: rpcError('commit', 'refused') });
    const { engine, journal } = setup([d1, d2]);
    const out = await engine.submit(req('vrf/a', [pe1, pe2]));
    expect(out.ok).toBe(false);
    expect([d1.count('confirm'), d2.count('confirm')]).toEqual([0, 0]);
    expect(d1.running.has(key('A'))).toBe(false);
    expect(d1.pendingCommit).toBeUndefined();
    expect(out.devices.map((d) => [d.device, d.state])).toEqual([['pe1', 'RolledBack'], ['pe2', 'Unchanged']]);
    expect(journal.log.map((l) => l.split(':')[1])).toEqual(['prepared', 'done']); // never decided
  });

  it('stops confirming at the first device that cannot: the later ones are cancelled, not confirmed', async () => {
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2', { onConfirm: (d) => { d.opts.unreachable = true; } });
    const d3 = new FakeDevice('pe3');
    const { engine } = setup([d1, d2, d3], { confirmTimeoutSec: 1 });
    const out = await engine.submit(req('vrf/a', [pe1, pe2, pe3]));
    expect(out.ok).toBe(false);
    expect(d3.count('confirm')).toBe(0);
    expect(d3.running.has(key('A'))).toBe(false);
    expect(d1.running.has(key('A'))).toBe(false); // confirmed, then its pre-image written back
  });
});

describe('a confirm that fails after another device confirmed (issue 12 item 2)', () => {
  it('writes the pre-image back on the confirmed device when the other stays unreachable, and says so', async () => {
    const d1 = new FakeDevice('pe1').seed(key('old'), { 'service-name': 'old' });
    const d2 = new FakeDevice('pe2', { onConfirm: (d) => { d.opts.unreachable = true; } });
    const { engine, conns } = setup([d1, d2], { confirmTimeoutSec: 1 });
    const before = d1.snapshot();
    const started = Date.now();
    const out = await engine.submit(req('vrf/a', [pe1, pe2]));

    expect(out.ok).toBe(false);
    expect(out.error).toMatchObject({ device: 'pe2', reason: 'DeviceUnreachable' });
    expect(d1.log).toEqual(['observe(1)', 'prepare', 'commit', 'confirm', 'abort']);
    expect(d1.running).toEqual(before); // pe1 does not keep the VRF
    expect(d2.log.filter((e) => e === 'resume:confirm').length).toBeGreaterThan(1); // re-attached until the deadline
    expect(Date.now() - started).toBeLessThan(3000);
    expect(conns.dropped).toContain('pe2');
    // Truthful: pe1 RolledBack, pe2 Unknown until its own timeout rolls it back.
    expect(out.devices.map((d) => [d.device, d.state])).toEqual([['pe1', 'RolledBack'], ['pe2', 'Unknown']]);
    expect(heldStatus('pe1', out)).toEqual({ name: 'pe1', state: 'RolledBack' });
    const s2 = heldStatus('pe2', out);
    expect(s2.state).toBe('Unknown');
    expect(s2.message).toMatch(/rolls back by itself by \d{4}-.*ECONNRESET/);
    d2.expire();
    expect(d2.running.has(key('A'))).toBe(false); // and at its timeout it holds none of it either
  });

  it('re-attaches with the persist-id and finishes when the confirm was lost but the device answers again', async () => {
    let lost = false;
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2', {
      onConfirm: () => {
        if (lost) return;
        lost = true;
        throw new Error('read ECONNRESET');
      },
    });
    const { engine } = setup([d1, d2]);
    const out = await engine.submit(req('vrf/a', [pe1, pe2]));
    expect(out.ok).toBe(true);
    expect(d2.log).toContain('resume:confirm');
    expect(d2.pendingCommit).toBeUndefined();
    expect([d1.running.has(key('A')), d2.running.has(key('A'))]).toEqual([true, true]);
    expect(d1.count('abort')).toBe(0);
  });

  it('restores the confirmed device when the other turns out to have rolled back by its timeout', async () => {
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2', {
      onConfirm: (d) => {
        d.expire();
        throw new Error('timed out');
      },
    });
    const { engine } = setup([d1, d2]);
    const out = await engine.submit(req('vrf/a', [pe1, pe2]));
    expect(out.ok).toBe(false);
    expect([d1.running.has(key('A')), d2.running.has(key('A'))]).toEqual([false, false]);
    expect(out.devices.map((d) => d.state)).toEqual(['RolledBack', 'RolledBack']);
    expect(heldStatus('pe2', out).message).toContain('expired before it could be confirmed');
  });
});

describe('the journal', () => {
  it('records prepared before any commit, the decision before any confirm, and forgets it when done', async () => {
    const journal = new MemoryJournal();
    const order: string[] = [];
    const d1 = new FakeDevice('pe1', { onConfirm: () => void order.push(`confirm after ${journal.log.at(-1)!.split(':')[1]}`) });
    const { engine } = setup([d1], { journal });
    const origPut = journal.put.bind(journal);
    journal.put = (e) => {
      order.push(`${e.phase} with ${d1.count('commit')} commits`);
      return origPut(e);
    };
    expect((await engine.submit(req('vrf/a', [pe1]))).ok).toBe(true);
    expect(order).toEqual(['prepared with 0 commits', 'decided with 1 commits', 'confirm after decided']);
    expect(journal.entries.size).toBe(0);
  });

  it('holds persist-ids and device references, never a credential', async () => {
    const journal = new KilledAt('decided', true);
    const secretRef = { name: 'pe1-credentials' };
    const withSecret: Obj = { ...pe1, spec: { protocol: 'netconf', credentialsSecretRef: secretRef } };
    const d1 = new FakeDevice('pe1');
    const { engine } = setup([d1], { journal });
    void engine.submit(req('vrf/a', [withSecret]));
    await sleep(50);
    const [entry] = await journal.list();
    expect(entry).toMatchObject({ phase: 'decided', devices: [{ device: { metadata: { name: 'pe1' }, spec: { credentialsSecretRef: secretRef } }, recovery: { protocol: 'netconf', persistId: d1.pendingCommit!.persistId } }] });
    expect(JSON.stringify(entry)).not.toMatch(/password/i);
  });

  it('fails the transaction before any commit when the journal cannot be written', async () => {
    const journal = new MemoryJournal();
    journal.put = () => Promise.reject(new Error('ENOSPC: no space left on device'));
    const d1 = new FakeDevice('pe1');
    const { engine } = setup([d1], { journal });
    const out = await engine.submit(req('vrf/a', [pe1]));
    expect(out.ok).toBe(false);
    expect(out.error).toMatchObject({ reason: 'DeviceBusy' });
    expect(out.error!.message).toContain('ENOSPC');
    expect(d1.count('commit')).toBe(0);
    expect(d1.running.size).toBe(0);
  });
});

describe('recovery of a killed engine from its journal', () => {
  it('rolls back an undecided transaction (killed after the commits): cancel with the persist-ids, then one clean commit', async () => {
    const journal = new KilledAt('decided', false); // killed after every commit, before the decision was durable
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2');
    const first = setup([d1, d2], { journal });
    void first.engine.submit(req('vrf/a', [pe1, pe2]));
    await sleep(50);
    expect([d1.pendingCommit, d2.pendingCommit].every(Boolean)).toBe(true);
    expect([...journal.entries.values()].map((e) => e.phase)).toEqual(['prepared']);

    const replay = journal.copy();
    const second = setup([d1, d2], { journal: replay });
    await second.engine.resumeJournal();
    expect(d1.log.filter((e) => e.startsWith('resume'))).toEqual(['resume:cancel']);
    expect([d1.running.has(key('A')), d2.running.has(key('A'))]).toEqual([false, false]);
    expect(replay.entries.size).toBe(0);
    expect(second.recovered).toEqual([expect.objectContaining({ action: 'cancel', unreached: [] })]);

    // The next reconcile commits it once, cleanly.
    const commits = d1.count('commit') + d2.count('commit');
    expect((await second.engine.submit(req('vrf/a', [pe1, pe2]))).ok).toBe(true);
    expect(d1.count('commit') + d2.count('commit')).toBe(commits + 2);
  });

  it('rolls forward a decided transaction (killed between two confirms), with no duplicate commit after', async () => {
    const journal = new MemoryJournal();
    const d1 = new FakeDevice('pe1');
    const d2 = new FakeDevice('pe2', { onConfirm: never }); // the process dies here
    const first = setup([d1, d2], { journal });
    void first.engine.submit(req('vrf/a', [pe1, pe2]));
    await sleep(50);
    expect(d1.pendingCommit).toBeUndefined(); // pe1 confirmed
    expect(d2.pendingCommit).toBeDefined(); // pe2 not
    expect([...journal.entries.values()].map((e) => e.phase)).toEqual(['decided']);

    d2.opts.onConfirm = undefined;
    const second = setup([d1, d2], { journal });
    // A submit right away waits for the recovery: it sees pe2 confirmed and writes nothing.
    const [, out] = await Promise.all([second.engine.resumeJournal(), second.engine.submit(req('vrf/a', [pe1, pe2]))]);
    expect(d2.log.filter((e) => e.startsWith('resume'))).toEqual(['resume:confirm']);
    expect(d2.pendingCommit).toBeUndefined();
    expect(out.ok).toBe(true);
    expect(out.transaction).toBeUndefined(); // nothing to write
    expect([d1.count('commit'), d2.count('commit')]).toEqual([1, 1]);
    d2.expire(); // the old timeout would have nothing left to roll back
    expect([d1.running.has(key('A')), d2.running.has(key('A'))]).toEqual([true, true]);
    expect(journal.entries.size).toBe(0);
  });

  it('retries an unreachable device until the confirm deadline, then forgets the entry', async () => {
    const d1 = new FakeDevice('pe1', { unreachable: true });
    const journal = new MemoryJournal();
    await journal.put({ id: 'tx-old-1', phase: 'prepared', expiresAt: Date.now() + 500, devices: [{ device: { apiVersion: 'v', kind: 'NetworkDevice', metadata: { name: 'pe1', namespace: 'ns' } }, recovery: { protocol: 'netconf', persistId: 'p' } }] });
    const { engine, recovered } = setup([d1], { journal });
    const started = Date.now();
    await engine.resumeJournal();
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(d1.count('resume:cancel')).toBeGreaterThan(1);
    expect(recovered).toEqual([{ id: 'tx-old-1', action: 'cancel', devices: ['pe1'], unreached: ['pe1'], withheld: [] }]);
    expect(journal.entries.size).toBe(0);
  });

  it('a journal that cannot be read does not stop later transactions', async () => {
    const journal = new MemoryJournal();
    journal.list = () => Promise.reject(new Error('EACCES'));
    const d1 = new FakeDevice('pe1');
    const { engine } = setup([d1], { journal });
    await expect(engine.resumeJournal()).rejects.toThrow('EACCES');
    expect((await engine.submit(req('vrf/a', [pe1]))).ok).toBe(true);
  });
});

