import { describe, expect, it } from '@jest/globals';
import { functionOf, locatorAddress, maxFunction, sidFor } from '../../../adapters/render/srv6.js';

describe('SRv6 SIDs', () => {
  it('places the function right after the locator', () => {
    expect(sidFor('fc00:0:1::/48', 16, 1)).toBe('fc00:0:1:1::');
    expect(sidFor('fc00:0:1::/48', 16, 0xe000)).toBe('fc00:0:1:e000::');
    expect(sidFor('2001:db8:aa00::/40', 20, 0xfffff)).toBe('2001:db8:aaff:fff0::');
  });

  it('clears host bits of the locator prefix', () => {
    expect(sidFor('fc00:0:1:ffff::/48', 16, 2)).toBe('fc00:0:1:2::');
    expect(locatorAddress('fc00:0:1:ffff::/48')).toBe('fc00:0:1::');
  });

  it('reads a function back from a SID, and only from a SID of that locator', () => {
    expect(functionOf('fc00:0:2::/48', 16, 'fc00:0:2:abcd::')).toBe(0xabcd);
    expect(functionOf('fc00:0:2::/48', 16, 'fc00:0:3:abcd::')).toBeUndefined();
    expect(functionOf('fc00:0:2::/48', 16, 'fc00:0:2:abcd::1')).toBeUndefined();
  });

  it('caps function values at what SR OS accepts', () => {
    expect(maxFunction(16)).toBe(65535);
    expect(maxFunction(32)).toBe(1048575);
  });

  it('writes addresses in RFC 5952 form', () => {
    expect(sidFor('2001:db8::/32', 16, 0)).toBe('2001:db8::');
    expect(sidFor('2001:0:0:1::/64', 16, 1)).toBe('2001:0:0:1:1::');
  });
});
