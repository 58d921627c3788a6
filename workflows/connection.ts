// How netintent reaches Temporal, the same for the controller's client and the worker: a
// self-hosted frontend (plain, TLS or mTLS) or Temporal Cloud (mTLS or an API key).
import { readFileSync } from 'node:fs';
import { DEFAULT_TASK_QUEUE } from './definitions.js';

export interface TemporalOptions {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: {
    /** PEM CA that signed the frontend's certificate; the system's when omitted. */
    caFile?: string;
    certFile?: string;
    keyFile?: string;
    serverName?: string;
  };
  /** Temporal Cloud API key (implies TLS). */
  apiKey?: string;
}

export const TEMPORAL_DEFAULTS = { address: '127.0.0.1:7233', namespace: 'default', taskQueue: DEFAULT_TASK_QUEUE };

/** TLS and credentials in the shape both `Connection` and `NativeConnection` take. */
export function connectionOptions(o: TemporalOptions) {
  const t = o.tls;
  if (t && !!t.certFile !== !!t.keyFile) throw new Error('a Temporal client certificate needs both --temporal-tls-cert and --temporal-tls-key');
  const tls =
    t || o.apiKey
      ? {
          ...(t?.caFile ? { serverRootCACertificate: readFileSync(t.caFile) } : {}),
          ...(t?.certFile && t.keyFile ? { clientCertPair: { crt: readFileSync(t.certFile), key: readFileSync(t.keyFile) } } : {}),
          ...(t?.serverName ? { serverNameOverride: t.serverName } : {}),
        }
      : undefined;
  return { address: o.address, ...(tls ? { tls } : {}), ...(o.apiKey ? { apiKey: o.apiKey } : {}) };
}

/** Reads TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY as defaults, as the temporal CLI does. */
export function temporalFromEnv(env = process.env): Partial<TemporalOptions> {
  return {
    ...(env.TEMPORAL_ADDRESS ? { address: env.TEMPORAL_ADDRESS } : {}),
    ...(env.TEMPORAL_NAMESPACE ? { namespace: env.TEMPORAL_NAMESPACE } : {}),
    ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
  };
}
