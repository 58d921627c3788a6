// An API server that accepts a connection and never answers must not stall a reconcile: the
// request fails with ETIMEDOUT, which the outbox counts as an outage and writes again later.
// A 429 ("storage is (re)initializing" while a new CRD's watch cache fills) is retried after
// its Retry-After, as client-go does.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { RestClient } from '../../../adapters/k8s/rest.js';
import { isOutage } from '../../../controllers/outbox.js';

let server: Server;
let busy = 0;
let kc: KubeConfig;

beforeAll(async () => {
  server = createServer((req) => {
    if (req.url === '/ok') req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    if (req.url === '/busy') {
      const body = busy-- > 0 ? JSON.stringify({ reason: 'TooManyRequests', message: 'storage is (re)initializing' }) : '{}';
      const head = busy >= 0 ? 'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\n' : 'HTTP/1.1 200 OK\r\n';
      req.socket.end(`${head}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    }
    // anything else: never answered
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it('fails a request the API server never answers with ETIMEDOUT, an outage', async () => {
  const rest = new RestClient(kc, { timeoutMs: 200 });
  const started = Date.now();
  const e = (await rest.request('PUT', '/api/v1/namespaces/x/events/y', {}).catch((err: unknown) => err)) as Error & { code?: string };
  expect(e.code).toBe('ETIMEDOUT');
  expect(e.message).toMatch(/no answer from the API server within 200 ms/);
  expect(isOutage(e)).toBe(true);
  expect(Date.now() - started).toBeLessThan(5000);
  await expect(rest.request('GET', '/ok')).resolves.toEqual({});
});

it('retries a 429 after its Retry-After, and gives up after busyRetryMs', async () => {
  busy = 3;
  await expect(new RestClient(kc).request('GET', '/busy')).resolves.toEqual({});
  busy = 100;
  const e = (await new RestClient(kc, { busyRetryMs: 300 }).request('GET', '/busy').catch((err: unknown) => err)) as { code?: number; message?: string };
  expect(e.code).toBe(429);
  expect(e.message).toBe('storage is (re)initializing');
});
