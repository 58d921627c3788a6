// A leaf-list of one value comes back from NETCONF looking like a leaf (XML has no arity):
// the comparison must still see it as up to date, and still see a different value as drift.
import { describe, expect, it } from '@jest/globals';
import { covers } from '../../../devices/drivers/compare.js';

describe('covers', () => {
  const at = '/configure/service/vprn/bgp/neighbor/import';
  it('matches a one-value leaf-list read back as a scalar', () => {
    expect(covers('sros', { policy: 'netintent-ce-import-all' }, { policy: ['netintent-ce-import-all'] }, true, at)).toBe(true);
  });
  it('still sees a different or missing value', () => {
    expect(covers('sros', { policy: 'other' }, { policy: ['netintent-ce-import-all'] }, true, at)).toBe(false);
    expect(covers('sros', { policy: 'a' }, { policy: ['a', 'b'] }, false, at)).toBe(false);
    expect(covers('sros', {}, { policy: ['a'] }, false, at)).toBe(false);
  });
});
