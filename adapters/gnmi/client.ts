// A gNMI client (gnmi.gNMI over @grpc/grpc-js): Capabilities, Get, atomic Set with
// replace/update/delete, Subscribe ONCE/POLL/STREAM; JSON_IETF values; credentials as
// metadata; TLS verified against a CA unless the device spec says otherwise.
import * as grpc from '@grpc/grpc-js';
import { fromWirePath, toWirePath } from './path.js';
import { gnmiService, type GnmiServiceClient, type WireNotification } from './proto.js';

export interface GnmiOptions {
  address: string;
  username?: string;
  password?: string;
  /** PEM CA bundle that signs the target's certificate (verified, with serverName if given). */
  ca?: Buffer;
  serverName?: string;
  /** TLS without certificate verification; only when the device spec says insecure. */
  skipVerify?: boolean;
  /** No TLS at all; only when the device spec says plaintext. */
  plaintext?: boolean;
  timeoutMs?: number;
}

export interface Notification {
  timestamp: bigint;
  updates: { path: string; value: unknown }[];
  deletes: string[];
}

export interface SetOps {
  replace?: { path: string; value: unknown }[];
  update?: { path: string; value: unknown }[];
  delete?: string[];
}

export class GnmiError extends Error {
  constructor(
    readonly code: grpc.status,
    readonly details: string,
    operation: string,
  ) {
    super(`${operation}: ${grpc.status[code] ?? code}: ${details}`);
  }
}

function decodeValue(val: Record<string, unknown> | undefined): unknown {
  if (!val?.value) return undefined;
  const v = val[val.value as string];
  if (val.value === 'json_ietf_val' || val.value === 'json_val') return JSON.parse(Buffer.from(v as Buffer).toString('utf8'));
  return v;
}

export function decodeNotification(n: WireNotification): Notification {
  return {
    timestamp: BigInt(n.timestamp || '0'),
    updates: n.update.map((u) => ({ path: fromWirePath(n.prefix, u.path), value: decodeValue(u.val as unknown as Record<string, unknown>) })),
    deletes: n.delete.map((d) => fromWirePath(n.prefix, d)),
  };
}

const jsonIetf = (value: unknown) => ({ json_ietf_val: Buffer.from(JSON.stringify(value), 'utf8') });

export class GnmiClient {
  private readonly client: GnmiServiceClient;
  private readonly timeoutMs: number;

  constructor(private readonly o: GnmiOptions) {
    const { Client } = gnmiService();
    let creds: grpc.ChannelCredentials;
    if (o.plaintext) creds = grpc.credentials.createInsecure();
    else if (o.skipVerify) creds = grpc.credentials.createSsl(null, null, null, { rejectUnauthorized: false });
    else {
      if (!o.ca) throw new Error(`${o.address}: gNMI over TLS needs the CA that signs the target certificate (or an explicit insecure setting)`);
      creds = grpc.credentials.createSsl(o.ca);
    }
    const options: grpc.ClientOptions = o.serverName ? { 'grpc.ssl_target_name_override': o.serverName } : {};
    this.client = new Client(o.address, creds, options) as unknown as GnmiServiceClient;
    this.timeoutMs = o.timeoutMs ?? 30_000;
  }

  private metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    if (this.o.username !== undefined) md.set('username', this.o.username);
    if (this.o.password !== undefined) md.set('password', this.o.password);
    return md;
  }

  private unary<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const deadline = new Date(Date.now() + this.timeoutMs);
      this.client[method]!(request, this.metadata(), { deadline }, (err: grpc.ServiceError | null, res: T) =>
        err ? reject(new GnmiError(err.code, err.details, method)) : resolve(res),
      );
    });
  }

  async capabilities(): Promise<{ models: { name: string; organization: string; version: string }[]; encodings: string[]; version: string }> {
    const r = await this.unary<{ supported_models: { name: string; organization: string; version: string }[]; supported_encodings: string[]; gNMI_version: string }>('Capabilities', {});
    return { models: r.supported_models, encodings: r.supported_encodings, version: r.gNMI_version };
  }

  async get(paths: string[], type: 'ALL' | 'CONFIG' | 'STATE' | 'OPERATIONAL' = 'CONFIG'): Promise<Notification[]> {
    const r = await this.unary<{ notification: WireNotification[] }>('Get', { path: paths.map(toWirePath), type, encoding: 'JSON_IETF' });
    return r.notification.map(decodeNotification);
  }

  /** One atomic SetRequest: deletes, then replaces, then updates. */
  async set(ops: SetOps): Promise<{ timestamp: bigint }> {
    const r = await this.unary<{ timestamp: string }>('Set', {
      delete: (ops.delete ?? []).map(toWirePath),
      replace: (ops.replace ?? []).map((u) => ({ path: toWirePath(u.path), val: jsonIetf(u.value) })),
      update: (ops.update ?? []).map((u) => ({ path: toWirePath(u.path), val: jsonIetf(u.value) })),
    });
    return { timestamp: BigInt(r.timestamp || '0') };
  }

  /**
   * Subscribe. ONCE resolves after sync_response; STREAM and POLL keep calling `onNotification`
   * until `cancel()`; POLL sends a poll on each `poll()`.
   */
  subscribe(
    paths: string[],
    o: { mode: 'ONCE' | 'POLL' | 'STREAM'; streamMode?: 'ON_CHANGE' | 'SAMPLE' | 'TARGET_DEFINED'; sampleIntervalMs?: number; updatesOnly?: boolean },
    onNotification: (n: Notification) => void,
  ): { synced: Promise<void>; done: Promise<void>; poll(): void; cancel(): void } {
    const call = this.client.Subscribe!(this.metadata()) as grpc.ClientDuplexStream<unknown, { response: string; update?: WireNotification; sync_response?: boolean }>;
    let synced!: () => void;
    let failed!: (e: Error) => void;
    const syncedP = new Promise<void>((res, rej) => ((synced = res), (failed = rej)));
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (r) => {
        if (r.response === 'sync_response') synced();
        else if (r.update) onNotification(decodeNotification(r.update));
      });
      call.on('end', () => resolve());
      call.on('error', (e: grpc.ServiceError) => {
        if (e.code === grpc.status.CANCELLED) return resolve();
        const err = new GnmiError(e.code, e.details, 'Subscribe');
        failed(err);
        reject(err);
      });
    });
    done.catch(() => undefined);
    syncedP.catch(() => undefined);
    call.write({
      subscribe: {
        mode: o.mode,
        encoding: 'JSON_IETF',
        updates_only: o.updatesOnly ?? false,
        subscription: paths.map((p) => ({
          path: toWirePath(p),
          mode: o.streamMode ?? 'TARGET_DEFINED',
          sample_interval: String(BigInt(o.sampleIntervalMs ?? 0) * 1_000_000n),
        })),
      },
    });
    return {
      synced: syncedP,
      done,
      poll: () => call.write({ poll: {} }),
      cancel: () => call.cancel(),
    };
  }

  close() {
    this.client.close();
  }
}
