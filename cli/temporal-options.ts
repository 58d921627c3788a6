// The Temporal connection flags shared by `netintent worker` and `netintent controller`.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TEMPORAL_DEFAULTS, temporalFromEnv, type TemporalOptions } from '../workflows/connection.js';

export interface TemporalFlags {
  temporalAddress?: string;
  temporalNamespace?: string;
  namespace?: string;
  taskQueue: string;
  temporalTls?: boolean;
  temporalTlsCa?: string;
  temporalTlsCert?: string;
  temporalTlsKey?: string;
  temporalTlsServerName?: string;
  temporalApiKeyFile?: string;
}

/** `namespaceFlag`: the worker's `--namespace` is Temporal's; the controller's is taken. */
export function addTemporalOptions(cmd: Command, namespaceFlag: '--namespace' | '--temporal-namespace'): Command {
  return cmd
    .option('--temporal-address <host:port>', `Temporal frontend (default $TEMPORAL_ADDRESS or ${TEMPORAL_DEFAULTS.address})`)
    .option(`${namespaceFlag} <ns>`, `Temporal namespace (default $TEMPORAL_NAMESPACE or ${TEMPORAL_DEFAULTS.namespace})`)
    .option('--task-queue <name>', 'task queue of the egress workflows', TEMPORAL_DEFAULTS.taskQueue)
    .option('--temporal-tls', 'connect with TLS (implied by the other TLS flags and by an API key)')
    .option('--temporal-tls-ca <file>', "PEM CA of the frontend's certificate (default: the system's)")
    .option('--temporal-tls-cert <file>', 'client certificate for mTLS (Temporal Cloud)')
    .option('--temporal-tls-key <file>', 'client key for mTLS')
    .option('--temporal-tls-server-name <name>', "name to verify the frontend's certificate against")
    .option('--temporal-api-key-file <file>', 'file holding a Temporal Cloud API key (default $TEMPORAL_API_KEY)');
}

/** `namespaceKey`: which flag names the Temporal namespace (see addTemporalOptions). */
export function temporalOptions(f: TemporalFlags, namespaceKey: 'namespace' | 'temporalNamespace'): TemporalOptions {
  const namespace = f[namespaceKey];
  const env = temporalFromEnv();
  const tlsWanted = f.temporalTls || f.temporalTlsCa || f.temporalTlsCert || f.temporalTlsKey || f.temporalTlsServerName;
  const apiKey = f.temporalApiKeyFile ? readFileSync(f.temporalApiKeyFile, 'utf8').trim() : env.apiKey;
  return {
    address: f.temporalAddress ?? env.address ?? TEMPORAL_DEFAULTS.address,
    namespace: namespace ?? env.namespace ?? TEMPORAL_DEFAULTS.namespace,
    taskQueue: f.taskQueue,
    ...(tlsWanted
      ? {
          tls: {
            ...(f.temporalTlsCa ? { caFile: f.temporalTlsCa } : {}),
            ...(f.temporalTlsCert ? { certFile: f.temporalTlsCert } : {}),
            ...(f.temporalTlsKey ? { keyFile: f.temporalTlsKey } : {}),
            ...(f.temporalTlsServerName ? { serverName: f.temporalTlsServerName } : {}),
          },
        }
      : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
