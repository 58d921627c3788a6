// An API server that accepts a connection and never answers must not stall a reconcile: the
// request fails with ETIMEDOUT, which the outbox counts as an outage and writes again later.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { RestClient } from '../../../adapters/k8s/rest.js';
import { isOutage } from '../../../controllers/outbox.js';

let server: Server;
let kc: KubeConfig;

beforeAll(async () => {
  server = createServer((req) => {
    if (req.url === '/ok') req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
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
