// The history writer: off the commit path through a bounded buffer (drops counted), waits
// out an API server outage, and prunes oldest first by count and by age.
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { ApiError, type RestClient } from '../../../../adapters/k8s/rest.js';
import { HistoryRecorder, type HistoryResult } from '../../../../controllers/history/recorder.js';
import type { TransactionRecord } from '../../../../devices/history.js';

/** An in-memory DeviceTransaction collection behind the RestClient's request(). */
class FakeApi {
  objects = new Map<string, { metadata: { name: string }; spec: { time: string }; status?: unknown }>();
  down = false;
  posts = 0;
  request(method: string, path: string, body?: unknown): Promise<unknown> {
    if (this.down) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const name = path.split('?')[0]!.split('/devicetransactions')[1]?.replace(/^\//, '');
    if (method === 'POST') {
      this.posts++;
      const o = body as { metadata: { name: string }; spec: { time: string } };
      if (this.objects.has(o.metadata.name)) return Promise.reject(new ApiError(409, 'AlreadyExists', 'exists'));
      this.objects.set(o.metadata.name, o);
      return Promise.resolve(o);
    }
    if (method === 'GET') return Promise.resolve({ items: [...this.objects.values()], metadata: {} });
    if (method === 'PATCH' && name?.endsWith('/status')) {
      const o = this.objects.get(name.slice(0, -'/status'.length));
      if (!o) return Promise.reject(new ApiError(404, 'NotFound', 'gone'));
      o.status = (body as { status: unknown }).status;
      return Promise.resolve(o);
    }
    if (method === 'DELETE') return this.objects.delete(name!) ? Promise.resolve({}) : Promise.reject(new ApiError(404, 'NotFound', 'gone'));
    return Promise.reject(new Error(`unexpected ${method}`));
  }
}

const rec = (id: string, time = new Date()): TransactionRecord => ({ id, time, outcome: 'Committed', intents: [{ key: 'VRF/ns/a' }], devices: [{ name: 'pe1', namespace: 'ns', state: 'Synced', diff: '+ x' }] });

function setup(o: { max?: number; maxAgeMs?: number; buffer?: number } = {}) {
  const api = new FakeApi();
  const counts: Record<string, number> = {};
  const h = new HistoryRecorder(api as unknown as RestClient, 'sys', { max: o.max ?? 100, maxAgeMs: o.maxAgeMs ?? 3_600_000, retryMaxMs: 20, ...(o.buffer ? { buffer: o.buffer } : {}) }, pino({ level: 'silent' }), (r: HistoryResult, n = 1) => {
    counts[r] = (counts[r] ?? 0) + n;
  });
  return { api, h, counts };
}

describe('HistoryRecorder', () => {
  it('returns at once and writes in the background', async () => {
    const { api, h, counts } = setup();
    h.record(rec('tx-1'));
    expect(api.posts).toBe(0); // not on the caller's path
    await h.idle();
    expect([...api.objects.keys()]).toEqual(['tx-1']);
    expect(counts).toEqual({ written: 1 });
  });

  it('keeps records through an outage up to the buffer, and counts what it drops', async () => {
    const { api, h, counts } = setup({ buffer: 3 });
    api.down = true;
    for (let i = 1; i <= 5; i++) h.record(rec(`tx-${i}`));
    expect(h.waiting).toBe(3);
    expect(counts.dropped).toBe(2);
    await new Promise((r) => setTimeout(r, 50));
    api.down = false;
    await h.idle();
    expect([...api.objects.keys()]).toEqual(['tx-1', 'tx-2', 'tx-3']);
  });

  it('prunes oldest first beyond the count, and anything older than the age, including what earlier processes wrote', async () => {
    const { api, h } = setup({ max: 3, maxAgeMs: 60_000 });
    const now = Date.now();
    api.objects.set('tx-ancient', { metadata: { name: 'tx-ancient' }, spec: { time: new Date(now - 120_000).toISOString() } });
    api.objects.set('tx-old', { metadata: { name: 'tx-old' }, spec: { time: new Date(now - 30_000).toISOString() } });
    await h.start();
    expect([...api.objects.keys()]).toEqual(['tx-old']); // past the age
    for (let i = 1; i <= 3; i++) h.record(rec(`tx-${i}`, new Date(now + i)));
    await h.idle();
    await h.prune();
    expect([...api.objects.keys()].sort()).toEqual(['tx-1', 'tx-2', 'tx-3']); // tx-old was the oldest beyond 3
    await h.stop();
  });

  it('records nothing with max 0', async () => {
    const { api, h } = setup({ max: 0 });
    h.record(rec('tx-1'));
    await h.idle();
    expect(api.posts).toBe(0);
  });
});

describe('HistoryRecorder retries', () => {
  it('counts a failure that repeats unchanged on retry on its first record, and records it anew once it succeeded in between', async () => {
    const { api, h, counts } = setup();
    const failed = (id: string, message = 'refused'): TransactionRecord => ({ ...rec(id), outcome: 'Failed', error: { device: 'pe1', reason: 'CommitRejected', message } });
    h.record(failed('tx-1'));
    h.record(failed('tx-2'));
    h.record(failed('tx-2b'));
    h.record(failed('tx-3', 'another reason'));
    h.record(rec('tx-4'));
    h.record(failed('tx-5'));
    await h.idle();
    expect([...api.objects.keys()]).toEqual(['tx-1', 'tx-3', 'tx-4', 'tx-5']);
    expect(counts.repeated).toBe(2);
    expect(api.objects.get('tx-1')!.status).toEqual({ repeats: 2, lastTime: expect.any(String), lastTransaction: 'tx-2b' });
    expect(api.objects.get('tx-3')!.status).toBeUndefined();
  });
});
