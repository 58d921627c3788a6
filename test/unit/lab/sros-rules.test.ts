// The SR OS commit-time rules of the simulator (lab/sim/sros/rules.ts), each shown biting on a
// datastore that breaks it and quiet on the lab's own underlay.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { readStartupConfig } from '../../../adapters/yang/startup-config.js';
import type { Tree } from '../../../lab/sim/sros/datastore.js';
import {
  commitProblems,
  interfaceNameLength,
  sapConflicts,
  sapEncapsulation,
  srv6PolicyBindingSid,
  srv6ServiceFpe,
  staticFunctionValues,
} from '../../../lab/sim/sros/rules.js';
import { asXmlText } from '../../../lab/sim/base-config.js';
import { projectRoot } from '../../../adapters/paths.js';

let pe1: Tree;
const withPe1 = (extra: (c: Tree) => void): Tree => {
  const c = structuredClone(pe1);
  extra(c);
  return c;
};
const base = (c: Tree) => (c.router as Tree[]).find((r) => r['router-name'] === 'Base')!;
const srv6 = (c: Tree) => ((base(c)['segment-routing'] as Tree)['segment-routing-v6'] as Tree);
const vprnSrv6 = (fn: Tree, bgp = true): Tree => ({
  'service-name': 'blue',
  'service-id': '10',
  customer: '1',
  'segment-routing-v6': [{ instance: '1', locator: [{ 'locator-name': 'loc1', function: fn }] }],
  ...(bgp ? { 'bgp-ipvpn': { 'segment-routing-v6': [{ 'bgp-instance': '1', srv6: { instance: '1', 'default-locator': 'loc1' } }] } } : {}),
});

beforeAll(async () => {
  const doc = await readStartupConfig('sros', join(projectRoot(), 'lab', 'topologies', 'configs', 'pe1.partial.cfg'));
  pe1 = asXmlText({ configure: doc['nokia-conf:configure']! }).configure as Tree;
});

