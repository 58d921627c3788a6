// The alarm webhook, for NOCs without Alertmanager: one JSON POST per alarm raise or clear
// (controllers/alarms.ts decides those, once each), in order, to the URL a Secret names.
// A failed POST is retried with capped exponential backoff and holds back the events behind
// it, so a receiver sees raise before clear; only a refusal of the event's content (400,
// 413, 415, 422) drops it, logged. A 401, 403 or 404 is a Secret to fix, so it is retried. The queue is bounded: when it
// is full the oldest event goes, counted and logged. The Secret is read again after a
// failure (a fixed URL or token is picked up without a restart). Its contents never reach a
// log: the receiver is named by scheme and host only (a URL's path and query can be the
// secret, as in chat webhooks).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
import { ApiError, type RestClient } from '../adapters/k8s/rest.js';
import type { AlarmEvent } from './alarms.js';
import type { Metrics } from './metrics.js';

export interface WebhookTarget {
  url: URL;
  headers: Record<string, string>;
  ca?: string;
}

export interface WebhookOptions {
  /** Events waiting at most (default 1000). */
  maxQueue?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

/** `ns/name` → the Secret's target: keys `url`, optional `token` (Bearer), `headers` (JSON object), `ca` (PEM). */
export async function readWebhookSecret(rest: RestClient, ref: string): Promise<WebhookTarget> {
  const [ns, name] = ref.split('/') as [string, string];
  let s: { data?: Record<string, string> };
  try {
    s = await rest.request('GET', `/api/v1/namespaces/${ns}/secrets/${encodeURIComponent(name)}`);
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) throw new Error(`alarm webhook Secret ${ref} not found`);
    throw e;
  }
  const get = (k: string) => (s.data?.[k] === undefined ? undefined : Buffer.from(s.data[k], 'base64').toString('utf8').trim());
  const raw = get('url');
  if (!raw) throw new Error(`alarm webhook Secret ${ref} has no "url" key`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`alarm webhook Secret ${ref}: "url" is not a URL`); // the value itself is not quoted: it may hold a secret
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`alarm webhook Secret ${ref}: "url" must be http or https`);
  let headers: Record<string, string> = {};
  const h = get('headers');
  if (h) {
    try {
      headers = JSON.parse(h) as Record<string, string>;
    } catch {
      throw new Error(`alarm webhook Secret ${ref}: "headers" must be a JSON object of strings`);
    }
    if (typeof headers !== 'object' || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
      throw new Error(`alarm webhook Secret ${ref}: "headers" must be a JSON object of strings`);
    }
  }
  const token = get('token');
  if (token) headers = { ...headers, authorization: `Bearer ${token}` };
  const ca = get('ca');
  return { url, headers, ...(ca ? { ca } : {}) };
}

/** How a receiver is named in logs: scheme and host, nothing that can be a credential. */
export const receiverName = (u: URL) => `${u.protocol}//${u.host}`;

/** The receiver refuses this event itself: sending it again cannot help. */
const REFUSED = new Set([400, 413, 415, 422]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AlarmWebhook {
  private readonly queue: AlarmEvent[] = [];
  private target?: WebhookTarget;
  private running?: Promise<void>;
  private wake?: () => void;
  private stopped = false;
  private readonly o: Required<WebhookOptions>;

  constructor(
    private readonly load: () => Promise<WebhookTarget>,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    o: WebhookOptions = {},
  ) {
    this.o = { maxQueue: 1000, baseDelayMs: 500, maxDelayMs: 60_000, timeoutMs: 10_000, ...o };
  }

  get waiting(): number {
    return this.queue.length;
  }

  send(e: AlarmEvent) {
    if (this.stopped) return;
    this.queue.push(e);
    if (this.queue.length > this.o.maxQueue) {
      const lost = this.queue.shift()!;
      this.metrics.webhookDropped.inc();
      this.log.warn({ alarm: lost.alarm, state: lost.state, object: `${lost.object.kind}/${lost.object.namespace}/${lost.object.name}`, max: this.o.maxQueue }, 'alarm webhook queue full: oldest event dropped');
    }
    this.running ??= this.drain().finally(() => (this.running = undefined));
    this.wake?.();
  }

  private async drain() {
    let failures = 0;
    while (this.queue.length && !this.stopped) {
      const e = this.queue[0]!;
      const r = await this.post(e);
      if (r === 'retry') {
        failures++;
        this.target = undefined; // read the Secret again: it may have been fixed
        const delay = Math.min(this.o.baseDelayMs * 2 ** (failures - 1), this.o.maxDelayMs);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => (this.stopped ? (clearTimeout(t), resolve()) : undefined);
        });
        continue;
      }
      failures = 0;
      if (this.queue[0] === e) this.queue.shift(); // unless it was dropped meanwhile
    }
  }

  /** One attempt: delivered, rejected (dropped) or retry. */
  private async post(e: AlarmEvent): Promise<'delivered' | 'rejected' | 'retry'> {
    let where = 'the receiver';
    try {
      this.target ??= await this.load();
      const t = this.target;
      where = receiverName(t.url);
      const status = await this.postOnce(t, JSON.stringify(e));
      if (status < 300) {
        this.metrics.webhookDeliveries.inc({ result: 'delivered' });
        return 'delivered';
      }
      if (REFUSED.has(status)) {
        this.metrics.webhookDeliveries.inc({ result: 'rejected' });
        this.log.warn({ receiver: where, status, alarm: e.alarm, state: e.state }, 'alarm webhook refused the event; dropped');
        return 'rejected';
      }
      throw new Error(`HTTP ${status}`);
    } catch (err) {
      this.metrics.webhookDeliveries.inc({ result: 'retried' });
      this.log.warn({ receiver: where, err: err instanceof Error ? err.message : String(err), alarm: e.alarm, state: e.state }, 'alarm webhook failed; retrying with backoff');
      return 'retry';
    }
  }

  private postOnce(t: WebhookTarget, body: string): Promise<number> {
    const send = t.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        t.url,
        {
          method: 'POST',
          headers: { ...t.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: this.o.timeoutMs,
          ...(t.ca ? { ca: t.ca } : {}),
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      // Node's own messages name host and port at most; never the URL's path, query or userinfo.
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
      req.on('error', (err) => reject(new Error((err as NodeJS.ErrnoException).code ?? 'request failed')));
      req.end(body);
    });
  }

  /** Stops sending; what is still queued is given up to `ms` to go out first. */
  async stop(ms = 2000) {
    const done = this.running;
    if (done) await Promise.race([done, sleep(ms)]);
    this.stopped = true;
    this.wake?.();
    await this.running;
  }
}
