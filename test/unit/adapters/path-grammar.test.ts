// The one path grammar (adapters/yang/path.ts) and its users at the edges: ENC spec.path,
// the gNMI wire boundary, and pathString's prefix-free form.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatPath, parsePath, PathSyntaxError, sameElem } from '../../../adapters/yang/path.js';
import { pathString, type YPath } from '../../../adapters/yang/tree.js';
import { fromWirePath, pathFromWire, pathToWire, toWirePath } from '../../../adapters/gnmi/path.js';
import { parseEncPath } from '../../../adapters/render/enc.js';
import { Invalid } from '../../../adapters/render/pools.js';

describe('parsePath', () => {
  it('reads elements and keys', () => {
    expect(parsePath('/network-instance[name=blue]/protocols/bgp-vpn/bgp-instance[id=1]')).toEqual([
      { name: 'network-instance', keys: { name: 'blue' } },
      { name: 'protocols' },
      { name: 'bgp-vpn' },
      { name: 'bgp-instance', keys: { id: '1' } },
    ]);
    expect(parsePath('/nokia-conf:configure/service/vprn[service-name=a][x=1]')).toEqual([
      { name: 'nokia-conf:configure' },
      { name: 'service' },
      { name: 'vprn', keys: { 'service-name': 'a', x: '1' } },
    ]);
  });

  it('reads the root and relative paths', () => {
    expect(parsePath('/')).toEqual([]);
    expect(parsePath('')).toEqual([]);
    expect(parsePath('a/b[k=v]')).toEqual([{ name: 'a' }, { name: 'b', keys: { k: 'v' } }]);
  });

  it('reads gNMI escapes: \\] and \\\\; / = [ need none', () => {
    expect(parsePath('/x[k=a\\]/b=c\\\\d[e]')).toEqual([{ name: 'x', keys: { k: 'a]/b=c\\d[e' } }]);
    expect(parsePath('/interface[name=ethernet-1/10]')).toEqual([{ name: 'interface', keys: { name: 'ethernet-1/10' } }]);
  });

  it('keeps a backslash before any other character, as ENC paths always read it', () => {
    expect(parsePath('/a[k=x\\y]')).toEqual([{ name: 'a', keys: { k: 'x\\y' } }]);
  });

  it('reads quoted values literally (ENC spec.path)', () => {
    expect(parsePath(`/a[k="v 2"][q='w']`)).toEqual([{ name: 'a', keys: { k: 'v 2', q: 'w' } }]);
    expect(parsePath('/a[k="x]y"]/b')).toEqual([{ name: 'a', keys: { k: 'x]y' } }, { name: 'b' }]);
    expect(parsePath(`/a[k="it's"]`)).toEqual([{ name: 'a', keys: { k: "it's" } }]);
    expect(parsePath('/a[k=""]')).toEqual([{ name: 'a', keys: { k: '' } }]);
    expect(parsePath('/a[k=\\"x"]')).toEqual([{ name: 'a', keys: { k: '"x"' } }]);
    // A quote that does not close right before `]` is part of a bare value.
    expect(parsePath('/a[k="x]')).toEqual([{ name: 'a', keys: { k: '"x' } }]);
    expect(parsePath('/a[k="x"y]')).toEqual([{ name: 'a', keys: { k: '"x"y' } }]);
  });

  it.each([
    ['/a[k', /"=" expected after key k/],
    ['/a[k=v', /unclosed \[k=/],
    ['/a//b', /a node name expected at 3/],
    ['/a/', /a node name expected at 3/],
    ['/a]b', /unexpected "\]" at 2/],
    ['/service/vpls[a<b=1]', /"=" expected after key a/],
    ['/a[=v]', /a key name expected/],
    ['/1a', /a node name expected at 1/],
    ['/a b', /unexpected " "/],
    ['/a[k=1][k=2]', /key k given twice/],
  ])('refuses %s, quoting it', (bad, why) => {
    expect(() => parsePath(bad)).toThrow(PathSyntaxError);
    expect(() => parsePath(bad)).toThrow(why);
    expect(() => parsePath(bad)).toThrow(JSON.stringify(bad));
  });
});

describe('formatPath', () => {
  it('prints the canonical form: keys in code-point order, values escaped, / for the root', () => {
    const evil = 'a]/b=c\\d[e';
    expect(formatPath([{ name: 'x', keys: { z: '1', k: evil } }, { name: 'y' }])).toBe('/x[k=a\\]/b=c\\\\d[e][z=1]/y');
    expect(formatPath([])).toBe('/');
    expect(formatPath([{ name: 'a', keys: { k: '"q"' } }])).toBe('/a[k=\\"q"]');
    expect(formatPath([{ name: 'a', keys: { id: 7 } }])).toBe('/a[id=7]');
  });

  it('prints two spellings of one path alike', () => {
    expect(formatPath(parsePath(`/a[z='1'][b=2]`))).toBe(formatPath(parsePath('/a[b=2][z=1]')));
    expect(formatPath(parsePath('/a[k="v 2"]'))).toBe('/a[k=v 2]');
  });

  it('pathString is the canonical form without module prefixes', () => {
    expect(pathString([{ name: 'srl_nokia-network-instance:network-instance', keys: { name: 'a]b\\c' } }])).toBe('/network-instance[name=a\\]b\\\\c]');
    expect(pathString([{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vprn', keys: { 'service-name': 'a' } }])).toBe('/configure/service/vprn[service-name=a]');
  });

  it('parses back whatever it prints', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.:-]{0,6}$/);
    const elem = fc.record({ name, keys: fc.option(fc.dictionary(name, fc.string({ unit: 'binary', maxLength: 8 }), { minKeys: 1, maxKeys: 3 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(elem, { maxLength: 5 }), (raw) => {
        const path: YPath = raw.map((e) => (e.keys ? { name: e.name, keys: e.keys } : { name: e.name }));
        expect(parsePath(formatPath(path))).toEqual(path);
      }),
      { numRuns: 500 },
    );
  });
});

describe('sameElem', () => {
  it('matches names and, where both have them, keys; a keyless element stands for every entry', () => {
    expect(sameElem({ name: 'a', keys: { k: '1', j: 2 } }, { name: 'a', keys: { j: '2', k: 1 } })).toBe(true);
    expect(sameElem({ name: 'a' }, { name: 'a', keys: { k: '1' } })).toBe(true);
    expect(sameElem({ name: 'a', keys: { k: '1' } }, { name: 'a', keys: { k: '2' } })).toBe(false);
    expect(sameElem({ name: 'a', keys: { k: '1' } }, { name: 'a', keys: { k: '1', j: '1' } })).toBe(false);
    expect(sameElem({ name: 'a' }, { name: 'b' })).toBe(false);
  });
});

describe('the gNMI wire boundary', () => {
  it('carries keys as a string map and back', () => {
    const path = '/x[k=a\\]/b=c\\\\d[e][z=1]/y';
    expect(toWirePath(path)).toEqual({ elem: [{ name: 'x', key: { k: 'a]/b=c\\d[e', z: '1' } }, { name: 'y', key: {} }] });
    expect(fromWirePath(undefined, toWirePath(path))).toBe(path);
    expect(pathToWire([{ name: 'subinterface', keys: { index: 0 } }])).toEqual({ elem: [{ name: 'subinterface', key: { index: '0' } }] });
  });

  it('joins prefix and path, and reads the deprecated element list', () => {
    expect(fromWirePath(toWirePath('/interface[name=e1]'), toWirePath('/description'))).toBe('/interface[name=e1]/description');
    expect(pathFromWire({ element: ['a', 'b'], elem: [] })).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(pathFromWire(undefined)).toEqual([]);
    expect(fromWirePath(null, undefined)).toBe('/');
  });
});

describe('ENC spec.path', () => {
  it('takes the forms manifests use', () => {
    expect(parseEncPath('/service/vpls[service-name=vpls-01]')).toEqual([{ name: 'service' }, { name: 'vpls', keys: { 'service-name': 'vpls-01' } }]);
    expect(parseEncPath('/router[router-name="Base"]/segment-routing')).toEqual([{ name: 'router', keys: { 'router-name': 'Base' } }, { name: 'segment-routing' }]);
    expect(parseEncPath('/interface[name=ethernet-1/10]')).toEqual([{ name: 'interface', keys: { name: 'ethernet-1/10' } }]);
  });

  it.each(['service/vpls', '/', '', '/service/vpls[a<b=1]', '/a//b'])('refuses %j as Invalid spec.path', (bad) => {
    let err: unknown;
    try {
      parseEncPath(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Invalid);
    expect(err).toMatchObject({ field: 'spec.path', message: `${JSON.stringify(bad)} is not a path like /service/vpls[service-name=x]` });
  });
});
