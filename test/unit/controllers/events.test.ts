import { describe, expect, it } from '@jest/globals';
import { COMBINED_PREFIX, EventRecorder } from '../../../controllers/runtime/events.js';
import { Outbox } from '../../../controllers/outbox.js';
import type { Obj } from '../../../apis/objects.js';
import { FakeEventsApi } from '../../support/fake-api.js';

const obj = (name = 'red', uid = `uid-${name}`): Obj => ({
  apiVersion: 'netintent.dev/v1alpha1',
  kind: 'VRF',
  metadata: { name, namespace: 'ns1', uid },
});

const setup = (windowMs = 600_000) => {
  let t = Date.parse('2026-01-01T00:00:00Z');
  const api = new FakeEventsApi();
  const outbox = new Outbox({ retryBaseMs: 10, retryMaxMs: 20 });
  const rec = new EventRecorder(api, { outbox, windowMs, now: () => new Date(t) });
  return { api, outbox, rec, tick: (ms: number) => (t += ms) };
};

describe('EventRecorder: aggregation like client-go’s EventCorrelator', () => {
  it('makes one Event of every retry of one reason on one object: count, lastTimestamp, latest message', async () => {
    const { api, rec, tick } = setup();
    for (let i = 1; i <= 50; i++) {
      await rec.record(obj(), 'Warning', 'DriftReverted', `pe1 no longer matched and was set back in tx-${i}:\n-  description "x"`);
      tick(1000);
    }
    const events = api.list();
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(e!.count).toBe(50);
    expect(e!.message).toBe(`${COMBINED_PREFIX}pe1 no longer matched and was set back in tx-50:\n-  description "x"`);
    expect(e!.firstTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(e!.lastTimestamp).toBe('2026-01-01T00:00:49Z');
    expect(api.calls.filter((c) => c === 'POST')).toHaveLength(1);
  });

  it('keeps the message as it is when the same event repeats', async () => {
    const { api, rec } = setup();
    for (let i = 0; i < 3; i++) await rec.record(obj(), 'Warning', 'DeviceUnreachable', 'pe1: connection refused');
    expect(api.list().map((e) => [e.message, e.count])).toEqual([['pe1: connection refused', 3]]);
  });

  it('keeps reasons, types and objects apart', async () => {
    const { api, rec } = setup();
    await rec.record(obj(), 'Warning', 'DriftReverted', 'a');
    await rec.record(obj(), 'Normal', 'Committed', 'b');
    await rec.record(obj(), 'Warning', 'CommitRejected', 'c');
    await rec.record(obj('blue'), 'Warning', 'DriftReverted', 'd');
    expect(api.list().map((e) => e.reason)).toEqual(['DriftReverted', 'Committed', 'CommitRejected', 'DriftReverted']);
  });

  it('starts a new Event once the window has passed', async () => {
    const { api, rec, tick } = setup(60_000);
    await rec.record(obj(), 'Warning', 'DriftReverted', 'a');
    tick(61_000);
    await rec.record(obj(), 'Warning', 'DriftReverted', 'b');
    expect(api.list().map((e) => [e.message, e.count])).toEqual([['a', 1], ['b', 1]]);
  });

  it('creates the Event again when the API server has expired it', async () => {
    const { api, rec } = setup();
    await rec.record(obj(), 'Warning', 'DriftReverted', 'a');
    api.events.clear(); // the event TTL ran out
    await rec.record(obj(), 'Warning', 'DriftReverted', 'a');
    expect(api.list().map((e) => e.count)).toEqual([2]);
  });

  it('bounds the message (1 KB) with a visible marker', async () => {
    const { api, rec } = setup();
    await rec.record(obj(), 'Warning', 'CommitRejected', `pe1: ${'€'.repeat(200_000)}`);
    const [e] = api.list();
    expect(Buffer.byteLength(e!.message)).toBeLessThanOrEqual(1024);
    expect(e!.message).toMatch(/^pe1: €+… \[truncated [\d,]+ bytes\]$/);
  });

  it('writes the Events raised during an API server outage, in order, once it is back', async () => {
    const { api, outbox, rec } = setup();
    api.down = true;
    await rec.record(obj(), 'Warning', 'DriftReverted', 'reverted in tx-1');
    await rec.record(obj('blue'), 'Normal', 'Committed', 'committed in tx-2');
    await rec.record(obj(), 'Warning', 'DriftReverted', 'reverted in tx-3');
    expect(outbox.size).toBe(2); // the red aggregate waits once, with its latest state
    api.down = false;
    expect(await outbox.drain(2000)).toBe(true);
    expect(api.list().map((e) => [e.metadata.name.split('.')[0], e.reason, e.count, e.message])).toEqual([
      ['red', 'DriftReverted', 2, `${COMBINED_PREFIX}reverted in tx-3`],
      ['blue', 'Committed', 1, 'committed in tx-2'],
    ]);
  });
});
