// The two encodings of one tree: NETCONF XML (escaping, key order, operations) and
// JSON_IETF / gNMI (module qualification, path escaping).
import { describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { setRequest } from '../../../adapters/yang/gnmi-request.js';
import { assemble, ConflictError, type Fragment } from '../../../adapters/yang/tree.js';
import { configureXml, editConfigRpc, editConfigXml } from '../../../adapters/yang/xml.js';

const vprnPath = (name: string) => [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vprn', keys: { 'service-name': name } }];
const frag = (name: string, value: object, replace = true): Fragment => ({
  updates: [{ path: vprnPath(name), value: { 'service-name': name, ...value }, replace }],
  deletes: [],
});

describe('NETCONF XML', () => {
  it('escapes every value: a name cannot inject elements', () => {
    const evil = 'a</service-name><x>&"\'';
    const xml = editConfigRpc([frag(evil, { description: '<b>&' })]);
    expect(xml).not.toContain('<x>');
    const parsed = new XMLParser().parse(xml);
    const vprn = parsed.rpc['edit-config'].config.configure.service.vprn;
    expect(vprn['service-name']).toBe(evil);
    expect(vprn.description).toBe('<b>&');
  });

  it('puts list keys first whatever order the value has', () => {
    const f: Fragment = {
      updates: [{ path: vprnPath('v'), value: { 'admin-state': 'enable', interface: [{ 'admin-state': 'enable', 'interface-name': 'i1' }], 'service-name': 'v' } }],
      deletes: [],
    };
    const xml = editConfigXml([f]);
    expect(xml).toMatch(/<vprn><service-name>v<\/service-name><admin-state>/);
    expect(xml).toMatch(/<interface><interface-name>i1<\/interface-name><admin-state>/);
  });

  it('marks replaced and removed subtrees with nc:operation', () => {
    const xml = editConfigXml([frag('a', { 'service-id': 1 }), { updates: [], deletes: [vprnPath('b')] }]);
    expect(xml).toContain('xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"');
    expect(xml).toContain('<vprn nc:operation="replace"><service-name>a</service-name>');
    expect(xml).toContain('<vprn nc:operation="remove"><service-name>b</service-name></vprn>');
  });

  it('writes empty leaves and booleans as YANG expects', () => {
    const xml = configureXml({ 'nokia-conf:configure': { x: { flag: [null], on: true } } });
    expect(xml).toContain('<flag/>');
    expect(xml).toContain('<on>true</on>');
  });
});

describe('trees', () => {
  it('merge list entries on their keys', () => {
    const doc = assemble('sros', [frag('a', { 'service-id': 1 }, false), frag('a', { description: 'd' }, false), frag('b', {}, false)]);
    const vprns = (doc['nokia-conf:configure'] as any).service.vprn;
    expect(vprns).toEqual([{ 'service-name': 'a', 'service-id': 1, description: 'd' }, { 'service-name': 'b' }]);
  });

  it('refuse one leaf set to two values', () => {
    expect(() => assemble('sros', [frag('a', { 'service-id': 1 }), frag('a', { 'service-id': 2 })])).toThrow(ConflictError);
    expect(() => assemble('sros', [frag('a', { 'service-id': 1 }), frag('a', { 'service-id': 2 })])).toThrow('/configure/service/vprn/service-id');
  });
});

describe('gNMI SetRequest', () => {
  it('sorts replaces, updates and deletes, with JSON_IETF values', () => {
    const req = setRequest([
      frag('a', { 'service-id': 1 }),
      { updates: [{ path: [{ name: 'nokia-conf:configure' }, { name: 'service' }], value: { 'nokia-conf:x': 1 } }], deletes: [vprnPath('b')] },
    ]);
    expect(req.replaces?.[0]).toEqual({ path: '/configure/service/vprn[service-name=a]', value: { 'service-name': 'a', 'service-id': 1 }, encoding: 'json_ietf' });
    expect(req.updates?.[0]?.value).toEqual({ x: 1 }); // same module as the path: no prefix
    expect(req.deletes).toEqual(['/configure/service/vprn[service-name=b]']);
  });
});

describe('removal', () => {
  it('removes what an intent owns and leaves what it shares', async () => {
    const { removalOf } = await import('../../../adapters/yang/tree.js');
    const owned: Fragment = {
      updates: [
        { path: [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'customer', keys: { 'customer-name': '1' } }], value: { 'customer-name': '1' } },
        ...frag('a', { 'service-id': 1 }).updates,
      ],
      deletes: [],
    };
    const removal = removalOf(owned);
    expect(removal.updates).toEqual([]);
    expect(removal.deletes).toEqual([vprnPath('a')]);
    expect(editConfigXml([removal])).toContain('<vprn nc:operation="remove"><service-name>a</service-name></vprn>');
    expect(setRequest([removal])).toEqual({ deletes: ['/configure/service/vprn[service-name=a]'] });
  });
});
