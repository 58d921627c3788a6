import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { Controller } from '../../controllers/controller.js';
import { addTemporalOptions, temporalOptions, type TemporalFlags } from '../temporal-options.js';

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

const secretRef = (v: string) => {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/.test(v)) throw new InvalidArgumentError('expected <namespace>/<name> of a Secret');
  return v;
};

/** A Go-style duration: 168h, 90m, 1h30m, 45s, 7d. */
export const duration = (name: string) => (v: string) => {
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(d|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== v) throw new InvalidArgumentError(`${name} must be a duration like 168h, 30m or 1h30m`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
  return parts.reduce((ms, p) => ms + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
};

const count = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, 0 or more`);
  return n;
};

export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault(); // $KUBECONFIG, ~/.kube/config, or in-cluster
  if (!kc.getCurrentCluster()) throw new Error('no current cluster in the kubeconfig: pass --kubeconfig <file>');
  return kc;
}

export function controllerCommand(): Command {
  const cmd = new Command('controller')
    .description('Run the controller: watch netintent resources and converge the devices (Ctrl-C stops it gracefully).')
    .option('--kubeconfig <file>', 'kubeconfig of the management cluster (default $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--namespace <ns>', 'namespace for allocation records and the leader lease', 'netintent-system')
    .option('--watch-namespace <ns...>', 'reconcile only these namespaces (default: all)')
    .option('--no-leader-elect', 'do not wait for the leader lease (only one replica may run then)')
    .option('--resync <seconds>', 'compare every object with its devices this often (NETCONF drift detection)', positive('--resync'), 60)
    .option('--concurrency <n>', 'reconciles in flight per kind', positive('--concurrency'), 32)
    .option('--device-timeout <seconds>', 'per-RPC timeout towards devices', positive('--device-timeout'), 15)
    .option('--confirm-timeout <seconds>', 'confirmed-commit timeout: a device rolls back a change not confirmed by then', positive('--confirm-timeout'), 60)
    .option('--journal-dir <dir>', 'transaction journal (recovered on start); in a pod, a volume that outlives the container', join(tmpdir(), 'netintent-journal'))
    .option('--history-max <n>', 'DeviceTransaction records kept in --namespace at most, oldest pruned first (0: record none)', count('--history-max'), 1000)
    .addOption(new Option('--history-max-age <duration>', 'DeviceTransaction records older than this are pruned').argParser(duration('--history-max-age')).default(168 * 3_600_000, '168h'))
    .option('--metrics-addr <host:port>', 'serve /metrics, /healthz, /readyz here ("off" to disable)', '127.0.0.1:9464')
    .option('--log-level <level>', 'trace, debug, info, warn, error', 'info')
    .option('--no-egress', 'run no egress workflows even when $TEMPORAL_ADDRESS is set')
    .option('--egress-recheck <seconds>', 'how often a Ready egress workflow re-verifies its cluster objects', positive('--egress-recheck'), 300)
    .option('--alarm-webhook-secret <ns/name>', 'POST every alarm raise and clear as JSON to the webhook this Secret names (keys: url, optional token, headers, ca)', secretRef);
  return addTemporalOptions(cmd, '--temporal-namespace')
    .action(async (o: TemporalFlags & { egress: boolean; egressRecheck: number; kubeconfig?: string; namespace: string; watchNamespace?: string[]; leaderElect: boolean; resync: number; concurrency: number; deviceTimeout: number; confirmTimeout: number; journalDir: string; metricsAddr: string; logLevel: string; alarmWebhookSecret?: string; historyMax: number; historyMaxAge: number }) => {
      const logger = pino({ name: 'netintent-controller', level: o.logLevel }, pino.destination(2));
      const controller = new Controller(loadKubeConfig(o.kubeconfig), {
        namespace: o.namespace,
        ...(o.watchNamespace ? { watchNamespaces: o.watchNamespace } : {}),
        leaderElection: o.leaderElect,
        resyncMs: o.resync * 1000,
        concurrency: o.concurrency,
        deviceTimeoutMs: o.deviceTimeout * 1000,
        engine: { confirmTimeoutSec: o.confirmTimeout },
        journalDir: o.journalDir,
        history: { max: o.historyMax, maxAgeMs: o.historyMaxAge },
        logger,
        ...(o.alarmWebhookSecret ? { alarmWebhookSecret: o.alarmWebhookSecret } : {}),
        // Egress workflows are started when a Temporal is named (flag or $TEMPORAL_ADDRESS).
        ...(o.egress && (o.temporalAddress || process.env.TEMPORAL_ADDRESS) ? { temporal: temporalOptions(o, 'temporalNamespace'), egressRecheckSeconds: o.egressRecheck } : {}),
      });
      if (o.metricsAddr !== 'off') {
        const m = /^(.*):(\d+)$/.exec(o.metricsAddr);
        if (!m) throw new Error(`--metrics-addr: expected host:port, got ${o.metricsAddr}`);
        await controller.metrics.serve(m[1] || '0.0.0.0', Number(m[2]), () => controller.isReady).then(
          () => logger.info({ addr: o.metricsAddr }, 'metrics and health endpoints up'),
          (e: unknown) => logger.warn({ addr: o.metricsAddr, err: String(e) }, 'metrics endpoint not started'),
        );
      }
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'stopping');
        void controller.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      await controller.start();
    });
}
