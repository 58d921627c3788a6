// The simulators' long-lived yanglint: `validate` is full validation of a whole datastore
// (must/when/leafref/mandatory), `parse` only pre-checks an edit-config body.
import { afterAll, describe, expect, it } from '@jest/globals';
import { YanglintSession } from '../../lab/sim/yanglint-session.js';

const sros = new YanglintSession('sros', ['sros-25.10/ietf/ietf-netconf.yang']);
const srl = new YanglintSession('srlinux');
afterAll(() => {
  sros.close();
  srl.close();
});

const NS = 'urn:nokia.com:sros:ns:yang:sr:conf';
const danglingFpe = `<configure xmlns="${NS}"><router><router-name>Base</router-name><segment-routing><segment-routing-v6><origination-fpe>9</origination-fpe></segment-routing-v6></segment-routing></router></configure>`;
const vprnWithoutCustomer = `<configure xmlns="${NS}"><service><vprn><service-name>v</service-name><service-id>5</service-id></vprn></service></configure>`;
const untaggedOnUntaggedPort = JSON.stringify({
  'srl_nokia-interfaces:interface': [
    { name: 'ethernet-1/1', subinterface: [{ index: 1, type: 'srl_nokia-interfaces:bridged', 'srl_nokia-interfaces-vlans:vlan': { encap: { untagged: {} } } }] },
  ],
});

describe('YanglintSession', () => {
  it('validate refuses a dangling leafref and a missing mandatory leaf; parse lets them through', async () => {
    expect((await sros.validate(danglingFpe, 'xml')).join('\n')).toMatch(/Invalid leafref value "9"/);
    expect((await sros.validate(vprnWithoutCustomer, 'xml')).join('\n')).toMatch(/Mandatory node "customer" instance does not exist/);
    expect(await sros.parse(danglingFpe, 'xml')).toEqual([]);
    expect(await sros.parse(`<configure xmlns="${NS}"><no-such-leaf/></configure>`, 'xml')).not.toEqual([]);
  }, 60_000);

  it('judges SR Linux against the fixed models: a must that holds passes, one that does not fails', async () => {
    expect((await srl.validate(untaggedOnUntaggedPort, 'json')).join('\n')).toMatch(/untagged only configurable if vlan-tagging enabled on parent interface/);
    const tagged = JSON.parse(untaggedOnUntaggedPort) as { 'srl_nokia-interfaces:interface': Record<string, unknown>[] };
    tagged['srl_nokia-interfaces:interface'][0]!['srl_nokia-interfaces-vlans:vlan-tagging'] = true;
    expect(await srl.validate(JSON.stringify(tagged), 'json')).toEqual([]);
  }, 60_000);
});
