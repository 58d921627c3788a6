// libyang 2.1's `-f info` prints some list keys run together ("ip-prefixroute-type" for
// SR OS vprn static-routes route): the schema index must split them back into leaf names.
import { describe, expect, it } from '@jest/globals';
import { splitKeys } from '../../adapters/yang/info.js';

describe('splitKeys', () => {
  it('splits a run-together key statement on the list leaf names', () => {
    expect(splitKeys('ip-prefixroute-type', ['ip-prefix', 'route-type', 'next-hop'])).toEqual(['ip-prefix', 'route-type']);
  });
  it('keeps separated and comma-printed keys as they are', () => {
    expect(splitKeys('name', ['name', 'type'])).toEqual(['name']);
    expect(splitKeys('a, b', ['a', 'b'])).toEqual(['a', 'b']);
    expect(splitKeys('level-number', ['level', 'level-number'])).toEqual(['level-number']);
  });
  it('prefers the split that uses every character', () => {
    expect(splitKeys('abc', ['a', 'ab', 'c', 'bc'])).toEqual(['ab', 'c']);
  });
});
