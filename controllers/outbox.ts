// The audit trail survives an API server outage (issue 12, item 7). A status write or an
// Event that fails because the API server cannot be reached is kept here and written once it
// answers again: statuses keyed by object, so the newest status of an object wins; Events in
// the order they happened, bounded (the oldest are dropped first, and counted). While anything
// is waiting, new writes wait behind it, so an older status never lands after a newer one.
// Errors the API server *answered* (404, 422, ...) are not an outage: they go back to the caller.
import { ApiError } from '../adapters/k8s/rest.js';

export type Write = () => Promise<void>;

export interface OutboxOptions {
  /** Events kept at most while the API server is away (default 1000). */
  maxEvents?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A queued write the API server finally refused, or Events dropped for room. */
  onError?: (e: unknown) => void;
}

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);
const UNAVAILABLE = new Set([429, 500, 502, 503, 504]);

/** The API server could not be reached or is not serving (yet): worth writing again later. */
export function isOutage(e: unknown): boolean {
  if (e instanceof ApiError) return UNAVAILABLE.has(e.code);
  const err = e as { code?: unknown; message?: unknown } | undefined;
  if (typeof err?.code === 'string' && NETWORK_ERRORS.has(err.code)) return true;
  return typeof err?.message === 'string' && /socket hang up/i.test(err.message);
}

export class Outbox {
  private readonly statuses = new Map<string, Write>();
  private events: { key: string; write: Write }[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private delayMs: number;
  private closed = false;
  /** Events dropped because the queue was full. */
  dropped = 0;

  constructor(private readonly o: OutboxOptions = {}) {
    this.delayMs = o.retryBaseMs ?? 500;
  }

  /** Writes waiting for the API server. */
  get size() {
    return this.statuses.size + this.events.length;
  }

  /**
   * Writes the status of `key` now, or after the outage (resolving `false`: queued). A queued
   * status of the same object is replaced: only the newest is written.
   */
  async status(key: string, write: Write): Promise<boolean> {
    if (!this.size && (await this.tryNow(write))) return true;
    this.statuses.delete(key); // re-inserted last: statuses keep their order of last change
    this.statuses.set(key, write);
    this.schedule();
    return false;
  }

  /**
   * Records an Event now or after the outage. `key` names what the write brings up to date (an
   * aggregated Event): one already waiting with that key will write the latest state itself.
   */
  async event(key: string, write: Write): Promise<boolean> {
    if (!this.size && (await this.tryNow(write))) return true;
    if (!this.events.some((e) => e.key === key)) {
      this.events.push({ key, write });
      const max = this.o.maxEvents ?? 1000;
      if (this.events.length > max) {
        const n = this.events.length - max;
        this.events = this.events.slice(n);
        this.dropped += n;
        this.o.onError?.(new Error(`${n} Event(s) dropped: more than ${max} waited for the API server`));
      }
    }
    this.schedule();
    return false;
  }

  /** True when written; false on an outage; the API server's refusal is thrown. */
  private async tryNow(write: Write): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (e) {
      if (isOutage(e)) return false;
      throw e;
    }
  }

  private schedule() {
    if (this.timer || this.flushing || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.size) this.schedule();
      });
    }, this.delayMs);
    this.timer.unref?.();
  }

  /** Events first, in order, then statuses; stops at the first sign the outage goes on. */
  async flush(): Promise<void> {
    while (this.events.length) {
      const next = this.events[0]!;
      if (!(await this.attempt(next.write))) return this.backOff();
      this.events.shift();
    }
    for (const [key, write] of [...this.statuses]) {
      if (!(await this.attempt(write))) return this.backOff();
      if (this.statuses.get(key) === write) this.statuses.delete(key);
    }
    this.delayMs = this.o.retryBaseMs ?? 500;
  }

  /** False when the API server is still away; a refusal is reported and the write given up. */
  private async attempt(write: Write): Promise<boolean> {
    try {
      await write();
    } catch (e) {
      if (isOutage(e)) return false;
      this.o.onError?.(e);
    }
    return true;
  }

  private backOff() {
    this.delayMs = Math.min(this.delayMs * 2, this.o.retryMaxMs ?? 5000);
  }

  /** Waits until nothing is queued (or `timeoutMs` passes); for shutdown and tests. */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.size && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return this.size === 0;
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
