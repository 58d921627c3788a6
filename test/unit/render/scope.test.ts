// Issue 12, item 1: every rendered document stays inside its owner's paths (adapters/render/scope.ts),
// and an ENC object's path and properties are checked against the YANG schema (enc-schema.ts),
// with leaf values checked as libyang does (adapters/yang/leaf-value.ts).
import { describe, expect, it } from '@jest/globals';
import { checkEncSchema } from '../../../adapters/render/enc-schema.js';
import { checkDocumentScope, checkOwnerScope, checkScope, ScopeError } from '../../../adapters/render/scope.js';
import type { EncPlan } from '../../../adapters/render/plan.js';
import { leafValueProblem, xsdToRegExp } from '../../../adapters/yang/leaf-value.js';
import type { PlatformSchema, SchemaEntry } from '../../../adapters/yang/schema-index.js';
import type { Fragment, YPath } from '../../../adapters/yang/tree.js';

const VPLS: YPath = [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vpls', keys: { 'service-name': 'bad-83' } }];

describe('checkDocumentScope', () => {
  it("refuses the issue's injected XML: a vprn next to the object's vpls", () => {
    const xml =
      '<configure xmlns="urn:nokia.com:sros:ns:yang:sr:conf"><service><vpls><service-name>bad-83</service-name><admin-state>enable</admin-state>' +
      '</vpls><vprn><service-name>evil83</service-name></vprn><vpls><service-name>bad-83</service-name><stp></stp></vpls></service></configure>';
    expect(() => checkDocumentScope('sros', xml, [VPLS])).toThrow(/writes \/configure\/service\/vprn, outside the object's paths/);
  });
  it('refuses attributes and text netintent never writes, and XML that is not well-formed', () => {
    const wrap = (inner: string) => `<configure xmlns="urn:nokia.com:sros:ns:yang:sr:conf"><service>${inner}</service></configure>`;
    expect(() => checkDocumentScope('sros', wrap('<vpls foo="x"><service-name>bad-83</service-name></vpls>'), [VPLS])).toThrow(/attribute "foo"/);
    expect(() => checkDocumentScope('sros', wrap('hello<vpls><service-name>bad-83</service-name></vpls>'), [VPLS])).toThrow(/holds text "hello"/);
    expect(() => checkDocumentScope('sros', wrap('<vpls><service-name>bad-83</service-name></vpl>'), [VPLS])).toThrow(/not well-formed/);
    expect(() => checkDocumentScope('sros', wrap('<vpls><service-name>other</service-name></vpls>'), [VPLS])).toThrow(ScopeError);
  });
  it('accepts the object inside its path, with the nc:operation it carries', () => {
    const xml =
      '<configure xmlns="urn:nokia.com:sros:ns:yang:sr:conf" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><service>' +
      '<vpls nc:operation="replace"><service-name>bad-83</service-name><description>&lt;vprn&gt;</description></vpls></service></configure>';
    expect(() => checkDocumentScope('sros', xml, [VPLS])).not.toThrow();
  });
  it('walks JSON_IETF the same way', () => {
    const path: YPath = [{ name: 'srl_nokia-interfaces:interface', keys: { name: 'ethernet-1/1' } }];
    expect(() => checkDocumentScope('srlinux', JSON.stringify({ 'srl_nokia-interfaces:interface': [{ name: 'ethernet-1/1', mtu: 9000 }] }), [path])).not.toThrow();
    const escaped = { 'srl_nokia-interfaces:interface': [{ name: 'ethernet-1/1' }], 'srl_nokia-network-instance:network-instance': [{ name: 'x' }] };
    expect(() => checkDocumentScope('srlinux', JSON.stringify(escaped), [path])).toThrow(/writes \/network-instance/);
  });
});

describe('checkScope / checkOwnerScope', () => {
  const fragment = (path: YPath): Fragment => ({ updates: [{ path, value: { 'service-name': 'bad-83' }, replace: true }], deletes: [] });
  it("refuses an update outside the kind's roots", () => {
    const vprn: YPath = [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vprn', keys: { 'service-name': 'x' } }];
    expect(() => checkScope('sros', fragment(vprn), ['/configure/service/vpls'])).toThrow(/outside what this object may write/);
    expect(() => checkOwnerScope({ kind: 'VPLS' }, 'sros', fragment(vprn))).toThrow(/outside what this object may write/);
    expect(() => checkOwnerScope({ kind: 'VPLS' }, 'sros', fragment(VPLS))).not.toThrow();
  });
  it('turns a member name the encoder refuses into a refusal on spec.properties for ENC kinds', () => {
    const f: Fragment = { updates: [{ path: VPLS, value: { 'service-name': 'bad-83', '#text': 'x' }, replace: true }], deletes: [] };
    expect(() => checkOwnerScope({ kind: 'SROSConfig' }, 'sros', f)).toThrow(expect.objectContaining({ field: 'spec.properties' }) as unknown as Error);
  });
});

const t = (name: string, extra: object = {}) => ({ name, enums: [], members: [], ...extra });
const leaf = (type: object, mandatory = false): SchemaEntry => ({ kind: 'leaf', keys: [], type: type as SchemaEntry['type'], ...(mandatory ? { mandatory: true as const } : {}) });
const schema: PlatformSchema = {
  platform: 'sros',
  tops: { configure: 'nokia-conf' },
  identities: new Map(),
  index: new Map<string, SchemaEntry>([
    ['/configure', { kind: 'container', keys: [] }],
    ['/configure/service', { kind: 'container', keys: [] }],
    ['/configure/service/vpls', { kind: 'list', keys: ['service-name'] }],
    ['/configure/service/vpls/service-name', leaf(t('string', { length: '1..64' }))],
    ['/configure/service/vpls/customer', leaf(t('string'), true)],
    ['/configure/service/vpls/service-id', leaf(t('uint32', { range: '1..2147483647' }))],
    ['/configure/service/vpls/admin-state', leaf(t('enumeration', { enums: ['enable', 'disable'] }))],
    ['/configure/service/vpls/description', leaf(t('string', { length: '1..80', patterns: [{ regex: '(.*\\S.*)|()', invert: false }] }))],
    ['/configure/service/vpls/stp', { kind: 'container', keys: [] }],
    ['/configure/service/vpls/sap', { kind: 'list', keys: ['sap-id'] }],
    ['/configure/service/vpls/sap/sap-id', leaf(t('string'))],
  ]),
};
const plan = (path: string, properties: Record<string, unknown>): EncPlan => ({ kind: 'SROSConfig', namespace: 'default', name: 'x', path, properties });
const P = '/service/vpls[service-name=bad-83]';

describe('checkEncSchema', () => {
  it.each([
    ['a node that does not exist', { customer: '1', vprn: {} }, 'spec.properties.vprn', /has no node vprn/],
    ['a leaf given an object', { customer: '1', 'service-id': { a: 1 } }, 'spec.properties.service-id', /not a uint32 value/],
    ['a container given a scalar', { customer: '1', stp: 'on' }, 'spec.properties.stp', /give an object of its members/],
    ['a list given an object', { customer: '1', sap: { 'sap-id': '1/1/1' } }, 'spec.properties.sap', /give a list of entries/],
    ['a list entry without its key', { customer: '1', sap: [{}] }, 'spec.properties.sap[0]', /needs its key sap-id/],
    ['two entries with one key', { customer: '1', sap: [{ 'sap-id': 'a' }, { 'sap-id': 'a' }] }, 'spec.properties.sap[1]', /two entries/],
    ['a value out of range', { customer: '1', 'service-id': 0 }, 'spec.properties.service-id', /out of range for uint32 \(1..2147483647\)/],
    ['an unknown enum', { customer: '1', 'admin-state': 'on' }, 'spec.properties.admin-state', /not one of enable, disable/],
    ['a string that misses its pattern', { customer: '1', description: '   ' }, 'spec.properties.description', /does not match the pattern/],
    ['a string too long', { customer: '1', description: 'x'.repeat(81) }, 'spec.properties.description', /81 characters; the length must be 1..80/],
    ['a control character', { customer: '1', description: 'a\u0001b' }, 'spec.properties.description', /control character/],
    ['a missing mandatory leaf', { 'service-id': 5 }, 'spec.properties', /needs customer \(mandatory/],
    ['a foreign module prefix', { customer: '1', 'foo:description': 'x' }, 'spec.properties.foo:description', /belong to nokia-conf/],
  ])('refuses %s, naming the property', (_what, properties, field, why) => {
    expect(() => checkEncSchema(plan(P, properties), schema)).toThrow(expect.objectContaining({ field, message: expect.stringMatching(why) }) as unknown as Error);
  });
  it.each([
    ['a list without its key', '/service/vpls', /name the entry with exactly \[service-name=…\]/],
    ['a node that does not exist', '/service/vprn[service-name=x]', /\/configure\/service has no node vprn/],
    ['keys on a container', '/service[x=1]/vpls[service-name=a]', /not a list/],
    ['a leaf', '/service/vpls[service-name=a]/description', /is a leaf/],
  ])('refuses a spec.path that names %s', (_what, path, why) => {
    expect(() => checkEncSchema(plan(path, { customer: '1' }), schema)).toThrow(expect.objectContaining({ field: 'spec.path', message: expect.stringMatching(why) }) as unknown as Error);
  });
  it('accepts what the models allow, values with markup characters included', () => {
    expect(() =>
      checkEncSchema(plan(P, { customer: '1', 'service-id': 8301, 'admin-state': 'enable', description: '</vpls><vprn> & "x"', stp: {}, sap: [{ 'sap-id': '1/1/1:5' }] }), schema),
    ).not.toThrow();
  });
});

describe('leafValueProblem', () => {
  it('follows JSON_IETF number/string rules and XML text rules', () => {
    expect(leafValueProblem(t('uint16'), '10', 'json')).toMatch(/JSON number/);
    expect(leafValueProblem(t('uint16'), '10', 'xml')).toBeUndefined();
    expect(leafValueProblem(t('uint64'), 10, 'json')).toMatch(/JSON string/);
    expect(leafValueProblem(t('boolean'), 'true', 'json')).toMatch(/not a boolean/);
    expect(leafValueProblem(t('boolean'), true, 'xml')).toBeUndefined();
    expect(leafValueProblem(t('empty'), [null], 'json')).toBeUndefined();
    expect(leafValueProblem(t('int8'), 128, 'xml')).toMatch(/out of range/);
  });
  it('takes any member of a union and the target type of a leafref', () => {
    const u = t('union', { members: [t('uint8'), t('enumeration', { enums: ['auto'] })] });
    expect(leafValueProblem(u, 'auto', 'xml')).toBeUndefined();
    expect(leafValueProblem(u, 7, 'xml')).toBeUndefined();
    expect(leafValueProblem(u, 'x', 'xml')).toMatch(/none of the union's types/);
    expect(leafValueProblem(t('leafref', { members: [t('string', { length: '1..3' })] }), 'abcd', 'xml')).toMatch(/length must be 1..3/);
  });
  it('reads XSD patterns as XSD means them: no anchors, ^ and $ literal', () => {
    expect(xsdToRegExp('a$b')!.test('a$b')).toBe(true);
    expect(xsdToRegExp('[^a]b')!.test('cb')).toBe(true);
    expect(xsdToRegExp('\\d+')!.test('12x')).toBe(false);
    expect(xsdToRegExp('\\p{IsBasicLatin}+')).toBeUndefined();
  });
});
