// An ENC object writes only under its spec.path: a property or key name that is not a YANG
// node name is refused before anything renders (issue 12's injection: a property name that
// closed the vpls element and opened a vprn on the router), and the XML encoder refuses
// such a name whatever path it came by.
import { describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseEncPath } from '../../../adapters/render/enc.js';
import { resolve, type Source } from '../../../adapters/render/resolve.js';
import { configureXml } from '../../../adapters/yang/xml.js';
import type { YObject } from '../../../adapters/yang/tree.js';

const pe1: Source = {
  object: {
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'NetworkDevice',
    metadata: { name: 'pe1' },
    spec: { address: '192.0.2.1', platform: 'sros', protocol: 'netconf', credentialsSecretRef: { name: 'c' }, hostKey: { insecureIgnoreHostKey: true } },
  } as KubernetesObject,
  origin: 'devices.yaml#1',
};
const enc = (path: string, properties: object): Source => ({
  object: { apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', metadata: { name: 'bad-83' }, spec: { switchID: '192.0.2.1', path, properties } } as KubernetesObject,
  origin: 'enc.yaml#1',
});
const INJECTION = 'admin-state>enable</admin-state></vpls><vprn><service-name>evil83</service-name><customer>1</customer></vprn><vpls><service-name>bad-83</service-name><stp';

describe('SROSConfig scope', () => {
  it.each([
    ['a name that closes its element', { customer: '1', 'service-id': 8301, [INJECTION]: '' }, 'spec.properties'],
    ['an attribute-looking name', { '@_nc:operation': 'delete' }, 'spec.properties'],
    ['a text-node name', { '#text': 'x' }, 'spec.properties'],
    ['a bad name deeper down', { sap: [{ 'sap-id': '1/1/c1/1:5', 'x y': 1 }] }, 'spec.properties.sap[0]'],
  ])('refuses %s, naming the object and where, and renders nothing for it', (_what, properties, at) => {
    const r = resolve([pe1, enc('/service/vpls[service-name=bad-83]', properties)]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ origin: 'enc.yaml#1', object: 'SROSConfig default/bad-83', field: at, cause: 'invalid' });
    expect(r.errors[0]!.message).toMatch(/is not a YANG node name/);
    expect(r.devices.flatMap((d) => d.fragments).filter((f) => f.owner.kind === 'SROSConfig')).toEqual([]);
  });

  it('refuses a key name in spec.path that is not a YANG name', () => {
    const r = resolve([pe1, enc('/service/vpls[a<b=1]', { 'service-id': 1 })]);
    expect(r.errors.map((e) => e.field)).toEqual(['spec.path']);
    expect(() => parseEncPath('/service/vpls[a<b=1]')).toThrow(/not a path like/);
  });

  it('still renders proper names, module-qualified ones included', () => {
    const r = resolve([pe1, enc('/service/vpls[service-name=ok]', { customer: '1', 'service-id': 5, 'nokia-conf:description': 'a < b' })]);
    expect(r.errors).toEqual([]);
    expect(r.devices[0]!.fragments).toHaveLength(1);
  });
});

describe('the XML encoder', () => {
  it('refuses a member name that would be markup', () => {
    const doc = { 'nokia-conf:configure': { service: { vpls: [{ 'service-name': 'x', [INJECTION]: '' }] } } } as unknown as YObject;
    expect(() => configureXml(doc)).toThrow(/\/configure\/service\/vpls: "admin-state>enable.*is not a YANG node name/);
  });
  it('escapes values, which may hold anything', () => {
    const doc = { 'nokia-conf:configure': { service: { vpls: [{ 'service-name': 'x', description: '</vpls><vprn>' }] } } } as unknown as YObject;
    expect(configureXml(doc, { compact: true })).toContain('<description>&lt;/vpls&gt;&lt;vprn&gt;</description>');
  });
});
