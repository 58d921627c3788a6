// Alarms end to end: a real controller with SR OS simulators as devices, its /metrics
// scraped over 127.0.0.1, and a webhook receiver on 127.0.0.1 that refuses the first POSTs.
// A device that goes away raises DeviceUnreachable once and clears it when it is back; a
// commit the device refuses raises CommitRejected; drift is counted; and every metric the
// alert rules and the Grafana dashboard name is one the controller exports.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { pino } from 'pino';
import { projectRoot } from '../../adapters/paths.js';
import type { AlarmEvent } from '../../controllers/alarms.js';
import { dashboardExpressions, exportedNames, metricNames, ruleExpressions } from '../support/promql.js';
import { exampleUnderlay, Lab, loadConfig, sleep, waitFor } from './controller-lab.js';

const FILES = join(projectRoot(), 'deploy', 'helm', 'netintent', 'files');
const SECRETS = { path: 'p4thSecret', query: 'qu3rySecret', token: 'b3arerSecret' };

let lab: Lab;
let metricsServer: Server;
let metricsUrl: string;
const logs: string[] = [];
const sros = (n: string) => lab.sros.get(n)!;

/** The webhook receiver: answers 503 while `refuse` > 0, records what it takes. */
const hook = { refuse: 0, attempts: 0, events: [] as AlarmEvent[], headers: [] as IncomingHttpHeaders[], urls: [] as string[] };
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    hook.attempts++;
    if (hook.refuse > 0) {
      hook.refuse--;
      res.writeHead(503).end();
      return;
    }
    hook.events.push(JSON.parse(body) as AlarmEvent);
    hook.headers.push(req.headers);
    hook.urls.push(req.url ?? '');
    res.writeHead(204).end();
  });
});

const vrf = (name: string, device: string) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name },
    spec: { description: `tenant ${name}`, endpoints: [{ device, port: '1/1/c3/1', vlan: 300 + name.length, ipv4: `10.9.${name.length}.1/24` }] },
  }) as KubernetesObject;

const scrape = async () => (await fetch(metricsUrl)).text();
const sample = (page: string, name: string, labels: Record<string, string>) => {
  const line = page.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
};
const eventOf = (alarm: string, name: string, state: AlarmEvent['state']) => hook.events.find((e) => e.alarm === alarm && e.object.name === name && e.state === state);

