import { describe, expect, it } from '@jest/globals';
import { WorkQueue } from '../../../controllers/runtime/queue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(5);
  expect(cond()).toBe(true);
};

describe('WorkQueue', () => {
  it('queues a key once however often it is added', async () => {
    const q = new WorkQueue({ concurrency: 1 });
    const seen: string[] = [];
    q.add('a');
    q.add('a');
    q.add('b');
    q.add('a');
    q.start(async (k) => void seen.push(k));
    await until(() => seen.length >= 2);
    await sleep(30);
    expect(seen).toEqual(['a', 'b']);
    await q.shutdown();
  });

  it('never runs one key on two workers, and runs it again when it changed meanwhile', async () => {
    const q = new WorkQueue({ concurrency: 4 });
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    q.start(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(30);
      runs++;
      running--;
    });
    q.add('k');
    await sleep(5);
    q.add('k'); // while processing: marked dirty
    q.add('k');
    await until(() => runs === 2);
    await sleep(50);
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
    await q.shutdown();
  });

  it('works on different keys in parallel', async () => {
    const q = new WorkQueue({ concurrency: 3 });
    let running = 0;
    let maxRunning = 0;
    let done = 0;
    q.start(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(40);
      running--;
      done++;
    });
    ['a', 'b', 'c'].forEach((k) => q.add(k));
    await until(() => done === 3);
    expect(maxRunning).toBe(3);
    await q.shutdown();
  });

  it('retries failures with growing, capped delays, then forgets them on success', async () => {
    const q = new WorkQueue({ concurrency: 1, baseDelayMs: 10, maxDelayMs: 40 });
    const at: number[] = [];
    q.start(async () => {
      at.push(Date.now());
      if (at.length < 5) throw new Error('not yet');
    });
    q.add('k');
    await until(() => at.length === 5, 3000);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    expect(gaps[1]).toBeGreaterThanOrEqual(19);
    expect(gaps[2]).toBeGreaterThanOrEqual(38);
    expect(gaps[3]).toBeLessThan(80); // capped at 40 ms
    expect(q.retryDelay('k')).toBe(10); // forgotten after success
    await q.shutdown();
  });

  it('bounds the overall retry rate with a token bucket', () => {
    const q = new WorkQueue({ baseDelayMs: 1, retryQps: 10, retryBurst: 2 });
    expect(q.retryDelay('a')).toBe(1);
    expect(q.retryDelay('b')).toBe(1);
    expect(q.retryDelay('c')).toBeGreaterThanOrEqual(90); // bucket empty: ~100 ms at 10/s
  });

  it('requeues after the delay a reconcile asks for', async () => {
    const q = new WorkQueue({ concurrency: 1 });
    const at: number[] = [];
    q.start(async () => {
      at.push(Date.now());
      return at.length < 2 ? { requeueAfterMs: 50 } : undefined;
    });
    q.add('k');
    await until(() => at.length === 2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(45);
    await q.shutdown();
  });

  it('shuts down after the keys in flight finish', async () => {
    const q = new WorkQueue({ concurrency: 1 });
    let finished = false;
    q.start(async () => {
      await sleep(50);
      finished = true;
    });
    q.add('k');
    await sleep(10);
    await q.shutdown();
    expect(finished).toBe(true);
    q.add('after');
    expect(q.length).toBe(0);
  });

  it('reports how long each key waited for a worker, from its first add', async () => {
    const waits: number[] = [];
    const q = new WorkQueue({ concurrency: 1, onWait: (s) => waits.push(s) });
    q.add('a');
    await sleep(120);
    q.add('a'); // already queued: keeps its first time
    q.start(async () => undefined);
    await until(() => waits.length === 1);
    expect(waits[0]).toBeGreaterThanOrEqual(0.1);
    q.add('b');
    await until(() => waits.length === 2);
    expect(waits[1]).toBeLessThan(0.1);
    await q.shutdown();
  });
});
