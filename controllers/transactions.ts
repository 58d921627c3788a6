// The transaction engine (DESIGN.md "Device transactions"). Reconcilers submit an intent's
// fragments per device; submissions that arrive together form one round: one read per
// device to see what already matches, then one transaction over every device that needs a
// write — prepare everywhere, confirmed commit everywhere, confirm — so device round trips
// grow with devices, not intents. Any failure aborts every device of the transaction
// (discard / cancel-commit / pre-image back); intents on an unreachable device fail with
// it, and a rejected batch is split in halves until the intent that caused it is found,
// while the others still land.
import type { Fragment } from '../adapters/yang/tree.js';
import { removalOf } from '../adapters/render/render.js';
import type { Observation, Prepared } from '../adapters/driver/driver.js';
import type { DeviceError} from './devices.js';
import { answered, classify, type Connection, type DeviceConnections } from './devices.js';
import { objKey, type Obj } from './objects.js';

export interface Part {
  device: Obj;
  fragments: Fragment[];
}

export type Mode = 'apply' | 'observe' | 'remove';

export interface Request {
  intent: string;
  parts: Part[];
  mode: Mode;
}

export interface DeviceResult {
  device: string;
  /** Native diff before any write (empty when the device matched). */
  diff: string;
  upToDate: boolean;
  written: boolean;
}

export interface Outcome {
  ok: boolean;
  transaction?: string;
  devices: DeviceResult[];
  error?: { device: string; reason: DeviceError['reason']; message: string };
}

interface Pending extends Request {
  resolve(o: Outcome): void;
  obs: Map<string, Observation>;
}

export interface EngineOptions {
  lingerMs?: number;
  maxBatch?: number;
  confirmTimeoutSec?: number;
  onTransaction?: (t: { id: string; devices: string[]; intents: string[]; ok: boolean; ms: number }) => void;
}

/** What a request writes on a device: its fragments, or their removal. */
const changeOf = (r: Request, p: Part) => (r.mode === 'remove' ? p.fragments.map(removalOf) : p.fragments);
/** What to observe: for a removal only the owned (replaced) subtrees, not the shared parents. */
const observedOf = (r: Request, p: Part): Fragment[] =>
  r.mode === 'remove' ? p.fragments.map((f) => ({ updates: f.updates.filter((u) => u.replace), deletes: [] })) : p.fragments;
const needsWrite = (r: Request, o: Observation) => (r.mode === 'remove' ? o.exists : !o.upToDate);
/** The request's part on `device` (desiredFor gives one part per device). */
const partOn = (r: Request, device: Obj) => r.parts.find((p) => objKey(p.device) === objKey(device))!;

export class TransactionEngine {
  private pending: Pending[] = [];
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private seq = 0;
  /** Device commits issued (one per device per successful or attempted transaction). */
  commits = 0;
  reads = 0;

  constructor(
    private readonly conns: DeviceConnections,
    private readonly o: EngineOptions = {},
  ) {}

  submit(req: Request): Promise<Outcome> {
    if (!req.parts.length) return Promise.resolve({ ok: true, devices: [] });
    return new Promise((resolve) => {
      this.pending.push({ ...req, resolve, obs: new Map() });
      this.kick();
    });
  }

