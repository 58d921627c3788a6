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
