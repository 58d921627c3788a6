import { Command } from 'commander';
import { pino } from 'pino';
import { runWorker } from '../../workflows/worker.js';
import { addTemporalOptions, temporalOptions, type TemporalFlags } from '../temporal-options.js';
import { loadKubeConfig } from './controller.js';

export function workerCommand(): Command {
  const cmd = new Command('worker')
    .description('Run the Temporal worker of the cluster egress workflows (Ctrl-C stops it gracefully).')
    .option('--kubeconfig <file>', 'kubeconfig of the management cluster: intents, VRFs, workload-cluster kubeconfig Secrets')
    .option('--poll <seconds>', 'how often a workflow waiting for its PE side looks again', '1')
    .option('--log-level <level>', 'trace, debug, info, warn, error', 'info');
  return addTemporalOptions(cmd, '--namespace').action(async (o: TemporalFlags & { kubeconfig?: string; poll: string; logLevel: string }) => {
    const log = pino({ name: 'netintent-worker', level: o.logLevel }, pino.destination(2));
    const pollMs = Number(o.poll) * 1000;
    if (!(pollMs > 0)) throw new Error('--poll must be a positive number of seconds');
    const stop = new AbortController();
    for (const s of ['SIGINT', 'SIGTERM'] as const)
      process.once(s, () => {
        log.info({ signal: s }, 'stopping');
        stop.abort();
      });
    const temporal = temporalOptions(o, 'namespace');
    log.info({ address: temporal.address, namespace: temporal.namespace, taskQueue: temporal.taskQueue }, 'bundling workflows and connecting');
    await runWorker({ temporal, kubeConfig: loadKubeConfig(o.kubeconfig), log, signal: stop.signal, pollMs });
  });
}
