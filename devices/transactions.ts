// The transaction engine (DESIGN.md "Device transactions"). Reconcilers submit an intent's
// fragments per device; submissions that arrive together form rounds: one read per device
// to see what already matches, then one transaction over every device that needs a write —
// prepare everywhere, confirmed commit everywhere, confirm — so device round trips grow with
// devices, not intents. Rounds over disjoint sets of devices run at once (issue 14): a slow
// or unreachable device holds only the rounds that include it, and a round is capped in
// devices so that one slow device cannot gather the whole fleet into its round. Any failure aborts every device of the transaction
// (discard / cancel-commit / pre-image back); intents on an unreachable device fail with
// it, and a rejected batch is split in halves until the intent that caused it is found,
// while the others still land.
//
// All or nothing (issue 12): no device confirms before every device holds the confirmed
// commit, and the journal (journal.ts) records the transaction before any commit and the
// decision before any confirm. If a confirm then fails, the engine re-attaches with the
// persist-id (a fresh session) until the confirm deadline and finishes; a device that still
// cannot be confirmed, or turns out to have rolled back, makes the engine write the pre-image
// back on the devices that did confirm. A controller killed mid-way is recovered on start:
// undecided transactions are cancelled, decided ones confirmed (resumeJournal).
import { removalOf, type Fragment } from '../adapters/yang/tree.js';
import type { AbortResult, Observation, Prepared } from './drivers/driver.js';
import { answered, classify, DeviceError, DIAL_ANNOTATION, type Connection, type DeviceConnections } from './connections.js';
import { deviceRef, journalDevice, MemoryJournal, recoverJournal, type Journal, type JournalEntry } from './journal.js';
import { objKey, type Obj } from '../apis/objects.js';
import { planRounds } from './rounds.js';
import { historyRecord } from './history.js';
import { readOperStates } from './oper-reads.js';

export type { DeviceResult, EngineOptions, HeldState, Mode, Outcome, Part, Request } from './requests.js';
import type { EngineOptions, HeldState, Outcome, Part, Request } from './requests.js';

interface Pending extends Request {
  resolve(o: Outcome): void;
  obs: Map<string, Observation>;
  passed: number;
  since: number;
}

/** Per device of a failed transaction: what it holds now, and why when that is not obvious. */
type Held = Map<string, { state: HeldState; note?: string }>;