beforeAll(async () => {
  const port = await new Promise<number>((r) => receiver.listen(0, '127.0.0.1', () => r((receiver.address() as AddressInfo).port)));
  lab = await Lab.create('alarm');
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2')]);
  const url = `http://127.0.0.1:${port}/hooks/${SECRETS.path}?key=${SECRETS.query}`;
  await lab.apply([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'noc-webhook' }, stringData: { url, token: SECRETS.token, headers: '{"x-noc":"netintent"}' } } as KubernetesObject]);
  const logger = pino({ level: 'info' }, { write: (s: string) => void logs.push(s) });
  const controller = await lab.startController({ resyncMs: 1500, logger, alarmWebhookSecret: `${lab.ns}/noc-webhook`, alarmWebhook: { baseDelayMs: 100, maxDelayMs: 400 } });
  metricsServer = await controller.metrics.serve('127.0.0.1', 0, () => true);
  metricsUrl = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}/metrics`;
  await lab.apply(lab.devices());
  for (const d of ['pe1', 'pe2']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterAll(async () => {
  metricsServer?.close();
  await lab?.stop();
  receiver.close();
});

describe('alarms', () => {
  it('raises DeviceUnreachable once through a failing webhook, and clears it when the device is back', async () => {
    hook.refuse = 2;
    const port = sros('pe2').port;
    await sros('pe2').close();
    await lab.apply([vrf('away', 'pe2')]);
    await lab.waitCondition('NetworkDevice', 'pe2', 'Reachable', 'False', 'DeviceUnreachable', 60_000);
    const raised = await waitFor('the raise at the webhook', () => eventOf('DeviceUnreachable', 'pe2', 'raised'));
    expect(raised).toMatchObject({ severity: 'critical', device: 'pe2', reason: 'DeviceUnreachable', object: { kind: 'NetworkDevice', namespace: lab.ns, name: 'pe2' } });
    expect(new Date(raised.time).getTime()).toBeGreaterThan(Date.now() - 120_000);
    expect(hook.attempts).toBeGreaterThanOrEqual(hook.events.length + 2); // the two refused POSTs were sent again
    let page = await scrape();
    expect(sample(page, 'netintent_device_reachable', { namespace: lab.ns, device: 'pe2' })).toBe(0);
    expect(sample(page, 'netintent_device_reachable', { namespace: lab.ns, device: 'pe1' })).toBe(1);
    expect(sample(page, 'netintent_alarm_active', { alarm: 'DeviceUnreachable', name: 'pe2', severity: 'critical' })).toBe(1);
    expect(sample(page, 'netintent_alarm_webhook_deliveries_total', { result: 'retried' })).toBeGreaterThanOrEqual(2);
    await sleep(4000); // resyncs (every 1.5 s) of a device still down raise nothing new
    expect(hook.events.filter((e) => e.alarm === 'DeviceUnreachable' && e.object.name === 'pe2').map((e) => e.state)).toEqual(['raised']);

    await lab.startSros('pe2', port);
    await lab.waitCondition('NetworkDevice', 'pe2', 'Reachable', 'True', undefined, 60_000);
    const cleared = await waitFor('the clear at the webhook', () => eventOf('DeviceUnreachable', 'pe2', 'cleared'));
    expect(hook.events.indexOf(cleared)).toBeGreaterThan(hook.events.indexOf(raised));
    page = await scrape();
    expect(sample(page, 'netintent_device_reachable', { namespace: lab.ns, device: 'pe2' })).toBe(1);
    expect(sample(page, 'netintent_alarm_active', { alarm: 'DeviceUnreachable', name: 'pe2' })).toBeUndefined();
    // The Secret's token and headers went out, to its URL ...
    expect(hook.headers[0]).toMatchObject({ authorization: `Bearer ${SECRETS.token}`, 'x-noc': 'netintent', 'content-type': 'application/json' });
    expect(hook.urls[0]).toBe(`/hooks/${SECRETS.path}?key=${SECRETS.query}`);
    // ... and none of it into the log, which names the receiver by host only.
    const log = logs.join('');
    expect(log).toContain('alarm webhook failed; retrying with backoff');
    expect(log).toContain(`"receiver":"http://127.0.0.1:${new URL(`http://${hook.headers[0]!.host}`).port}"`);
    for (const s of Object.values(SECRETS)) expect(log).not.toContain(s);
  }, 120_000);

  it('raises CommitRejected for a commit the device refuses, clears it once it lands, and counts it and the drift after it', async () => {
    sros('pe1').faults.rejectCommits = 'simulated: commit refused by pe1';
    await lab.apply([vrf('red', 'pe1')]);
    await lab.waitCondition('VRF', 'red', 'Synced', 'False', 'CommitRejected');
    const raised = await waitFor('the CommitRejected raise', () => eventOf('CommitRejected', 'red', 'raised'));
    expect(raised).toMatchObject({ severity: 'warning', device: 'pe1', object: { kind: 'VRF', name: 'red' }, message: expect.stringContaining('simulated: commit refused by pe1') });
    expect(sample(await scrape(), 'netintent_commit_failures_total', { device: 'pe1', reason: 'CommitRejected' })).toBeGreaterThanOrEqual(1);
    sros('pe1').faults.rejectCommits = undefined;
    await lab.waitCondition('VRF', 'red', 'Ready', 'True', undefined, 30_000);
    await waitFor('the CommitRejected clear', () => eventOf('CommitRejected', 'red', 'cleared'));
    // Someone puts pe1 back to its startup config: the resync reverts it and counts the drift.
    await loadConfig(sros('pe1'), exampleUnderlay('pe1'));
    await waitFor('the drift counted', async () => (sample(await scrape(), 'netintent_drift_detected_total', { device: 'pe1', kind: 'VRF' }) ?? 0) >= 1, 30_000);
  }, 90_000);

  it('exports every metric the alert rules and the Grafana dashboard query, with pool and queue samples', async () => {
    expect(metricNames('sum by (kind, le) (rate(a_total{x="y"}[5m])) / on(pool) b or vector(0) unless c offset 10m > $__x')).toEqual(['a_total', 'b', 'c']);
    const page = await scrape();
    const exported = exportedNames(page);
    const queries = [...ruleExpressions(join(FILES, 'prometheus-rules.yaml')), ...dashboardExpressions(join(FILES, 'grafana-dashboard.json'))];
    const used = queries.map((q) => ({ ...q, names: metricNames(q.expr) }));
    expect(used.filter((q) => q.names.length === 0)).toEqual([]);
    expect(used.flatMap((q) => q.names.filter((n) => !exported.has(n)).map((n) => `${q.name}: ${n}`))).toEqual([]);
    expect(new Set(used.flatMap((q) => q.names)).size).toBeGreaterThanOrEqual(10);
    // The pool the VRF's service id came from, and the time keys waited in the queue.
    expect(sample(page, 'netintent_allocation_pool_capacity', { pool: `service-id/${lab.ns}/pe1` })).toBe(65535 - 1000 + 1);
    expect(sample(page, 'netintent_allocation_pool_used', { pool: `service-id/${lab.ns}/pe1` })).toBeGreaterThanOrEqual(1);
    expect(Number(/^netintent_workqueue_queue_duration_seconds_count\{kind="VRF"\} (\d+)/m.exec(page)?.[1])).toBeGreaterThan(0);
  });
});