describe('SR OS commit rules', () => {
  it('find nothing wrong with the lab underlay itself', () => {
    expect(commitProblems(pe1)).toEqual([]);
  });

  it('(a) static function values must lie in 1..static-function max-entries of the locator', () => {
    const ok = withPe1((c) => (c.service = { vprn: [vprnSrv6({ 'end-dt46': { value: '1024' } })] }));
    expect(staticFunctionValues(ok)).toEqual([]);
    const over = withPe1((c) => (c.service = { vprn: [vprnSrv6({ 'end-dt46': { value: '64490' } })] }));
    expect(staticFunctionValues(over)).toEqual([
      'MINOR: SRV6: vprn "blue" locator "loc1" end-dt46: static function value 64490 is not allowed: locator "loc1" has its static range 1..1024',
    ]);
    const noRange = withPe1((c) => {
      delete (srv6(c).locator as Tree[])[0]!['static-function'];
      c.service = { vpls: [{ 'service-name': 'l2', 'segment-routing-v6': [{ instance: '1', locator: [{ 'locator-name': 'loc1', function: { 'end-dt2u': { value: '5' } } }] }] }] };
    });
    expect(staticFunctionValues(noRange)).toEqual([
      'MINOR: SRV6: vpls "l2" locator "loc1" end-dt2u: static function value 5 is not allowed: locator "loc1" has no static range (static-function max-entries is not configured)',
      // the node's own End SID (value 1) now has no static range either
      'MINOR: SRV6: base-routing-instance locator "loc1" end: static function value 1 is not allowed: locator "loc1" has no static range (static-function max-entries is not configured)',
    ]);
    const dynamic = withPe1((c) => (c.service = { vprn: [vprnSrv6({ 'end-dt4': {}, 'end-dt6': {} })] }));
    expect(staticFunctionValues(dynamic)).toEqual([]);
  });

  it('(b) IP interface names are at most 32 characters', () => {
    const long = 'x'.repeat(33);
    const c = withPe1((x) => (x.service = { vprn: [{ 'service-name': 'blue', interface: [{ 'interface-name': long }, { 'interface-name': 'x'.repeat(32) }] }] }));
    expect(interfaceNameLength(c)).toEqual([`MINOR: MGMT_CORE: vprn "blue" interface "${long}": name is 33 characters, the maximum is 32`]);
  });

  it("(c) a SAP's tags match its port's encap-type, on an existing access/hybrid port", () => {
    const sap = (id: string): Tree => ({ service: { vpls: [{ 'service-name': 'l2', sap: [{ 'sap-id': id }] }] } });
    expect(sapEncapsulation(withPe1((c) => Object.assign(c, sap('1/1/c1/1:100'))))).toEqual([]);
    expect(sapEncapsulation(withPe1((c) => Object.assign(c, sap('1/1/c1/1:100.200'))))).toEqual([
      'MINOR: SVCMGR: vpls "l2" SAP 1/1/c1/1:100.200: encapsulation with 2 tag(s) does not match port 1/1/c1/1 encap-type dot1q (1 tag(s))',
    ]);
    expect(sapEncapsulation(withPe1((c) => Object.assign(c, sap('1/1/c1/1'))))).toEqual([
      'MINOR: SVCMGR: vpls "l2" SAP 1/1/c1/1: encapsulation with 0 tag(s) does not match port 1/1/c1/1 encap-type dot1q (1 tag(s))',
    ]);
    expect(sapEncapsulation(withPe1((c) => Object.assign(c, sap('1/1/c3/1:100'))))).toEqual([
      'MINOR: SVCMGR: vpls "l2" SAP 1/1/c3/1:100: port 1/1/c3/1 is in network mode; SAPs need access or hybrid mode',
    ]);
    expect(sapEncapsulation(withPe1((c) => Object.assign(c, sap('1/1/c9/1:100'))))).toEqual(['MINOR: SVCMGR: vpls "l2" SAP 1/1/c9/1:100: port 1/1/c9/1 is not configured']);
    const qinq = withPe1((c) => {
      const p = (c.port as Tree[]).find((x) => x['port-id'] === '1/1/c2/1')!;
      (p.ethernet as Tree)['encap-type'] = 'qinq';
      Object.assign(c, sap('1/1/c2/1:100.200'));
    });
    expect(sapEncapsulation(qinq)).toEqual([]);
  });

  it('(d) an SRv6 service needs origination-fpe and a termination-fpe on its locator', () => {
    const svc = (c: Tree) => (c.service = { vprn: [vprnSrv6({})] });
    expect(srv6ServiceFpe(withPe1(svc))).toEqual([]);
    const noOrigination = withPe1((c) => {
      svc(c);
      delete srv6(c)['origination-fpe'];
    });
    expect(srv6ServiceFpe(noOrigination)).toEqual([
      'MINOR: SRV6: vprn "blue": SRv6 service needs an origination FPE: configure router "Base" segment-routing segment-routing-v6 origination-fpe',
    ]);
    const noTermination = withPe1((c) => {
      svc(c);
      delete (srv6(c).locator as Tree[])[0]!['termination-fpe'];
    });
    expect(srv6ServiceFpe(noTermination)).toEqual(['MINOR: SRV6: vprn "blue": locator "loc1" needs a termination-fpe to terminate SRv6 services']);
    const swapped = withPe1((c) => {
      svc(c);
      srv6(c)['origination-fpe'] = ['2'];
    });
    expect(srv6ServiceFpe(swapped)).toEqual(['MINOR: SRV6: vprn "blue": origination-fpe 2 is not an fwd-path-ext fpe with application srv6 type origination']);
    const evpn = withPe1((c) => {
      c.service = { vpls: [{ 'service-name': 'l2', 'bgp-evpn': { 'segment-routing-v6': [{ 'bgp-instance': '1', srv6: { 'default-locator': 'loc1' } }] } }] };
      delete srv6(c)['origination-fpe'];
    });
    expect(srv6ServiceFpe(evpn)).toHaveLength(1);
  });

  it('(e) a local static SRv6 policy needs a binding SID on a locator with end-b6-encaps-red, static value in range', () => {
    const policy = (bsid?: Tree): Tree => ({
      name: 'p1',
      type: 'srv6',
      'head-end': 'local',
      'segment-routing-v6': bsid ? { 'binding-sid': [{ index: '1', locator: bsid }] } : {},
    });
    const put = (p: Tree) => withPe1((c) => ((base(c)['segment-routing'] as Tree)['sr-policies'] = { 'static-policy': [p] }));
    expect(srv6PolicyBindingSid(put(policy({ 'locator-name': 'loc1', function: 'end-b6-encaps-red' })))).toEqual([]);
    expect(srv6PolicyBindingSid(put(policy({ 'locator-name': 'loc1', function: 'end-b6-encaps-red', 'function-value': '7' })))).toEqual([]);
    expect(srv6PolicyBindingSid(put(policy()))).toEqual(['MINOR: SRV6: static-policy "p1": a local SRv6 policy needs a binding SID (segment-routing-v6 binding-sid locator)']);
    expect(srv6PolicyBindingSid(put(policy({ function: 'end-b6-encaps-red' })))).toEqual(['MINOR: SRV6: static-policy "p1": binding SID 1 needs a locator-name']);
    expect(srv6PolicyBindingSid(put(policy({ 'locator-name': 'loc1' })))).toEqual(['MINOR: SRV6: static-policy "p1": binding SID 1 needs function end-b6-encaps-red']);
    expect(srv6PolicyBindingSid(put(policy({ 'locator-name': 'loc1', function: 'end-b6-encaps-red', 'function-value': '5000' })))).toEqual([
      'MINOR: SRV6: static-policy "p1" binding SID: static function value 5000 is not allowed: locator "loc1" has its static range 1..1024',
    ]);
    expect(srv6PolicyBindingSid(put({ ...policy(), 'head-end': '10.0.0.2' }))).toEqual([]); // not local: advertised, not programmed
  });

  it('(f) one SAP belongs to one service', () => {
    const c = withPe1((x) => (x.service = { vpls: [{ 'service-name': 'a', sap: [{ 'sap-id': '1/1/c1/1:5' }] }], vprn: [{ 'service-name': 'b', interface: [{ 'interface-name': 'i', sap: [{ 'sap-id': '1/1/c1/1:5' }] }] }] }));
    expect(sapConflicts(c)).toEqual(['SAP 1/1/c1/1:5 is already in use by vprn "b"; it cannot also be in vpls "a"']);
    expect(commitProblems(c)[0]).toBe('MINOR: SVCMGR: SAP 1/1/c1/1:5 is already in use by vprn "b"; it cannot also be in vpls "a"');
  });
});
