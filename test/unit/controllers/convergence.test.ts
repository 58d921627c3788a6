import { describe, expect, it } from '@jest/globals';
import { Convergence } from '../../../controllers/convergence.js';

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, tick: (ms: number) => (t += ms) };
};

/** A device that never keeps the change: the controller commits whenever the gate lets it, every `everyMs`. */
function loop(c: Convergence, tick: (ms: number) => number, forMs: number, everyMs = 200) {
  let commits = 0;
  for (let t = 0; t < forMs; t += everyMs) {
    if (c.gate('VRF/ns/red', 'sig-1').commit) {
      c.committed('VRF/ns/red', 'sig-1');
      commits++;
    }
    tick(everyMs);
  }
  return commits;
}

describe('Convergence: a change that does not stick backs off', () => {
  it('lets a change be committed, and reverted now and then, without complaint', () => {
    const { now, tick } = clock();
    const c = new Convergence({ now });
    expect(c.gate('VRF/ns/red', 'sig-1').commit).toBe(true);
    c.committed('VRF/ns/red', 'sig-1');
    tick(30_000);
    c.committed('VRF/ns/red', 'sig-1'); // one drift reverted half a minute later
    expect(c.gate('VRF/ns/red', 'sig-1').commit).toBe(true);
  });

  it('stops committing after the third commit of one configuration within the window', () => {
    const { now, tick } = clock();
    const c = new Convergence({ now, baseBackoffMs: 5000 });
    for (let i = 0; i < 3; i++) c.committed('VRF/ns/red', 'sig-1');
    const g = c.gate('VRF/ns/red', 'sig-1');
    expect(g).toEqual({ commit: false, retryInMs: 5000, commits: 3, windowMs: 60_000 });
    tick(5000);
    expect(c.gate('VRF/ns/red', 'sig-1').commit).toBe(true);
  });

  it('doubles the backoff with each commit that does not stick, up to the cap', () => {
    const { now, tick } = clock();
    const c = new Convergence({ now, baseBackoffMs: 1000, maxBackoffMs: 8000 });
    for (let i = 0; i < 3; i++) c.committed('k', 's');
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const g = c.gate('k', 's');
      if (g.commit) throw new Error('expected a backoff');
      waits.push(g.retryInMs);
      tick(g.retryInMs);
      expect(c.gate('k', 's').commit).toBe(true);
      c.committed('k', 's');
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('bounds the commits of a hot loop (the probe saw 902 in 47 s)', () => {
    const { now, tick } = clock();
    const c = new Convergence({ now });
    // 5 commits a second for 47 s without the rule; with it: 3, then one per backoff (5, 10, 20 s).
    expect(loop(c, tick, 47_000)).toBeLessThanOrEqual(6);
  });

  it('starts afresh for a new configuration, or once the change has held', () => {
    const { now, tick } = clock();
    const c = new Convergence({ now, settleMs: 10_000, baseBackoffMs: 60_000 });
    for (let i = 0; i < 3; i++) c.committed('k', 's');
    expect(c.gate('k', 's').commit).toBe(false);
    expect(c.gate('k', 's2').commit).toBe(true); // the spec changed
    c.settled('k'); // right after the commit: not yet proof that it holds
    expect(c.backingOff('k')).toBe(true);
    tick(10_000); // still within the 60 s backoff, but the devices kept it for 10 s
    c.settled('k');
    expect(c.backingOff('k')).toBe(false);
    expect(c.gate('k', 's').commit).toBe(true);
  });
});
