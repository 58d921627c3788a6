import { describe, expect, it } from '@jest/globals';
import { AllocationError, Allocator } from '../../../adapters/render/allocator.js';

const R = { min: 1, max: 100 };

describe('Allocator', () => {
  it('gives an owner the same value every time', () => {
    const a = new Allocator();
    const v = a.allocate(['p'], 'VRF/default/blue', R);
    expect(a.allocate(['p'], 'VRF/default/blue', R)).toBe(v);
  });

  it('never hands one value to two owners', () => {
    const a = new Allocator();
    const values = Array.from({ length: 100 }, (_, i) => a.allocate(['p'], `o${i}`, R));
    expect(new Set(values).size).toBe(100);
    expect(() => a.allocate(['p'], 'one-too-many', R)).toThrow(AllocationError);
  });

  it('does not depend on the order owners arrive in', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const forward = new Allocator();
    const backward = new Allocator();
    const f = Object.fromEntries(names.map((n) => [n, forward.allocate(['p'], n, { min: 1, max: 1000 })]));
    const b = Object.fromEntries([...names].reverse().map((n) => [n, backward.allocate(['p'], n, { min: 1, max: 1000 })]));
    expect(b).toEqual(f);
  });

  it('finds one value free in every pool', () => {
    const a = new Allocator();
    const first = a.allocate(['pe1'], 'x', R);
    const both = a.allocate(['pe1', 'pe2'], 'y', R);
    expect(both).not.toBe(first);
    expect(a.held('pe1', 'y')).toBe(both);
    expect(a.held('pe2', 'y')).toBe(both);
  });

  it('refuses a claim on a value another owner holds, naming it', () => {
    const a = new Allocator();
    a.claim(['p'], 'VPLS/default/green', 200);
    expect(() => a.claim(['p'], 'VPLS/default/red', 200)).toThrow('p: 200 is already used by VPLS/default/green');
  });

  it('moves an owner to a newly claimed value', () => {
    const a = new Allocator();
    a.claim(['p'], 'o', 5);
    a.claim(['p'], 'o', 6);
    expect(a.records()).toEqual([{ pool: 'p', value: 6, owner: 'o' }]);
  });

  it('releases everything an owner held', () => {
    const a = new Allocator();
    const v = a.allocate(['p', 'q'], 'o', R);
    a.release('o');
    expect(a.records()).toEqual([]);
    expect(a.claim(['p'], 'other', v)).toBe(v);
  });

  it('rebuilds from its records', () => {
    const a = new Allocator();
    a.allocate(['p'], 'x', R);
    a.allocate(['q'], 'y', R);
    const b = new Allocator(a.records());
    expect(b.allocate(['p'], 'x', R)).toBe(a.held('p', 'x'));
    expect(b.records()).toEqual(a.records());
  });

  it('forks a copy that reads through and never writes back', () => {
    const a = new Allocator();
    const x = a.allocate(['p'], 'x', R);
    a.allocate(['q'], 'y', R);
    const before = a.records();
    const f = a.fork();
    expect(f.held('p', 'x')).toBe(x);
    expect(() => f.claim(['p'], 'z', x)).toThrow(/already used by x/);
    const z = f.allocate(['p'], 'z', R);
    expect(z).not.toBe(x);
    f.release('y');
    f.drop('p', x);
    expect(f.records()).toEqual([{ pool: 'p', value: z, owner: 'z' }]);
    expect(f.heldBy('y')).toEqual([]);
    expect(a.records()).toEqual(before);
    expect(a.held('q', 'y')).toBeDefined();
    expect(a.held('p', 'z')).toBeUndefined();
  });

  it('allocates in a fork what a full copy would', () => {
    const a = new Allocator();
    for (let i = 0; i < 50; i++) a.allocate(['p', 'q'], `o${i}`, { min: 1, max: 60 });
    const full = new Allocator(a.records());
    const f = a.fork();
    for (let i = 50; i < 55; i++) expect(f.allocate(['p', 'q'], `o${i}`, { min: 1, max: 60 })).toBe(full.allocate(['p', 'q'], `o${i}`, { min: 1, max: 60 }));
    expect(f.records()).toEqual(full.records());
  });
});
