// The alarm webhook's queue and the Secret's validation, against a port nothing listens on
// (so every POST fails) and a RestClient stand-in that serves one Secret.
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { RestClient } from '../../../adapters/k8s/rest.js';
import { AlarmWebhook, readWebhookSecret, receiverName } from '../../../controllers/alarm-webhook.js';
import type { AlarmEvent } from '../../../controllers/alarms.js';
import { Metrics } from '../../../controllers/metrics.js';

const event = (n: number): AlarmEvent => ({ alarm: 'OperDown', severity: 'critical', state: 'raised', time: '2026-01-01T00:00:00Z', object: { apiVersion: 'v1', kind: 'VRF', namespace: 'ns', name: `v${n}` }, reason: 'OperDown', message: 'down' });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const restWith = (data: Record<string, string>) => ({ request: async () => ({ data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) }) }) as unknown as RestClient;

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('AlarmWebhook', () => {
  it('keeps at most maxQueue events, dropping the oldest, counting and logging it without the URL', async () => {
    const port = await closedPort();
    const metrics = new Metrics();
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    const url = new URL(`http://user:pa55@127.0.0.1:${port}/secret-path?token=qs3cret`);
    const w = new AlarmWebhook(async () => ({ url, headers: {} }), metrics, log, { maxQueue: 3, baseDelayMs: 50, maxDelayMs: 100 });
    for (let i = 0; i < 5; i++) w.send(event(i));
    expect(w.waiting).toBe(3);
    expect((await metrics.webhookDropped.get()).values[0]!.value).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect((await metrics.webhookDeliveries.get()).values.find((v) => v.labels.result === 'retried')!.value).toBeGreaterThanOrEqual(2);
    await w.stop(10);
    const text = lines.join('');
    expect(text).toContain('oldest event dropped');
    expect(text).toContain(`"receiver":"http://127.0.0.1:${port}"`);
    for (const s of ['pa55', 'secret-path', 'qs3cret', 'user']) expect(text).not.toContain(s);
  });

  it('reads url, token, headers and ca from the Secret, and refuses bad ones without quoting them', async () => {
    const t = await readWebhookSecret(restWith({ url: 'https://noc.example:8443/in?k=v', token: 'tok', headers: '{"x-a":"1"}', ca: 'PEM' }), 'ns/hook');
    expect(t).toMatchObject({ headers: { 'x-a': '1', authorization: 'Bearer tok' }, ca: 'PEM' });
    expect(receiverName(t.url)).toBe('https://noc.example:8443');
    await expect(readWebhookSecret(restWith({ token: 'tok' }), 'ns/hook')).rejects.toThrow('has no "url" key');
    await expect(readWebhookSecret(restWith({ url: 'not a url s3cret' }), 'ns/hook')).rejects.toThrow(/"url" is not a URL$/);
    await expect(readWebhookSecret(restWith({ url: 'ftp://x/' }), 'ns/hook')).rejects.toThrow('must be http or https');
    await expect(readWebhookSecret(restWith({ url: 'http://x/', headers: '["a"]' }), 'ns/hook')).rejects.toThrow('JSON object of strings');
  });

  it('retries a 401 with the Secret read again, drops an event the receiver refuses (400), and keeps the order', async () => {
    const answers = [401, 400, 204, 204];
    const got: { name: string; status: number; auth?: string }[] = [];
    const server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const status = answers.shift() ?? 204;
        got.push({ name: (JSON.parse(body) as AlarmEvent).object.name, status, auth: req.headers.authorization });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    let reads = 0;
    const metrics = new Metrics();
    const w = new AlarmWebhook(async () => ({ url, headers: { authorization: `Bearer t${++reads}` } }), metrics, pino({ level: 'silent' }), { baseDelayMs: 20 });
    w.send(event(1));
    w.send(event(2));
    w.send(event(3));
    for (let i = 0; i < 100 && got.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    await w.stop(100);
    server.close();
    expect(got).toEqual([
      { name: 'v1', status: 401, auth: 'Bearer t1' },
      { name: 'v1', status: 400, auth: 'Bearer t2' }, // read again after the 401; then refused: dropped
      { name: 'v2', status: 204, auth: 'Bearer t2' },
      { name: 'v3', status: 204, auth: 'Bearer t2' },
    ]);
    expect((await metrics.webhookDeliveries.get()).values.map((v) => [v.labels.result, v.value]).sort()).toEqual([['delivered', 2], ['rejected', 1], ['retried', 1]]);
  });
});
