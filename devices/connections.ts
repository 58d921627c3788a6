// Connections to the devices, one per NetworkDevice, opened on first use from the device's
// spec and its credentials Secret (read at connect time, never logged), re-opened after a
// failure or a spec change. Errors are classified into the condition reasons reconcilers
// report; messages never carry credentials.
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { NetworkDeviceSpec } from '../apis/index.js';
import type { Driver } from './drivers/driver.js';
import { GnmiDriver } from './drivers/gnmi-driver.js';
import { NetconfDriver } from './drivers/netconf-driver.js';
import { GnmiClient, GnmiError } from '../adapters/gnmi/client.js';
import { ApiError, type RestClient } from '../adapters/k8s/rest.js';
import { RpcError } from '../adapters/netconf/messages.js';
import { HostKeyError, NetconfSession } from '../adapters/netconf/session.js';
import { objKey, type Obj } from '../apis/objects.js';

/** Connect here instead of spec.address[:port] (port forwards, jump hosts, emulated labs). */
export const DIAL_ANNOTATION = 'netintent.dev/dial-address';

export type FailureReason = 'DeviceUnreachable' | 'CommitRejected' | 'DeviceBusy' | 'HostKeyMismatch' | 'AuthenticationFailed' | 'CredentialsMissing';

/** NETCONF error tags that say another session holds the device (RFC 6241 appendix A): transient, not the spec's fault. */
const BUSY_TAGS = new Set(['lock-denied', 'in-use']);

/** Failures that leave the connection healthy: the device answered, so keep the session. */
export const answered = (reason: FailureReason) => reason === 'CommitRejected' || reason === 'DeviceBusy';

export class DeviceError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** Which condition reason a driver error means. */
export function classify(e: unknown): DeviceError {
  if (e instanceof DeviceError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RpcError) return new DeviceError(e.errors.some((x) => BUSY_TAGS.has(x.tag)) ? 'DeviceBusy' : 'CommitRejected', message);
  if (e instanceof HostKeyError) return new DeviceError('HostKeyMismatch', message);
  if (e instanceof GnmiError) {
    if (e.code === grpc.status.UNAUTHENTICATED || e.code === grpc.status.PERMISSION_DENIED) return new DeviceError('AuthenticationFailed', message);
    const transport = [grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.CANCELLED].includes(e.code);
    return new DeviceError(transport ? 'DeviceUnreachable' : 'CommitRejected', message);
  }
  if (/authentication methods failed/i.test(message)) return new DeviceError('AuthenticationFailed', message);
  return new DeviceError('DeviceUnreachable', message);
}

export interface Connection {
  driver: Driver;
  capabilities: string[];
  softwareVersion: string;
}

interface Entry {
  hash: string;
  connection: Promise<Connection>;
}

const decode = (b64: string | undefined) => (b64 === undefined ? undefined : Buffer.from(b64, 'base64').toString('utf8'));

export class DeviceConnections {
  private readonly open = new Map<string, Entry>();

  constructor(
    private readonly rest: RestClient,
    private readonly o: { timeoutMs?: number } = {},
  ) {}

  private async secret(namespace: string, name: string, what: string): Promise<Record<string, string>> {
    try {
      const s = await this.rest.request<{ data?: Record<string, string> }>('GET', `/api/v1/namespaces/${namespace}/secrets/${encodeURIComponent(name)}`);
      return s.data ?? {};
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) throw new DeviceError('CredentialsMissing', `${what} Secret ${namespace}/${name} not found: create it`);
      throw e;
    }
  }

  /** The device's connection, opened (or re-opened) as needed. */
  get(device: Obj): Promise<Connection> {
    const key = objKey(device);
    const hash = createHash('sha256').update(JSON.stringify([device.spec, device.metadata.annotations?.[DIAL_ANNOTATION]])).digest('hex');
    const cur = this.open.get(key);
    if (cur && cur.hash === hash) return cur.connection;
    if (cur) void cur.connection.then((c) => c.driver.close()).catch(() => undefined);
    const connection = this.connect(device).catch((e: unknown) => {
      if (this.open.get(key)?.connection === connection) this.open.delete(key);
      throw classify(e);
    });
    this.open.set(key, { hash, connection });
    return connection;
  }

  /** Forgets a connection that failed, so that the next use reconnects. */
  drop(device: Obj) {
    const key = objKey(device);
    const cur = this.open.get(key);
    this.open.delete(key);
    void cur?.connection.then((c) => c.driver.close()).catch(() => undefined);
  }

  private async connect(device: Obj): Promise<Connection> {
    const spec = device.spec as unknown as NetworkDeviceSpec;
    const ns = device.metadata.namespace ?? 'default';
    const creds = await this.secret(ns, spec.credentialsSecretRef.name, 'credentials');
    const username = decode(creds.username);
    if (!username) throw new DeviceError('CredentialsMissing', `credentials Secret ${ns}/${spec.credentialsSecretRef.name} has no "username" key`);
    const password = decode(creds.password);
    const dial = device.metadata.annotations?.[DIAL_ANNOTATION];
    const [host, port] = dial ? splitHostPort(dial) : [spec.address, spec.port];
    if (spec.protocol === 'netconf') {
      const session = await NetconfSession.connect({
        host,
        port: port ?? 830,
        username,
        ...(password !== undefined ? { password } : {}),
        ...(spec.hostKey?.sha256Fingerprint ? { hostKeyFingerprint: spec.hostKey.sha256Fingerprint } : {}),
        insecureIgnoreHostKey: spec.hostKey?.insecureIgnoreHostKey === true && !spec.hostKey.sha256Fingerprint,
        timeoutMs: this.o.timeoutMs ?? 30_000,
        connectTimeoutMs: this.o.timeoutMs ?? 10_000,
      });
      const conf = session.capabilities.find((c) => c.includes('module=nokia-conf'));
      const revision = conf && /revision=([\d-]+)/.exec(conf)?.[1];
      return { driver: new NetconfDriver(session), capabilities: session.capabilities, softwareVersion: revision ? `nokia-conf ${revision}` : 'unknown' };
    }
    const tls = spec.tls ?? {};
    const ca = tls.caSecretRef ? decode((await this.secret(ns, tls.caSecretRef.name, 'CA'))[tls.caSecretRef.key]) : undefined;
    const client = new GnmiClient({
      address: `${host}:${port ?? 57400}`,
      username,
      ...(password !== undefined ? { password } : {}),
      ...(ca ? { ca: Buffer.from(ca) } : {}),
      ...(tls.serverName ? { serverName: tls.serverName } : {}),
      skipVerify: tls.insecure === true,
      plaintext: tls.plaintext === true,
      timeoutMs: this.o.timeoutMs ?? 30_000,
    });
    try {
      const caps = await client.capabilities();
      const version = caps.models.find((m) => m.version)?.version;
      return {
        driver: new GnmiDriver(client, spec.platform),
        capabilities: caps.models.map((m) => `${m.name}@${m.version}`),
        softwareVersion: version ? `models ${version} (gNMI ${caps.version})` : `gNMI ${caps.version}`,
      };
    } catch (e) {
      client.close();
      throw e;
    }
  }

  async closeAll() {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((e) => e.connection.then((c) => c.driver.close()).catch(() => undefined)));
  }
}

function splitHostPort(s: string): [string, number | undefined] {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(s.trim());
  if (!m) return [s, undefined];
  // A bare IPv6 address has colons but no brackets: the whole thing is the host.
  if (!s.includes('[') && (s.match(/:/g)?.length ?? 0) > 1) return [s, undefined];
  return [m[1]!, m[2] ? Number(m[2]) : undefined];
}
