// The cluster egress builders: one flavour per CNI with the upstream field names, names that
// cannot collide across namespaces and stay within the API server's limit.
import { describe, expect, it } from '@jest/globals';
import { egressObjects, objectName, OWNER_LABEL, type EgressSpec, type IntentRef } from '../../../adapters/cilium/egress.js';

const intent: IntentRef = { apiVersion: 'netintent.dev/v1alpha1', kind: 'L3VPN', namespace: 'tenants', name: 'blue', uid: 'u-1' };
const spec: EgressSpec = { cni: 'cilium', vrfId: 100, podSelector: { matchLabels: { app: 'blue' } }, destinationCIDRs: ['192.168.100.0/24'], locatorPool: 'pool-a' };
const t = { device: 'pe1', vrf: 'blue', sid: 'fc00:0:1:7b27::', importRouteTarget: 'target:65000:1', exportRouteTarget: 'target:65000:2' };

describe('cluster egress objects', () => {
  it('builds a Cilium VRF and egress policy towards the SID', () => {
    const [vrf, policy] = egressObjects(intent, spec, t);
    expect(vrf).toMatchObject({
      apiVersion: 'cilium.io/v2alpha1',
      kind: 'CiliumSRv6VRF',
      metadata: { name: 'l3vpn.tenants.blue', labels: { [OWNER_LABEL]: 'u-1', 'app.kubernetes.io/managed-by': 'netintent' } },
      spec: { vrfID: 100, importRouteTarget: 'target:65000:1', exportRouteTarget: 'target:65000:2', locatorPoolRef: 'pool-a', rules: [{ selectors: [{ podSelector: { matchLabels: { app: 'blue' } } }], destinationCIDRs: ['192.168.100.0/24'] }] },
    });
    expect(policy).toMatchObject({ apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumSRv6EgressPolicy', spec: { vrfID: 100, destinationCIDRs: ['192.168.100.0/24'], destinationSID: 'fc00:0:1:7b27::' } });
  });

  it('uses the Isovalent kinds for cni isovalent, with the same fields', () => {
    const [vrf, policy] = egressObjects(intent, { ...spec, cni: 'isovalent' }, t);
    expect([vrf!.apiVersion, vrf!.kind, policy!.apiVersion, policy!.kind]).toEqual(['isovalent.com/v1alpha1', 'IsovalentVRF', 'isovalent.com/v1alpha1', 'IsovalentSRv6EgressPolicy']);
    expect(vrf!.spec).toEqual(egressObjects(intent, spec, t)[0]!.spec);
  });

  it('leaves out what is not set (no route targets, no locator pool)', () => {
    const [vrf] = egressObjects(intent, { ...spec, locatorPool: undefined }, { device: 'pe1', vrf: 'blue', sid: 'fc00::1' });
    expect(Object.keys(vrf!.spec).sort()).toEqual(['rules', 'vrfID']);
  });

  it('names objects so namespaces cannot collide, and hashes over-long names', () => {
    expect(objectName({ ...intent, namespace: 'a-b', name: 'c' })).not.toBe(objectName({ ...intent, namespace: 'a', name: 'b-c' }));
    const long = objectName({ ...intent, name: 'x'.repeat(253) });
    expect(long.length).toBeLessThanOrEqual(253);
    expect(long).not.toBe(objectName({ ...intent, name: `${'x'.repeat(252)}y` }));
  });
});
