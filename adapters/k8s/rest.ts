// A thin REST client for what the typed client cannot carry faithfully: the generic
// KubernetesObjectApi re-serializes built-in kinds through its generated models, which
// drops JSON-schema keys such as `enum` and `x-kubernetes-validations` from CRDs. This
// one sends JSON exactly as given, with the kubeconfig's TLS and credentials.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest, type AgentOptions, type RequestOptions } from 'node:https';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    /** The Retry-After header of a 429 or 503, in seconds. */
    readonly retryAfterSec?: number,
  ) {
    super(message);
  }
}

interface Resource {
  plural: string;
  namespaced: boolean;
}

export class RestClient {
  private readonly discovery = new Map<string, Map<string, Resource>>();
  /** One keep-alive agent per set of TLS credentials (a rotated client certificate gets a new one). */
  private agent?: { key: string; agent: Agent };

  /**
   * `timeoutMs`: a request that gets no complete answer by then fails with code ETIMEDOUT, so
   * an API server that hangs (rather than refusing connections) counts as an outage and does
   * not stall reconciles (controllers/outbox.ts).
   */
  constructor(
    private readonly kc: KubeConfig,
    private readonly o: { timeoutMs?: number; busyRetryMs?: number } = {},
  ) {}

  /**
   * One API call. A 429 (the API server's priority and fairness, or "storage is
   * (re)initializing" while the watch cache of a new CRD fills) is retried after its
   * Retry-After, for up to `busyRetryMs` in all, as client-go does; then it is the caller's.
   */
  async request<T = unknown>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const until = Date.now() + (this.o.busyRetryMs ?? 30_000);
    for (;;) {
      try {
        return await this.once<T>(method, path, body, contentType);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 429)) throw e;
        const waitMs = Math.min(Math.max(e.retryAfterSec ?? 1, 0.1) * 1000, 10_000);
        if (Date.now() + waitMs > until) throw e;
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  }

  private async once<T>(method: string, path: string, body: unknown, contentType: string): Promise<T> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const url = new URL(path, cluster.server);
    const opts: RequestOptions = { method, headers: { Accept: 'application/json' } };
    await this.kc.applyToHTTPSOptions(opts);
    opts.agent = this.pooled(opts.agent);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) Object.assign(opts.headers!, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) });
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, opts, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const json = text ? safeJson(text) : undefined;
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) return resolve(json as T);
          const status = (json ?? {}) as { message?: string; reason?: string };
          const retryAfter = Number(res.headers['retry-after']);
          reject(new ApiError(code, status.reason ?? 'Unknown', status.message ?? `HTTP ${code}: ${text.slice(0, 500)}`, Number.isFinite(retryAfter) ? retryAfter : undefined));
        });
      });
      req.on('error', reject);
      const timeoutMs = this.o.timeoutMs ?? 30_000;
      req.setTimeout(timeoutMs, () =>
        req.destroy(Object.assign(new Error(`${method} ${url.pathname}: no answer from the API server within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * client-node makes a new agent for every request, so each one paid a TCP and TLS handshake
   * (and a new SecureContext): 16 % of the controller's CPU at scale. Requests now share
   * keep-alive connections. A proxy agent is not an https.Agent and is left as it is.
   */
  private pooled(given: RequestOptions['agent']): RequestOptions['agent'] {
    if (!(given instanceof Agent)) return given;
    const o = (given as Agent & { options: AgentOptions }).options;
    const key = createHash('sha256')
      .update(JSON.stringify([String(o.ca ?? ''), String(o.cert ?? ''), String(o.key ?? ''), o.servername, o.rejectUnauthorized]))
      .digest('hex');
    if (this.agent?.key !== key) {
      this.agent?.agent.destroy();
      this.agent = { key, agent: new Agent({ ...o, keepAlive: true, maxSockets: 32 }) };
    }
    return this.agent.agent;
  }

  /** Closes the pooled connections. */
  close() {
    this.agent?.agent.destroy();
    this.agent = undefined;
  }

  /** Maps apiVersion + kind to the REST resource, through API discovery (cached). */
  async resource(apiVersion: string, kind: string): Promise<Resource> {
    let kinds = this.discovery.get(apiVersion);
    if (!kinds) {
      const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      const list = await this.request<{ resources: { name: string; kind: string; namespaced: boolean }[] }>('GET', base);
      kinds = new Map(
        list.resources.filter((r) => !r.name.includes('/')).map((r) => [r.kind, { plural: r.name, namespaced: r.namespaced }]),
      );
      this.discovery.set(apiVersion, kinds);
    }
    const r = kinds.get(kind);
    if (!r) throw new Error(`the API server does not serve ${kind} in ${apiVersion} (CRD not installed?)`);
    return r;
  }

  async path(obj: KubernetesObject, defaultNamespace = 'default'): Promise<string> {
    const { apiVersion, kind, metadata } = obj;
    const r = await this.resource(apiVersion!, kind!);
    const base = apiVersion!.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = r.namespaced ? `/namespaces/${encodeURIComponent(metadata?.namespace ?? defaultNamespace)}` : '';
    return `${base}${ns}/${r.plural}/${encodeURIComponent(metadata!.name!)}`;
  }

  /**
   * Server-side apply, taking ownership of conflicting fields. `fieldValidation: 'Strict'` makes
   * the API server refuse unknown and duplicate fields rather than drop them or only warn.
   */
  async apply<T extends KubernetesObject>(obj: T, fieldManager: string, o: { fieldValidation?: 'Strict' | 'Warn' | 'Ignore' } = {}): Promise<T> {
    const q = `?fieldManager=${encodeURIComponent(fieldManager)}&force=true${o.fieldValidation ? `&fieldValidation=${o.fieldValidation}` : ''}`;
    return this.request<T>('PATCH', (await this.path(obj)) + q, obj, 'application/apply-patch+yaml');
  }

  forget(apiVersion: string) {
    this.discovery.delete(apiVersion);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
