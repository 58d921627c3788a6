// The worker process: runs the egress workflows and their activities on one task queue,
// and keeps doing so across Temporal outages (reconnects with backoff) until stopped.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubeConfig } from '@kubernetes/client-node';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from './activities.js';
import { connectionOptions, type TemporalOptions } from './connection.js';

/** The bundle entry: compiled JavaScript next to this file, or the TypeScript source under ts-jest. */
export function workflowsPath(): string {
  const js = fileURLToPath(new URL('./index.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}

export interface WorkerOptions {
  temporal: TemporalOptions;
  kubeConfig: KubeConfig;
  log: Logger;
  /** Stops the worker (gracefully: running activities finish or are handed back). */
  signal: AbortSignal;
  /** A prebuilt bundle (tests bundle once per suite); otherwise bundled at start, once. */
  workflowBundle?: WorkflowBundle;
  pollMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function runWorker(o: WorkerOptions): Promise<void> {
  const activities = createActivities({ kubeConfig: o.kubeConfig, pollMs: o.pollMs });
  const { address, namespace, taskQueue } = o.temporal;
  // Bundled once: reconnecting must not pay for webpack again.
  const workflowBundle = o.workflowBundle ?? (await bundleWorkflowCode({ workflowsPath: workflowsPath() }));
  let backoff = 1000;
  while (!o.signal.aborted) {
    let connection: NativeConnection | undefined;
    try {
      connection = await NativeConnection.connect(connectionOptions(o.temporal));
      const worker = await Worker.create({
        connection,
        namespace,
        taskQueue,
        activities,
        workflowBundle,
      });
      o.log.info({ address, namespace, taskQueue }, 'worker polling');
      backoff = 1000;
      await worker.runUntil(new Promise<void>((resolve) => (o.signal.aborted ? resolve() : o.signal.addEventListener('abort', () => resolve(), { once: true }))));
    } catch (e) {
      if (o.signal.aborted) break;
      o.log.warn({ address, err: (e as Error).message, retryInMs: backoff }, 'worker lost Temporal; reconnecting');
      await sleep(backoff, o.signal);
      backoff = Math.min(backoff * 2, 30_000);
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
  o.log.info('worker stopped');
}
