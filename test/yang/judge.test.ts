// The judge bites: yanglint rejects payloads broken the ways a renderer could break them.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFiles } from '../../adapters/yang/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'netintent-judge-'));
const sros = (body: string) => `<configure xmlns="urn:nokia.com:sros:ns:yang:sr:conf"><service>${body}</service></configure>`;
const vprn = (inner: string) => sros(`<vprn><service-name>v</service-name><customer>1</customer>${inner}</vprn>`);
const ni = (inner: object) => JSON.stringify({ 'srl_nokia-network-instance:network-instance': [{ name: 'v', ...inner }] });

const cases: [string, 'sros' | 'srlinux', string][] = [
  ['an unknown SR OS leaf', 'sros', vprn('<no-such-leaf>1</no-such-leaf>')],
  ['a service id out of range', 'sros', vprn('<service-id>0</service-id>')],
  ['a malformed route distinguisher', 'sros', vprn('<bgp-ipvpn><mpls><route-distinguisher>65000</route-distinguisher></mpls></bgp-ipvpn>')],
  ['a list entry without its key', 'sros', vprn('<interface><admin-state>enable</admin-state></interface>')],
  ['a bad enumeration value', 'sros', vprn('<admin-state>up</admin-state>')],
  ['a VLAN-less SAP id with junk', 'sros', vprn('<interface><interface-name>i</interface-name><ipv4><primary><address>10.0.0.300</address><prefix-length>24</prefix-length></primary></ipv4></interface>')],
  ['an unknown SR Linux leaf', 'srlinux', ni({ color: 'blue' })],
  ['an unknown identity', 'srlinux', ni({ type: 'srl_nokia-network-instance:no-such-type' })],
  ['an augment without its module prefix', 'srlinux', JSON.stringify({ 'srl_nokia-interfaces:interface': [{ name: 'ethernet-1/1', 'vlan-tagging': true }] })],
  ['a string where a number belongs', 'srlinux', JSON.stringify({ 'srl_nokia-interfaces:interface': [{ name: 'ethernet-1/1', subinterface: [{ index: 'ten' }] }] })],
];

describe('yanglint rejects broken payloads', () => {
  it.each(cases)('%s', async (name, platform, payload) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.${platform === 'sros' ? 'xml' : 'json'}`);
    writeFileSync(file, payload);
    const [verdict] = await validateFiles(platform, [file]);
    expect(verdict!.ok).toBe(false);
    expect(verdict!.errors.join('\n')).toMatch(/err/);
  });

  it('and accepts the same documents when they are right', async () => {
    const file = join(dir, 'good.xml');
    writeFileSync(file, vprn('<service-id>5</service-id><admin-state>enable</admin-state>'));
    expect((await validateFiles('sros', [file]))[0]!.ok).toBe(true);
  });
});