const HELD_OF: Record<AbortResult, HeldState> = { untouched: 'Unchanged', rolledBack: 'RolledBack', expiring: 'Expiring', failed: 'Unknown' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a request writes on a device: its fragments (with the deviations policies keep), or their removal. */
const changeOf = (r: Request, p: Part, o?: Observation) => (r.mode === 'remove' ? p.fragments.map(removalOf) : (o?.write ?? p.fragments));
const optionsOf = (r: Request, p: Part) => (r.mode === 'remove' ? undefined : p.observe);
/** What to observe: for a removal only the owned (replaced) subtrees, not the shared parents. */
const observedOf = (r: Request, p: Part): Fragment[] =>
  r.mode === 'remove' ? p.fragments.map((f) => ({ updates: f.updates.filter((u) => u.replace), deletes: [] })) : p.fragments;
const needsWrite = (r: Request, o: Observation) => (r.mode === 'remove' ? o.exists : !o.upToDate);
/** The request's part on `device` (desiredFor gives one part per device). */
const partOn = (r: Request, device: Obj) => r.parts.find((p) => objKey(p.device) === objKey(device))!;

interface Staged {
  device: Obj;
  requests: Pending[];
  conn: Connection;
  prepared: Prepared;
}

export class TransactionEngine {
  private pending: Pending[] = [];
  /** Devices (objKey) that a running round holds. */
  private readonly busy = new Set<string>();
  private readonly rounds = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  /** Submitted requests not answered yet (waiting or in a round). */
  private unanswered = 0;
  private seq = 0;
  private readonly journal: Journal;
  /** Rounds wait for the journal of an earlier process to be settled first. */
  private resuming: Promise<void> = Promise.resolve();
  /** Device commits issued (one per device per successful or attempted transaction). */
  commits = 0;
  reads = 0;
  /** Operational-state reads (one per device per round that asked for it). */
  operReads = 0;

  constructor(
    private readonly conns: DeviceConnections,
    private readonly o: EngineOptions = {},
  ) {
    this.journal = o.journal ?? new MemoryJournal();
  }

  private get timeoutSec() {
    return this.o.confirmTimeoutSec ?? 60;
  }

  submit(req: Request): Promise<Outcome> {
    if (!req.parts.length) return Promise.resolve({ ok: true, devices: [] });
    this.unanswered++;
    return new Promise<Outcome>((resolve) => {
      this.pending.push({ ...req, resolve, obs: new Map(), passed: 0, since: Date.now() });
      this.kick();
    }).finally(() => this.unanswered--);
  }

  /**
   * Rounds start after a short linger; while the controller's other workers are about to
   * submit (a burst of applies, a resync), they wait for them, up to maxLingerMs — a round's
   * RPCs then carry many intents instead of the few that arrived in the last milliseconds.
   */
  private kick() {
    if (this.timer || !this.pending.length) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.o.moreComing?.(this.unanswered) && Date.now() - this.pending[0]!.since < (this.o.maxLingerMs ?? 300)) return this.kick();
      for (const batch of this.nextRounds()) this.run(batch);
    }, this.o.lingerMs ?? 5);
  }

  private nextRounds(): Pending[][] {
    const { rounds, waiting } = planRounds(this.pending, (r) => r.parts.map((p) => objKey(p.device)), this.busy, {
      maxRequests: this.o.maxBatch ?? 500,
      maxDevices: this.o.maxRoundDevices ?? 64,
    });
    this.pending = waiting;
    return rounds;
  }

  private run(batch: Pending[]) {
    const devices = [...new Set(batch.flatMap((r) => r.parts.map((p) => objKey(p.device))))];
    devices.forEach((d) => this.busy.add(d));
    const round: Promise<void> = this.resuming
      .then(() => this.round(batch))
      .catch((e: unknown) => {
        // A bug or a driver breaking its contract must not strand the waiting reconciles.
        const error = { device: '', reason: 'DeviceUnreachable' as const, message: `transaction failed: ${e instanceof Error ? e.message : String(e)}` };
        for (const r of batch) r.resolve({ ok: false, devices: [], error });
      })
      .finally(() => {
        devices.forEach((d) => this.busy.delete(d));
        this.rounds.delete(round);
        this.kick();
      });
    this.rounds.add(round);
  }

  async idle() {
    while (this.rounds.size || this.timer || this.pending.length) await (this.rounds.size ? Promise.race(this.rounds) : new Promise((r) => setTimeout(r, 5)));
    await this.resuming;
  }

  private async round(batch: Pending[]) {
    // Requests that want the operational state are answered after one state read per device (oper-reads.ts).
    const held = new Map<Pending, Outcome>();
    const answers = new Map<Pending, (o: Outcome) => void>();
    for (const r of batch.filter((x) => x.operState && x.mode === 'apply')) {
      const answer = r.resolve;
      answers.set(r, answer);
      r.resolve = (o) => (o.ok ? held.set(r, o) : answer(o));
    }
    await this.respond(batch);
    if (!held.size) return;
    const states = await readOperStates(this.conns, [...held.keys()], () => this.operReads++);
    for (const [r, o] of held) {
      const byDevice = states.get(r)!;
      answers.get(r)!({ ...o, devices: o.devices.map((d) => ({ ...d, ...byDevice.get(d.device) })) });
    }
  }

  private async respond(batch: Pending[]) {
    const live = await this.observe(batch);
    const writes: Pending[] = [];
    for (const r of live) {
      const dirty = r.parts.some((p) => needsWrite(r, r.obs.get(objKey(p.device))!));
      if (r.mode === 'observe' || !dirty) this.finish(r);
      else writes.push(r);
    }
    if (writes.length) await this.write(writes);
  }

  /** Answers a request: on failure, `held` says what each device it wrote to holds now. */
  private finish(r: Pending, extra: Partial<Outcome> = {}, held?: Held) {
    const failed = extra.error !== undefined;
    r.resolve({
      ok: !failed,
      devices: r.parts.map((p) => {
        const o = r.obs.get(objKey(p.device));
        const upToDate = o ? !needsWrite(r, o) : false;
        const h = held?.get(objKey(p.device));
        const state: HeldState = !failed || upToDate ? 'Synced' : (h?.state ?? 'Unchanged');
        const deviations = o?.deviations ? { deviations: o.deviations } : {};
        return { device: p.device.metadata.name, diff: o?.diff ?? '', upToDate, written: !failed && extra.transaction !== undefined && !upToDate, state, ...(h?.note && state !== 'Synced' ? { note: h.note } : {}), ...deviations };
      }),
      ...extra,
    });
  }

  /** One read per device for every request on it; requests on a device that fails are answered here. */
  private async observe(batch: Pending[]): Promise<Pending[]> {
    const byDevice = groupByDevice(batch, () => true);
    const failed = new Map<Pending, DeviceError & { device: string }>();
    await Promise.all(
      [...byDevice.values()].map(async ({ device, requests }) => {
        try {
          const c = await this.conns.get(device);
          this.reads++;
          const obs = await c.driver.observeEach(
            requests.map((r) => observedOf(r, partOn(r, device))),
            requests.map((r) => optionsOf(r, partOn(r, device))),
          );
          requests.forEach((r, i) => r.obs.set(objKey(device), obs[i]!));
        } catch (e) {
          const err = Object.assign(classify(e), { device: device.metadata.name });
          if (!answered(err.reason)) this.conns.drop(device);
          for (const r of requests) if (!failed.has(r)) failed.set(r, err);
        }
      }),
    );
    for (const [r, err] of failed) r.resolve({ ok: false, devices: [], error: { device: err.device, reason: err.reason, message: err.message } });
    return batch.filter((r) => !failed.has(r));
  }

  private async write(requests: Pending[]): Promise<void> {
    if (!requests.length) return;
    const id = `tx-${Date.now().toString(36)}-${++this.seq}`;
    const started = Date.now();
    const dirty = (r: Pending, p: Part) => needsWrite(r, r.obs.get(objKey(p.device))!);
    const byDevice = [...groupByDevice(requests, dirty).values()];
    const staged = new Map<string, Staged>();
    const failures = new Map<string, DeviceError>();
    const held: Held = new Map();
    const each = async (items: { device: Obj }[], fn: (key: string) => Promise<void>) => {
      await Promise.all(
        items.map(async ({ device }) => {
          try {
            await fn(objKey(device));
          } catch (e) {
            failures.set(objKey(device), classify(e));
          }
        }),
      );
    };
    const report = (ok: boolean) =>
      this.o.onTransaction?.({ id, devices: byDevice.map((d) => d.device.metadata.name), intents: requests.map((r) => r.intent), ok, ms: Date.now() - started });

    await each(byDevice, async (key) => {
      const { device, requests: rs } = byDevice.find((d) => objKey(d.device) === key)!;
      const conn = await this.conns.get(device);
      const change = rs.flatMap((r) => changeOf(r, partOn(r, device), r.obs.get(key)));
      staged.set(key, { device, requests: rs, conn, prepared: await conn.driver.prepare(change) });
    });
    const entry: JournalEntry = {
      id,
      phase: 'prepared',
      expiresAt: Date.now() + this.timeoutSec * 1000,
      devices: [...staged.values()].map((s) => journalDevice(deviceRef(s.device, DIAL_ANNOTATION), s.prepared.recovery)),
    };
    const journalled = !failures.size && (await this.record(entry, failures, byDevice[0]!.device));
    if (journalled) {
      entry.expiresAt = Date.now() + this.timeoutSec * 1000;
      await each([...staged.values()], async (key) => {
        this.commits++;
        await staged.get(key)!.prepared.commit({ confirmTimeoutSec: this.timeoutSec });
      });
    }
    // The decision: every device holds the confirmed commit. From here on, roll forward.
    const decided = journalled && !failures.size && (await this.record({ ...entry, phase: 'decided' }, failures, byDevice[0]!.device));
    // One device at a time, so that a device that cannot confirm stops the rest: they are
    // cancelled (cheap), and only those confirmed before it need their pre-image back.
    let ok = decided;
    for (const s of decided ? staged.values() : []) {
      try {
        await s.prepared.confirm();
      } catch (e) {
        if (await this.finishConfirm(s, classify(e), entry, held, failures)) continue;
        ok = false;
        break;
      }
    }
    if (!ok) await this.undo(entry, staged, held, decided);
    if (journalled) await this.journal.done(id).catch(() => undefined);
    report(ok);
    this.recordHistory(id, requests, byDevice, ok, failures, held);
    if (ok) {
      for (const r of requests) this.finish(r, { transaction: id });
      return;
    }
    return this.retryRest(requests, byDevice.map((d) => d.device), failures, held);
  }

  /** Journals `entry`; a journal that cannot be written fails the transaction before anything commits. */
  private async record(entry: JournalEntry, failures: Map<string, DeviceError>, blame: Obj): Promise<boolean> {
    try {
      await this.journal.put(entry);
      return true;
    } catch (e) {
      const message = `the transaction journal could not be written (${e instanceof Error ? e.message : String(e)}); the transaction was undone`;
      failures.set(objKey(blame), new DeviceError('DeviceBusy', message));
      return false;
    }
  }

  /** Hands the transaction to the history; a history that throws never fails the transaction. */
  private recordHistory(id: string, requests: Pending[], byDevice: { device: Obj; requests: Pending[] }[], ok: boolean, failures: Map<string, DeviceError>, held: Held) {
    try {
      if (this.o.onRecord) this.o.onRecord(historyRecord(id, requests, byDevice, ok, failures, held));
    } catch {
      // The record is lost; the transaction is not.
    }
  }

  /**
   * After a confirm failed: re-attaches to the device with its persist-id on a fresh session
   * until the confirm deadline. A device that answers that nothing is pending either confirmed
   * already (the reply was lost) or rolled back: its running config says which. Returns
   * whether the device now holds the change; if not, says what it holds in `held`.
   */
  private async finishConfirm(s: Staged, err: DeviceError, entry: JournalEntry, held: Held, failures: Map<string, DeviceError>): Promise<boolean> {
    const key = objKey(s.device);
    let delay = 200;
    for (;;) {
      try {
        if (!answered(err.reason)) this.conns.drop(s.device);
        const conn = await this.conns.get(s.device);
        if ((await conn.driver.resume(s.prepared.recovery, 'confirm')) || (await this.holds(conn, s))) return true;
        failures.set(key, err);
        held.set(key, { state: 'RolledBack', note: 'its confirmed commit expired before it could be confirmed' });
        return false;
      } catch (e) {
        err = classify(e);
        if (Date.now() + delay >= entry.expiresAt) {
          failures.set(key, err);
          held.set(key, { state: 'Unknown', note: `unreachable since its confirm was sent; unless that confirm arrived, it rolls back by itself by ${new Date(entry.expiresAt).toISOString()}` });
          return false;
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  /** Whether the device's running config has the whole change of its requests. */
  private async holds(conn: Connection, s: Staged): Promise<boolean> {
    const obs = await conn.driver.observeEach(
      s.requests.map((r) => observedOf(r, partOn(r, s.device))),
      s.requests.map((r) => ({ ...optionsOf(r, partOn(r, s.device)), rewriteSecrets: false })),
    );
    return s.requests.every((r, i) => !needsWrite(r, obs[i]!));
  }

  /**
   * Undoes the transaction on every staged device (those `held` already settled excepted).
   * A pending confirmed commit whose session is gone is cancelled from a fresh one with its
   * persist-id; failing that, it rolls back by itself at its timeout.
   */
  private async undo(entry: JournalEntry, staged: Map<string, Staged>, held: Held, decided: boolean) {
    if (decided) await this.journal.put({ ...entry, phase: 'prepared' }).catch(() => undefined); // a crash from here on rolls back
    await Promise.all(
      [...staged].map(async ([key, s]) => {
        if (held.has(key)) return;
        let result = await s.prepared.abort();
        if (result === 'expiring') {
          this.conns.drop(s.device);
          const cancelled = await this.conns
            .get(s.device)
            .then((c) => c.driver.resume(s.prepared.recovery, 'cancel'))
            .then(() => true, () => false);
          if (cancelled) result = 'rolledBack';
        }
        held.set(key, {
          state: HELD_OF[result],
          ...(result === 'expiring' ? { note: `holds the change until its confirm timeout rolls it back (${new Date(entry.expiresAt).toISOString()})` } : {}),
          ...(result === 'failed' ? { note: 'the change could not be undone: it may still hold it' } : {}),
        });
      }),
    );
  }

  /** Fails the requests that must fail and retries the rest, splitting a rejected batch. */
  private async retryRest(requests: Pending[], devices: Obj[], failures: Map<string, DeviceError>, held: Held) {
    const touches = (r: Pending, key: string) => r.parts.some((p) => objKey(p.device) === key && needsWrite(r, r.obs.get(key)!));
    const nameOf = (key: string) => devices.find((d) => objKey(d) === key)?.metadata.name ?? key;
    const fail = (r: Pending, key: string, e: DeviceError) => this.finish(r, { error: { device: nameOf(key), reason: e.reason, message: e.message } }, held);
    let rest = requests;
    for (const [key, e] of failures) {
      if (e.reason === 'CommitRejected') continue;
      const d = devices.find((x) => objKey(x) === key);
      if (d && !answered(e.reason)) this.conns.drop(d);
      for (const r of rest.filter((r) => touches(r, key))) fail(r, key, e);
      rest = rest.filter((r) => !touches(r, key));
    }
    const rejected = [...failures].filter(([, e]) => e.reason === 'CommitRejected');
    if (!rejected.length) return this.write(rest);
    const suspects = rest.filter((r) => rejected.some(([key]) => touches(r, key)));
    const others = rest.filter((r) => !suspects.includes(r));
    if (suspects.length === 1) {
      const [key, e] = rejected.find(([k]) => touches(suspects[0]!, k))!;
      fail(suspects[0]!, key, e);
    } else {
      const half = Math.ceil(suspects.length / 2);
      await this.write(suspects.slice(0, half));
      await this.write(suspects.slice(half));
    }
    await this.write(others);
  }

  /**
   * Settles what an earlier process left in the journal (journal.ts `recoverJournal`) before
   * any new transaction of this one.
   */
  resumeJournal(): Promise<void> {
    const run = this.resuming.then(() => recoverJournal(this.journal, this.conns, this.o.onRecovered));
    this.resuming = run.catch(() => undefined); // an unreadable journal must not stop every later transaction
    return run;
  }
}

function groupByDevice(requests: Pending[], include: (r: Pending, p: Part) => boolean) {
  const out = new Map<string, { device: Obj; requests: Pending[] }>();
  for (const r of requests) {
    for (const p of r.parts) {
      if (!include(r, p)) continue;
      const k = objKey(p.device);
      if (!out.has(k)) out.set(k, { device: p.device, requests: [] });
      out.get(k)!.requests.push(r);
    }
  }
  return out;
}
