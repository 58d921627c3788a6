// Prometheus metrics of the controller, and the small HTTP server that serves them with
// the health endpoints.
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly reconciles = new Counter({ name: 'netintent_reconcile_total', help: 'Reconciles by kind and result.', labelNames: ['kind', 'result'], registers: [this.registry] });
  readonly reconcileSeconds = new Histogram({ name: 'netintent_reconcile_duration_seconds', help: 'Reconcile duration.', labelNames: ['kind'], registers: [this.registry] });
  readonly transactions = new Counter({ name: 'netintent_transactions_total', help: 'Device transactions by result.', labelNames: ['result'], registers: [this.registry] });
  readonly deviceCommits = new Counter({ name: 'netintent_device_commits_total', help: 'Commits issued per device.', labelNames: ['device'], registers: [this.registry] });
  readonly historyRecords = new Counter({
    name: 'netintent_history_records_total',
    help: 'DeviceTransaction records by result: written, dropped (buffer full), failed (refused), pruned (retention), repeated (the same failure again on retry: not recorded).',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({ name: 'netintent_workqueue_depth', help: 'Keys waiting per kind.', labelNames: ['kind'], registers: [this.registry] });
  // controller-runtime's workqueue_queue_duration_seconds: how long a key waits before a worker takes it.
  readonly queueWait = new Histogram({
    name: 'netintent_workqueue_queue_duration_seconds',
    help: 'How long a key waits in the work queue before a worker takes it, per kind.',
    labelNames: ['kind'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });
  // Alarm series (controllers/alarms.ts): per device or per object in alarm only, so
  // cardinality follows the fleet's size, not the number of intents.
  readonly deviceReachable = new Gauge({ name: 'netintent_device_reachable', help: "1 when the NetworkDevice's Reachable condition is True, 0 when False.", labelNames: ['namespace', 'device'], registers: [this.registry] });
  readonly alarmActive = new Gauge({
    name: 'netintent_alarm_active',
    help: 'An alarm standing on an object (the series exists only while it does).',
    labelNames: ['alarm', 'severity', 'kind', 'namespace', 'name'],
    registers: [this.registry],
  });
  readonly commitFailures = new Counter({
    name: 'netintent_commit_failures_total',
    help: 'Intent transactions a device failed, by device and reason (CommitRejected: the device refused the configuration).',
    labelNames: ['device', 'reason'],
    registers: [this.registry],
  });
  readonly driftDetected = new Counter({
    name: 'netintent_drift_detected_total',
    help: 'Drift found on a device (reverted or, with drift-policy report, reported), by device and intent kind.',
    labelNames: ['device', 'kind'],
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'netintent_alarm_webhook_deliveries_total',
    help: 'Alarm webhook POSTs by result: delivered, retried (will be sent again), rejected (the receiver refused the event: dropped).',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly webhookDropped = new Counter({ name: 'netintent_alarm_webhook_dropped_total', help: 'Alarm events dropped because the webhook queue was full (the oldest go first).', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'netintent_' });
  }

  /**
   * Totals another component keeps, read when scraped: the benchmark and a NOC see the write
   * amplification (status writes, device reads per round) without a second counter to drift.
   */
  totals(read: { statusWrites: () => number; deviceReads: () => number; allocationWrites: () => number }) {
    const total = (name: string, help: string, value: () => number) =>
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(value());
        },
      });
    total('netintent_status_writes_total', 'Status writes to the API server (0 on a resync that changes nothing).', read.statusWrites);
    total('netintent_device_reads_total', 'Device reads (one per device per round).', read.deviceReads);
    total('netintent_allocation_writes_total', 'Allocation ConfigMap writes.', read.allocationWrites);
  }

  /** Allocation pools' values in use and their size, read when scraped (a pool whose range is not known yet has no capacity). */
  pools(read: () => { pool: string; used: number; capacity?: number }[]) {
    const gauge = (name: string, help: string, value: (p: ReturnType<typeof read>[number]) => number | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool'],
        registers: [this.registry],
        collect() {
          this.reset();
          for (const p of read()) {
            const v = value(p);
            if (v !== undefined) this.set({ pool: p.pool }, v);
          }
        },
      });
    gauge('netintent_allocation_pool_used', 'Values allocated in each pool.', (p) => p.used);
    gauge('netintent_allocation_pool_capacity', 'Values each pool can hold.', (p) => p.capacity);
  }

  /** Serves /metrics, /healthz and /readyz (ready once `ready()` says so). */
  serve(host: string, port: number, ready: () => boolean): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.url === '/metrics') {
        void this.registry.metrics().then((m) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(m));
      } else if (req.url === '/healthz') res.writeHead(200).end('ok\n');
      else if (req.url === '/readyz') res.writeHead(ready() ? 200 : 503).end(ready() ? 'ok\n' : 'not leading, and not standing by on a reachable Lease\n');
      else res.writeHead(404).end();
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }
}
