// The transaction history's writer (issue 15): the engine hands each record over (record()),
// and this writes it as DeviceTransaction objects in the controller's namespace, off the
// commit path: records wait in a bounded buffer, and when it is full (the API server away
// for long, or slower than the devices) new ones are dropped and counted, never waited for.
// Retention: at most `max` records and none older than `maxAgeMs`, pruned oldest first.
import type { Logger } from 'pino';
import { ApiError, type RestClient } from '../../adapters/k8s/rest.js';
import { GROUP, VERSION } from '../../apis/common.js';
import type { TransactionRecord } from '../../devices/history.js';
import type { DeviceTransactionStatus } from '../../apis/devicetransaction.js';
import { isOutage } from '../outbox.js';
import { deviceTransactions } from './record.js';

export interface HistoryOptions {
  /** Records kept at most (0: record nothing). */
  max: number;
  maxAgeMs: number;
  /** Records waiting to be written at most (default 1000). */
  buffer?: number;
  pruneEveryMs?: number;
  retryMaxMs?: number;
}

export type HistoryResult = 'written' | 'dropped' | 'failed' | 'pruned' | 'repeated';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A failure repeated unchanged: counted on the status of its first record (`of`, its id). */
interface Repeat {
  of: string;
  status: DeviceTransactionStatus;
}
type Item = TransactionRecord | Repeat;
const isRepeat = (i: Item): i is Repeat => 'of' in i;

export class HistoryRecorder {
  private readonly queue: Item[] = [];
  /** Records this process knows of (listed at start, then written): name and time, for retention. */
  private known: { name: string; time: number }[] = [];
  private draining?: Promise<void>;
  private pruner?: NodeJS.Timeout;
  private stopped = false;
  private lastError?: string;
  private pruning?: Promise<void>;
  /** Intents (and generations) of a failed transaction → its error, its first record and the repeats since. */
  private readonly failing = new Map<string, { what: string; first: string; repeats: number }>();
  private readonly base: string;

  constructor(
    private readonly rest: RestClient,
    private readonly namespace: string,
    private readonly o: HistoryOptions,
    private readonly log: Logger,
    private readonly count: (result: HistoryResult, n?: number) => void = () => undefined,
  ) {
    this.base = `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/devicetransactions`;
  }

  /** Takes a record; never blocks and never throws (the engine calls it after each transaction). */
  record(r: TransactionRecord) {
    if (this.o.max <= 0 || this.stopped) return;
    const repeat = this.repeats(r);
    if (repeat) {
      // Coalesced: one status write per first record waiting, carrying the latest count.
      const waiting = this.queue.find((i): i is Repeat => isRepeat(i) && i.of === repeat.of);
      if (waiting) waiting.status = repeat.status;
      else if (this.queue.length < (this.o.buffer ?? 1000)) this.queue.push(repeat);
      else return this.count('dropped');
      this.count('repeated');
    } else if (this.queue.length >= (this.o.buffer ?? 1000)) return this.count('dropped');
    else this.queue.push(r);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /**
   * A rejected change is retried (every resync, or with backoff) until its spec changes: a
   * record per retry would push the rest of the history out within hours. While the same
   * intents at the same generations fail with the same error, each retry is counted on the
   * first failure's record (status.repeats, lastTime, lastTransaction) instead.
   */
  private repeats(r: TransactionRecord): Repeat | undefined {
    const who = r.intents.map((i) => `${i.key}@${i.origin?.generation ?? ''}`).sort().join(' ');
    if (r.outcome === 'DriftReported') return undefined; // recorded once per detection by the reconciler
    if (r.outcome === 'Committed') {
      this.failing.delete(who);
      return undefined;
    }
    const what = `${r.outcome} ${r.error?.device} ${r.error?.reason} ${r.error?.message}`;
    const seen = this.failing.get(who);
    if (seen?.what === what) {
      seen.repeats++;
      return { of: seen.first, status: { repeats: seen.repeats, lastTime: r.time.toISOString(), lastTransaction: r.id } };
    }
    if (this.failing.size >= 10_000) this.failing.clear();
    this.failing.set(who, { what, first: r.id, repeats: 0 });
    return undefined;
  }

