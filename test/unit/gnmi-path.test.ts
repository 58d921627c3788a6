import { describe, expect, it } from '@jest/globals';
import { PathSyntaxError, formatPath, parsePath } from '../../adapters/gnmi/path.js';
import { fromWirePath, toWirePath } from '../../adapters/gnmi/client.js';

describe('gNMI paths', () => {
  it('parses elements and keys', () => {
    expect(parsePath('/network-instance[name=blue]/protocols/bgp-vpn/bgp-instance[id=1]')).toEqual([
      { name: 'network-instance', key: { name: 'blue' } },
      { name: 'protocols' },
      { name: 'bgp-vpn' },
      { name: 'bgp-instance', key: { id: '1' } },
    ]);
    expect(parsePath('/')).toEqual([]);
  });

  it('keeps ], /, = and \\ inside key values', () => {
    const evil = 'a]/b=c\\d[e';
    const path = formatPath([{ name: 'x', key: { k: evil, z: '1' } }, { name: 'y' }]);
    expect(path).toBe('/x[k=a\\]/b=c\\\\d[e][z=1]/y');
    expect(parsePath(path)).toEqual([{ name: 'x', key: { k: evil, z: '1' } }, { name: 'y' }]);
    expect(toWirePath(path).elem[0]!.key).toEqual({ k: evil, z: '1' });
    expect(fromWirePath(undefined, toWirePath(path))).toBe(path);
  });

  it('rejects malformed paths', () => {
    for (const bad of ['/a[k', '/a[k=v', '/a//b', '/a]b']) expect(() => parsePath(bad)).toThrow(PathSyntaxError);
  });
});
