import { describe, expect, it } from '@jest/globals';
import { PATIENCE, planRounds } from '../../../devices/rounds.js';

type R = { id: string; devices: string[]; passed: number };
const r = (id: string, ...devices: string[]): R => ({ id, devices, passed: 0 });
const plan = (pending: R[], busy: string[] = [], caps = { maxRequests: 500, maxDevices: 64 }) => {
  const { rounds, waiting } = planRounds(pending, (x) => x.devices, new Set(busy), caps);
  return { rounds: rounds.map((x) => x.map((y) => y.id)), waiting: waiting.map((y) => y.id) };
};

describe('planRounds (issue 14: rounds per disjoint set of devices)', () => {
  it('runs requests on disjoint devices in separate rounds, and joins those sharing a device', () => {
    expect(plan([r('a', 'pe1', 'pe2'), r('b', 'pe3'), r('c', 'pe2', 'pe4'), r('d', 'pe5')])).toEqual({ rounds: [['b'], ['a', 'c'], ['d']], waiting: [] });
  });

  it('merges two rounds a request bridges', () => {
    expect(plan([r('a', 'pe1'), r('b', 'pe2'), r('c', 'pe1', 'pe2')]).rounds).toEqual([['a', 'b', 'c']]);
  });

  it('leaves requests on a busy device waiting, and runs the others', () => {
    expect(plan([r('a', 'pe1', 'pe2'), r('b', 'pe3')], ['pe2'])).toEqual({ rounds: [['b']], waiting: ['a'] });
  });

  it('caps a round in devices and requests, but runs a request wider than the cap alone', () => {
    expect(plan([r('a', 'pe1', 'pe2'), r('b', 'pe2', 'pe3')], [], { maxRequests: 500, maxDevices: 2 })).toEqual({ rounds: [['a']], waiting: ['b'] });
    expect(plan([r('a', 'pe1'), r('b', 'pe1'), r('c', 'pe1')], [], { maxRequests: 2, maxDevices: 64 })).toEqual({ rounds: [['a', 'b']], waiting: ['c'] });
    expect(plan([r('wide', 'pe1', 'pe2', 'pe3')], [], { maxRequests: 500, maxDevices: 2 }).rounds).toEqual([['wide']]);
  });

  it('stops later requests overtaking one that has waited PATIENCE passes', () => {
    const wide = r('wide', 'pe1', 'pe2');
    wide.passed = PATIENCE - 1;
    // pe1 is busy: the wide request waits, and from now on reserves pe2 as well.
    expect(plan([wide, r('small', 'pe2')], ['pe1'])).toEqual({ rounds: [], waiting: ['wide', 'small'] });
    const fresh = r('wide2', 'pe1', 'pe2');
    expect(plan([fresh, r('small', 'pe2')], ['pe1'])).toEqual({ rounds: [['small']], waiting: ['wide2'] });
  });
});