  /** Lists what earlier processes recorded (retention counts them), then prunes now and periodically. */
  async start() {
    if (this.o.max <= 0) return;
    try {
      const found: { name: string; time: number }[] = [];
      let cont = '';
      do {
        const page = await this.rest.request<{ items: { metadata: { name: string }; spec?: { time?: string } }[]; metadata: { continue?: string } }>(
          'GET',
          `${this.base}?limit=200${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
        );
        for (const i of page.items) found.push({ name: i.metadata.name, time: Date.parse(i.spec?.time ?? '') || 0 });
        cont = page.metadata.continue ?? '';
      } while (cont);
      this.known = [...found, ...this.known];
    } catch (e) {
      this.warn(e, 'the transaction history could not be listed (is the DeviceTransaction CRD installed?)');
    }
    await this.prune();
    this.pruner = setInterval(() => void this.prune(), this.o.pruneEveryMs ?? 60_000);
    this.pruner.unref();
  }

  /** Writes what waits (for up to `waitMs`), then stops. */
  async stop(waitMs = 2000) {
    clearInterval(this.pruner);
    await Promise.race([this.idle(), sleep(waitMs)]);
    this.stopped = true;
  }

  async idle() {
    while (this.draining) await this.draining;
  }

  get waiting() {
    return this.queue.length;
  }

  private async drain() {
    await new Promise((r) => setImmediate(r)); // the conversion and the writes run after the engine's turn, not in it
    let delay = 200;
    while (this.queue.length && !this.stopped) {
      const r = this.queue[0]!;
      try {
        if (isRepeat(r)) await this.countRepeat(r);
        else for (const obj of deviceTransactions(r, this.namespace)) await this.create(obj);
        this.queue.shift();
        delay = 200;
        if (this.known.length > this.o.max + Math.max(10, this.o.max / 10)) await this.prune();
      } catch (e) {
        if (isOutage(e)) {
          await sleep(delay); // the API server is away: the record waits, later ones fill the buffer
          delay = Math.min(delay * 2, this.o.retryMaxMs ?? 10_000);
          continue;
        }
        this.queue.shift();
        this.count('failed');
        this.warn(e, 'a transaction record was refused by the API server and is lost');
      }
    }
  }

  /** The first record is `<id>` (or `<id>.1` when recorded in parts); pruned meanwhile: nothing to count on. */
  private async countRepeat(r: Repeat) {
    for (const name of [r.of, `${r.of}.1`]) {
      try {
        await this.rest.request('PATCH', `${this.base}/${name}/status`, { status: r.status }, 'application/merge-patch+json');
        return;
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      }
    }
  }

  private async create(obj: ReturnType<typeof deviceTransactions>[number]) {
    try {
      await this.rest.request('POST', this.base, obj);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e; // written before a lost answer
    }
    this.known.push({ name: obj.metadata.name, time: Date.parse(obj.spec.time) });
    this.count('written');
  }

  /** Deletes the oldest records beyond `max`, and any older than `maxAgeMs`. */
  prune(): Promise<void> {
    this.pruning ??= this.pruneOnce().finally(() => (this.pruning = undefined));
    return this.pruning;
  }

  private async pruneOnce() {
    const cutoff = Date.now() - this.o.maxAgeMs;
    this.known.sort((a, b) => a.time - b.time || a.name.localeCompare(b.name));
    const over = Math.max(0, this.known.length - this.o.max);
    const doomed = this.known.filter((k, i) => i < over || k.time < cutoff);
    for (const d of doomed) {
      try {
        await this.rest.request('DELETE', `${this.base}/${d.name}`);
        this.count('pruned');
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) {
          this.warn(e, 'an old transaction record could not be pruned');
          break; // kept in `known`: the next prune tries again
        }
      }
      this.known = this.known.filter((k) => k !== d);
    }
  }

  /** Each new error once: a missing CRD or RBAC must not flood the log. */
  private warn(e: unknown, msg: string) {
    const err = e instanceof Error ? e.message : String(e);
    if (err === this.lastError) return;
    this.lastError = err;
    this.log.warn({ err }, msg);
  }
}
