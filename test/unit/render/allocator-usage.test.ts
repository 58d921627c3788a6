// Pool usage for the allocation metrics: values held per pool, and the capacity an
// allocation's range gives it (remembered across a reset and from a fork).
import { describe, expect, it } from '@jest/globals';
import { Allocator } from '../../../adapters/render/allocator.js';

describe('Allocator.usage', () => {
  it('counts the values held per pool, with the capacity of the range an allocation used', () => {
    const a = new Allocator([{ pool: 'rt/65000', value: 7, owner: 'x' }]);
    expect(a.usage()).toEqual([{ pool: 'rt/65000', used: 1 }]); // no allocation yet: capacity unknown
    a.allocate(['rt/65000'], 'y', { min: 1, max: 10 });
    // A fork's range is the pool's too, once the pool holds a value here.
    a.fork().allocate(['svc/pe1'], 'z', { min: 1000, max: 1999 });
    expect(a.usage()).toEqual([{ pool: 'rt/65000', used: 2, capacity: 10 }]);
    a.claim(['svc/pe1'], 'w', 1500);
    expect(a.usage()).toEqual([
      { pool: 'rt/65000', used: 2, capacity: 10 },
      { pool: 'svc/pe1', used: 1, capacity: 1000 },
    ]);
    a.reset([{ pool: 'rt/65000', value: 1, owner: 'y' }]);
    expect(a.usage()).toEqual([{ pool: 'rt/65000', used: 1, capacity: 10 }]);
  });
});