  private kick() {
    if (this.running || this.timer || !this.pending.length) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = this.pending.splice(0, this.o.maxBatch ?? 500);
      this.running = this.round(batch)
        .catch((e: unknown) => {
          // A bug or a driver breaking its contract must not strand the waiting reconciles.
          const error = { device: '', reason: 'DeviceUnreachable' as const, message: `transaction failed: ${e instanceof Error ? e.message : String(e)}` };
          for (const r of batch) r.resolve({ ok: false, devices: [], error });
        })
        .finally(() => {
          this.running = undefined;
          this.kick();
        });
    }, this.o.lingerMs ?? 5);
  }

  async idle() {
    while (this.running || this.timer || this.pending.length) await (this.running ?? new Promise((r) => setTimeout(r, 5)));
  }

  private async round(batch: Pending[]) {
    const live = await this.observe(batch);
    const finish = (r: Pending, extra: Partial<Outcome> = {}) =>
      r.resolve({
        ok: extra.error === undefined,
        devices: r.parts.map((p) => {
          const o = r.obs.get(objKey(p.device));
          const upToDate = o ? !needsWrite(r, o) : false;
          return { device: p.device.metadata.name, diff: o?.diff ?? '', upToDate, written: extra.transaction !== undefined && !upToDate };
        }),
        ...extra,
      });
    const writes: Pending[] = [];
    for (const r of live) {
      const dirty = r.parts.some((p) => needsWrite(r, r.obs.get(objKey(p.device))!));
      if (r.mode === 'observe' || !dirty) finish(r);
      else writes.push(r);
    }
    if (writes.length) await this.write(writes, finish);
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
          const obs = await c.driver.observeEach(requests.map((r) => observedOf(r, partOn(r, device))));
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

  private async write(requests: Pending[], finish: (r: Pending, extra?: Partial<Outcome>) => void): Promise<void> {
    if (!requests.length) return;
    const id = `tx-${Date.now().toString(36)}-${++this.seq}`;
    const started = Date.now();
    const dirty = (r: Pending, p: Part) => needsWrite(r, r.obs.get(objKey(p.device))!);
    const byDevice = [...groupByDevice(requests, dirty).values()];
    const staged = new Map<string, { prepared: Prepared; conn: Connection }>();
    const failures = new Map<string, DeviceError>();
    const step = async (fn: (d: (typeof byDevice)[number]) => Promise<void>) => {
      await Promise.all(
        byDevice.map(async (d) => {
          try {
            await fn(d);
          } catch (e) {
            failures.set(objKey(d.device), classify(e));
          }
        }),
      );
    };
    await step(async ({ device, requests: rs }) => {
      const conn = await this.conns.get(device);
      const change = rs.flatMap((r) => changeOf(r, partOn(r, device)));
      staged.set(objKey(device), { conn, prepared: await conn.driver.prepare(change) });
    });
    if (!failures.size) {
      await step(async ({ device }) => {
        this.commits++;
        await staged.get(objKey(device))!.prepared.commit({ confirmTimeoutSec: this.o.confirmTimeoutSec ?? 60 });
      });
    }
    if (!failures.size) await step(async ({ device }) => staged.get(objKey(device))!.prepared.confirm());
    const ok = failures.size === 0;
    if (!ok) await Promise.all([...staged.values()].map((s) => s.prepared.abort()));
    this.o.onTransaction?.({ id, devices: byDevice.map((d) => d.device.metadata.name), intents: requests.map((r) => r.intent), ok, ms: Date.now() - started });
    if (ok) {
      for (const r of requests) finish(r, { transaction: id });
      return;
    }
    return this.recover(requests, byDevice.map((d) => d.device), failures, finish);
  }

  /** Fails the requests that must fail and retries the rest, splitting a rejected batch. */
  private async recover(requests: Pending[], devices: Obj[], failures: Map<string, DeviceError>, finish: (r: Pending, extra?: Partial<Outcome>) => void) {
    const touches = (r: Pending, key: string) => r.parts.some((p) => objKey(p.device) === key && needsWrite(r, r.obs.get(key)!));
    const nameOf = (key: string) => devices.find((d) => objKey(d) === key)?.metadata.name ?? key;
    const fail = (r: Pending, key: string, e: DeviceError) => finish(r, { error: { device: nameOf(key), reason: e.reason, message: e.message } });
    let rest = requests;
    for (const [key, e] of failures) {
      if (e.reason === 'CommitRejected') continue;
      const d = devices.find((x) => objKey(x) === key);
      if (d && !answered(e.reason)) this.conns.drop(d);
      for (const r of rest.filter((r) => touches(r, key))) fail(r, key, e);
      rest = rest.filter((r) => !touches(r, key));
    }
    const rejected = [...failures].filter(([, e]) => e.reason === 'CommitRejected');
    if (!rejected.length) return this.write(rest, finish);
    const suspects = rest.filter((r) => rejected.some(([key]) => touches(r, key)));
    const others = rest.filter((r) => !suspects.includes(r));
    if (suspects.length === 1) {
      const [key, e] = rejected.find(([k]) => touches(suspects[0]!, k))!;
      fail(suspects[0]!, key, e);
    } else {
      const half = Math.ceil(suspects.length / 2);
      await this.write(suspects.slice(0, half), finish);
      await this.write(suspects.slice(half), finish);
    }
    await this.write(others, finish);
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
