import { describe, expect, it } from '@jest/globals';
import { compareResourceVersion } from '../../../adapters/k8s/resource-version.js';

describe('compareResourceVersion (KEP-5504)', () => {
  it('orders decimal resourceVersions by value, not as text', () => {
    expect(compareResourceVersion('99', '100')).toBe(-1);
    expect(compareResourceVersion('100', '99')).toBe(1);
    expect(compareResourceVersion('331', '331')).toBe(0);
    expect(compareResourceVersion('329', '331')).toBe(-1);
  });

  it('does not order what KEP-5504 does not call well formed', () => {
    expect(compareResourceVersion('012', '12')).toBeUndefined();
    expect(compareResourceVersion('abc', '12')).toBeUndefined();
    expect(compareResourceVersion(undefined, '12')).toBeUndefined();
    expect(compareResourceVersion('abc', 'abc')).toBe(0); // equality is all an opaque version allows
  });
});
