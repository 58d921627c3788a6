// The work queue reconcilers pull keys from (controller-runtime's semantics): a key is
// queued at most once, never processed by two workers at once (a key added while it is
// being processed runs again afterwards), failed keys come back with capped exponential
// backoff per key, and an overall token bucket bounds the rate of retries.
export type ReconcileResult = { requeueAfterMs?: number } | void;
export type Reconcile = (key: string) => Promise<ReconcileResult>;

export interface QueueOptions {
  concurrency?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Retries admitted per second across all keys, and the burst above it. */
  retryQps?: number;
  retryBurst?: number;
  onError?: (key: string, error: unknown, attempt: number) => void;
  /** Seconds a key waited between being queued and a worker taking it. */
  onWait?: (seconds: number) => void;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  /** Queued keys → when they were queued (a key added again while queued keeps its first time). */
  private readonly queued = new Map<string, number>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private tokens: number;
  private lastRefill = Date.now();
  /** Idle workers waiting for a key. */
  private readonly waiters: (() => void)[] = [];
  private stopping = false;
  private workers: Promise<void>[] = [];
  private readonly o: Required<Omit<QueueOptions, 'onError' | 'onWait'>> & Pick<QueueOptions, 'onError' | 'onWait'>;

  constructor(o: QueueOptions = {}) {
    this.o = { concurrency: 2, baseDelayMs: 5, maxDelayMs: 60_000, retryQps: 10, retryBurst: 100, ...o };
    this.tokens = this.o.retryBurst;
  }

  get length(): number {
    return this.queue.length;
  }

  /** Keys being reconciled or ready to be. */
  get busy(): number {
    return this.processing.size + this.queue.length;
  }

  add(key: string) {
    if (this.stopping) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.set(key, Date.now());
    this.queue.push(key);
    this.waiters.shift()?.();
  }

  /** Adds `key` after `ms`; an earlier pending add for the key wins. */
  addAfter(key: string, ms: number) {
    if (this.stopping) return;
    if (ms <= 0) return this.add(key);
    if (this.timers.has(key)) return;
    this.timers.set(key, setTimeout(() => (this.timers.delete(key), this.add(key)), ms));
  }

  /** Backoff for the key's next failure: base × 2^failures, capped; plus the global bucket. */
  retryDelay(key: string): number {
    const n = this.failures.get(key) ?? 0;
    const perKey = Math.min(this.o.baseDelayMs * 2 ** n, this.o.maxDelayMs);
    const now = Date.now();
    this.tokens = Math.min(this.o.retryBurst, this.tokens + ((now - this.lastRefill) / 1000) * this.o.retryQps);
    this.lastRefill = now;
    this.tokens -= 1;
    const bucket = this.tokens >= 0 ? 0 : (-this.tokens / this.o.retryQps) * 1000;
    return Math.max(perKey, bucket);
  }

  forget(key: string) {
    this.failures.delete(key);
  }

  start(reconcile: Reconcile) {
    this.workers = Array.from({ length: this.o.concurrency }, () => this.work(reconcile));
  }

  private async next(): Promise<string | undefined> {
    while (!this.queue.length) {
      if (this.stopping) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
    const key = this.queue.shift()!;
    this.o.onWait?.((Date.now() - this.queued.get(key)!) / 1000);
    this.queued.delete(key);
    return key;
  }

  private async work(reconcile: Reconcile) {
    for (;;) {
      const key = await this.next();
      if (key === undefined) return;
      this.processing.add(key);
      try {
        const r = await reconcile(key);
        this.forget(key);
        if (r && r.requeueAfterMs !== undefined) this.addAfter(key, r.requeueAfterMs);
      } catch (e) {
        const attempt = (this.failures.get(key) ?? 0) + 1;
        this.o.onError?.(key, e, attempt);
        const delay = this.retryDelay(key);
        this.failures.set(key, attempt);
        this.addAfter(key, delay);
      } finally {
        this.processing.delete(key);
        if (this.dirty.delete(key)) this.add(key);
      }
    }
  }

  /** Stops taking keys and waits for the ones in flight. */
  async shutdown() {
    this.stopping = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.queued.clear();
    for (const w of this.waiters.splice(0)) w();
    await Promise.all(this.workers);
  }
}
