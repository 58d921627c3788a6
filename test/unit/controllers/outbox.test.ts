import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../../adapters/k8s/rest.js';
import { isOutage, Outbox } from '../../../controllers/outbox.js';
import { connRefused } from '../../support/fake-api.js';

/** A fake API server: writes land in `log` unless it is down. */
const server = () => {
  const s = { down: false, log: [] as string[] };
  const write = (what: string) => async () => {
    if (s.down) throw connRefused();
    s.log.push(what);
  };
  return { s, write };
};

describe('Outbox', () => {
  it('writes at once while the API server answers', async () => {
    const { s, write } = server();
    const box = new Outbox();
    expect(await box.status('a', write('status a'))).toBe(true);
    expect(await box.event('e1', write('event 1'))).toBe(true);
    expect(s.log).toEqual(['status a', 'event 1']);
    expect(box.size).toBe(0);
  });

  it('keeps Events in order and only the newest status per object, then writes them when the API server is back', async () => {
    const { s, write } = server();
    const box = new Outbox({ retryBaseMs: 10, retryMaxMs: 40 });
    s.down = true;
    await box.status('a', write('status a1'));
    await box.event('e1', write('event 1'));
    await box.status('b', write('status b1'));
    await box.event('e2', write('event 2'));
    await box.status('a', write('status a2'));
    await new Promise((r) => setTimeout(r, 100)); // a few failed flushes
    expect(s.log).toEqual([]);
    s.down = false;
    expect(await box.drain(2000)).toBe(true);
    expect(s.log).toEqual(['event 1', 'event 2', 'status b1', 'status a2']);
  });

  it('queues new writes behind waiting ones, so an old status never lands after a new one', async () => {
    const { s, write } = server();
    const box = new Outbox({ retryBaseMs: 50 });
    s.down = true;
    await box.status('a', write('status a1'));
    s.down = false; // back, but the queued write has not been flushed yet
    expect(await box.status('a', write('status a2'))).toBe(false);
    expect(await box.drain(2000)).toBe(true);
    expect(s.log).toEqual(['status a2']);
  });

  it('is bounded: the oldest Events are dropped and counted', async () => {
    const { s, write } = server();
    const errors: unknown[] = [];
    const box = new Outbox({ maxEvents: 3, retryBaseMs: 10, onError: (e) => errors.push(e) });
    s.down = true;
    for (let i = 1; i <= 5; i++) await box.event(`e${i}`, write(`event ${i}`));
    expect(box.dropped).toBe(2);
    expect(errors.length).toBe(2);
    s.down = false;
    await box.drain(2000);
    expect(s.log).toEqual(['event 3', 'event 4', 'event 5']);
  });

  it('gives a refusal back to the caller', async () => {
    const box = new Outbox();
    await expect(box.status('a', () => Promise.reject(new ApiError(404, 'NotFound', 'gone')))).rejects.toThrow('gone');
    expect(box.size).toBe(0);
  });

  it('tells an outage from a refusal', () => {
    expect(isOutage(connRefused())).toBe(true);
    expect(isOutage(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isOutage(new ApiError(503, 'ServiceUnavailable', 'etcd not ready'))).toBe(true);
    expect(isOutage(new ApiError(422, 'Invalid', 'Too long'))).toBe(false);
    expect(isOutage(new ApiError(404, 'NotFound', 'gone'))).toBe(false);
    expect(isOutage(new Error('kubeconfig has no current cluster'))).toBe(false);
  });
});
