// A NETCONF session over SSH (RFC 6242): hello exchange, framing chosen from the hellos,
// message-id correlation with per-RPC timeouts, the RPCs netintent needs, and host keys
// pinned by SHA256 fingerprint.
import { createHash } from 'node:crypto';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { FrameDecoder, frame, type Framing } from './framing.js';
import { CAP, Raw, RpcError, helloXml, parseHello, parseReply, rpcXml, type Reply } from './messages.js';
import { createSubscriptionBody, parseNotification, type Notification } from './notifications.js';

export interface NetconfOptions {
  host: string;
  port?: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  /** `SHA256:<base64>` as ssh-keygen prints it; the connection is refused on mismatch. */
  hostKeyFingerprint?: string;
  /** Accept any host key. Only when the user asked for it explicitly. */
  insecureIgnoreHostKey?: boolean;
  /** Per-RPC timeout (ms). */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  keepaliveMs?: number;
  /** Advertise base:1.0 only (to exercise end-of-message framing). */
  base10Only?: boolean;
}

export class HostKeyError extends Error {}
export class NetconfTimeout extends Error {}

export function sshFingerprint(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

interface Pending {
  operation: string;
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class NetconfSession {
  capabilities: string[] = [];
  sessionId?: number;
  framing: Framing = 'eom';
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private closed?: Error;
  private readonly notificationListeners = new Set<(n: Notification) => void>();
  private readonly closeListeners = new Set<(e: Error) => void>();

  private constructor(
    private readonly ssh: Client,
    private readonly channel: ClientChannel,
    private readonly decoder: FrameDecoder,
    private readonly timeoutMs: number,
  ) {}

  static async connect(o: NetconfOptions): Promise<NetconfSession> {
    if (!o.hostKeyFingerprint && !o.insecureIgnoreHostKey) {
      throw new HostKeyError(`${o.host}: no host key fingerprint to verify against; pin one or opt out explicitly`);
    }
    const ssh = new Client();
    let seen: string | undefined;
    const config: ConnectConfig = {
      host: o.host,
      port: o.port ?? 830,
      username: o.username,
      ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.privateKey !== undefined ? { privateKey: o.privateKey } : {}),
      readyTimeout: o.connectTimeoutMs ?? 15_000,
      keepaliveInterval: o.keepaliveMs ?? 30_000,
      hostVerifier: (key: Buffer) => {
        seen = sshFingerprint(key);
        return o.insecureIgnoreHostKey === true || seen === o.hostKeyFingerprint;
      },
    };
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      const fail = (e: Error) => {
        ssh.end();
        reject(e);
      };
      ssh.once('error', (e: Error & { level?: string }) => {
        if (seen && seen !== o.hostKeyFingerprint && !o.insecureIgnoreHostKey) {
          fail(new HostKeyError(`${o.host}: host key ${seen} does not match the pinned ${o.hostKeyFingerprint}`));
        } else fail(new Error(`${o.host}:${config.port}: ${e.message}`));
      });
      ssh.once('ready', () => ssh.subsys('netconf', (err, ch) => (err ? fail(new Error(`${o.host}: netconf subsystem: ${err.message}`)) : resolve(ch))));
      ssh.connect(config);
    });
    const session = new NetconfSession(ssh, channel, new FrameDecoder('eom'), o.timeoutMs ?? 30_000);
    try {
      await session.handshake(o.base10Only === true);
    } catch (e) {
      ssh.end();
      throw e;
    }
    return session;
  }

  private handshake(base10Only: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new NetconfTimeout('no <hello> from the server')), this.timeoutMs);
      const ours = [CAP.base10, ...(base10Only ? [] : [CAP.base11])];
      this.channel.write(frame(helloXml(ours), 'eom'));
      let helloSeen = false;
      this.channel.on('data', (data: Buffer) => {
        let messages: string[];
        try {
          messages = this.decoder.push(data);
        } catch (e) {
          this.fail(e as Error);
          return;
        }
        for (const m of messages) {
          if (!helloSeen) {
            helloSeen = true;
            clearTimeout(timer);
            try {
              const hello = parseHello(m);
              this.capabilities = hello.capabilities;
              this.sessionId = hello.sessionId;
              this.framing = !base10Only && hello.capabilities.includes(CAP.base11) ? 'chunked' : 'eom';
              this.decoder.framing = this.framing;
              resolve();
            } catch (e) {
              reject(e as Error);
            }
          } else this.onReply(m);
        }
      });
      this.channel.on('close', () => this.fail(new Error('NETCONF session closed by the server')));
      this.ssh.on('error', (e) => this.fail(e));
    });
  }

  private onReply(xml: string) {
    let reply: Reply;
    try {
      reply = parseReply(xml);
    } catch {
      // Not a reply: an RFC 5277 notification (delivered to its listeners), or junk.
      const n = this.notificationListeners.size ? parseNotification(xml) : undefined;
      if (n) for (const l of this.notificationListeners) l(n);
      return;
    }
    const p = reply.messageId ? this.pending.get(reply.messageId) : undefined;
    if (!p) return;
    this.pending.delete(reply.messageId!);
    clearTimeout(p.timer);
    if (reply.errors.some((e) => e.severity !== 'warning')) p.reject(new RpcError(p.operation, reply.errors));
    else p.resolve(reply);
  }

  private fail(e: Error) {
    if (this.closed) return;
    this.closed = e;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
    for (const l of this.closeListeners) l(e);
    this.closeListeners.clear();
    this.notificationListeners.clear();
  }

  /** Notifications as they arrive on this session (after `createSubscription`); returns the unsubscribe. */
  onNotification(listener: (n: Notification) => void): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** Called once when the session ends, whoever ends it; at once when it already has. */
  onClose(listener: (e: Error) => void): () => void {
    if (this.closed) {
      listener(this.closed);
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** RFC 5277 create-subscription: notifications of `stream` follow on this session until it ends. */
  async createSubscription(stream?: string) {
    await this.rpc('create-subscription', createSubscriptionBody(stream));
  }

  /** Sends one RPC and waits for its reply (or its timeout). */
  rpc(operation: string, body: Record<string, unknown> = {}, timeoutMs = this.timeoutMs): Promise<Reply> {
    if (this.closed) return Promise.reject(this.closed);
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new NetconfTimeout(`${operation}: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { operation, resolve, reject, timer });
      this.channel.write(frame(rpcXml(id, operation, body), this.framing));
    });
  }

  has(capability: string): boolean {
    return this.capabilities.some((c) => c === capability || c.startsWith(capability + '?'));
  }

  async get(filterXml?: string): Promise<string> {
    return (await this.rpc('get', filterXml ? { filter: { '@_type': 'subtree', '#text': new Raw(filterXml) } } : {})).data ?? '';
  }

  async getConfig(source: 'running' | 'candidate' = 'running', filterXml?: string): Promise<string> {
    const body: Record<string, unknown> = { source: { [source]: null } };
    if (filterXml) body.filter = { '@_type': 'subtree', '#text': new Raw(filterXml) };
    return (await this.rpc('get-config', body)).data ?? '';
  }

  async editConfig(configXml: string, o: { target?: 'candidate' | 'running'; defaultOperation?: 'merge' | 'replace' | 'none'; errorOption?: 'rollback-on-error' | 'stop-on-error' | 'continue-on-error' } = {}) {
    await this.rpc('edit-config', {
      target: { [o.target ?? 'candidate']: null },
      'default-operation': o.defaultOperation ?? 'merge',
      'error-option': o.errorOption ?? 'rollback-on-error',
      config: new Raw(configXml),
    });
  }

  async lock(target: 'candidate' | 'running' = 'candidate') {
    await this.rpc('lock', { target: { [target]: null } });
  }

  async unlock(target: 'candidate' | 'running' = 'candidate') {
    await this.rpc('unlock', { target: { [target]: null } });
  }

  async validate(source: 'candidate' | 'running' = 'candidate') {
    await this.rpc('validate', { source: { [source]: null } });
  }

  /** commit; with `confirmTimeout` a confirmed commit that rolls back unless confirmed in time. */
  async commit(o: { confirmed?: boolean; confirmTimeout?: number; persist?: string; persistId?: string } = {}) {
    const body: Record<string, unknown> = {};
    if (o.confirmed) body.confirmed = null;
    if (o.confirmed && o.confirmTimeout !== undefined) body['confirm-timeout'] = String(o.confirmTimeout);
    if (o.persist !== undefined) body.persist = o.persist;
    if (o.persistId !== undefined) body['persist-id'] = o.persistId;
    await this.rpc('commit', body);
  }

  async cancelCommit(persistId?: string) {
    await this.rpc('cancel-commit', persistId !== undefined ? { 'persist-id': persistId } : {});
  }

  async discardChanges() {
    await this.rpc('discard-changes');
  }

  /** close-session, then the SSH connection; safe to call twice. */
  async close() {
    if (!this.closed) {
      await this.rpc('close-session', {}, 5_000).catch(() => undefined);
      this.fail(new Error('session closed'));
    }
    this.ssh.end();
  }
}

export interface Backoff {
  attempts: number;
  initialMs: number;
  maxMs: number;
}

/**
 * Connects, retrying with capped exponential backoff (a device rebooting, a flapping
 * management network). A host-key mismatch is never retried: it is not transient.
 */
export async function connectWithRetry(o: NetconfOptions, b: Backoff = { attempts: 6, initialMs: 250, maxMs: 8000 }): Promise<NetconfSession> {
  let delay = b.initialMs;
  let last: Error = new Error('no attempt made');
  for (let i = 0; i < b.attempts; i++) {
    try {
      return await NetconfSession.connect(o);
    } catch (e) {
      if (e instanceof HostKeyError) throw e;
      last = e as Error;
      if (i < b.attempts - 1) await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, b.maxMs);
    }
  }
  throw new Error(`${o.host}: gave up after ${b.attempts} attempts: ${last.message}`);
}
