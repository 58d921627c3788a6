// The cluster egress builders: each CNI's objects with exactly that CNI's published fields,
// checked against published examples and against the fixture CRDs (lab/crds/srv6-egress.yaml,
// derived from the published CRDs), and names that cannot collide across namespaces.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ApiError } from '../../../adapters/k8s/rest.js';
import { loadManifests } from '../../../adapters/k8s/manifests.js';
import {
  clusterRefused,
  egressObjects,
  objectName,
  OWNER_LABEL,
  type ClusterObject,
  type EgressSpec,
  type IntentRef,
} from '../../../adapters/cilium/egress.js';
import { schemaFor, violations, type Schema } from '../../support/crd-schema.js';

const intent: IntentRef = { apiVersion: 'netintent.dev/v1alpha1', kind: 'L3VPN', namespace: 'tenants', name: 'blue', uid: 'u-1' };
const spec: EgressSpec = {
  cni: 'cilium',
  vrfId: 100,
  podSelector: { matchLabels: { app: 'blue' } },
  destinationCIDRs: ['192.168.100.0/24'],
  locatorPool: 'pool-a',
};
const t = { device: 'pe1', vrf: 'blue', sid: 'fc00:0:1:7b27::', importRouteTarget: 'target:65000:1', exportRouteTarget: 'target:65000:2' };
const CRDS = loadManifests(join(process.cwd(), 'lab', 'crds', 'srv6-egress.yaml'));

/** What the fixture CRD of `o`'s kind says about its spec (empty: it would be taken). */
function specViolations(o: ClusterObject, as: { apiVersion: string; kind: string } = o): string[] {
  const schema = schemaFor(CRDS, as.apiVersion, as.kind);
  if (!schema) throw new Error(`no fixture CRD serves ${as.kind} in ${as.apiVersion}`);
  return violations(schema.properties!.spec!, o.spec, '.spec');
}

const kinds = (objs: ClusterObject[]) => objs.map((o) => `${o.apiVersion} ${o.kind}`);

describe('Cilium egress objects (cilium.io/v2alpha1)', () => {
  it('builds a CiliumSRv6VRF (EgressRule selectors, route targets, locator pool) and an egress policy towards the SID', () => {
    const [vrf, policy] = egressObjects(intent, { ...spec, namespaceSelector: { matchLabels: { team: 'blue' } } }, t);
    expect(kinds([vrf!, policy!])).toEqual(['cilium.io/v2alpha1 CiliumSRv6VRF', 'cilium.io/v2alpha1 CiliumSRv6EgressPolicy']);
    expect(vrf!.metadata).toMatchObject({ name: 'l3vpn.tenants.blue', labels: { [OWNER_LABEL]: 'u-1', 'app.kubernetes.io/managed-by': 'netintent' } });
    // Every field of CiliumSRv6VRFSpec in FengGaoCSC/cilium@e24d1d6b ciliumsrv6vrfs.yaml, nothing else.
    expect(vrf!.spec).toEqual({
      vrfID: 100,
      importRouteTarget: 'target:65000:1',
      exportRouteTarget: 'target:65000:2',
      locatorPoolRef: 'pool-a',
      rules: [
        {
          selectors: [{ namespaceSelector: { matchLabels: { team: 'blue' } }, podSelector: { matchLabels: { app: 'blue' } } }],
          destinationCIDRs: ['192.168.100.0/24'],
        },
      ],
    });
    expect(policy!.spec).toEqual({ vrfID: 100, destinationCIDRs: ['192.168.100.0/24'], destinationSID: 'fc00:0:1:7b27::' });
  });

  it('leaves out what is not set (no route targets, no locator pool, no namespace selector)', () => {
    const [vrf] = egressObjects(intent, { ...spec, locatorPool: undefined }, { device: 'pe1', vrf: 'blue', sid: 'fc00::1' });
    expect(Object.keys(vrf!.spec).sort()).toEqual(['rules', 'vrfID']);
    expect(vrf!.spec.rules).toEqual([{ selectors: [{ podSelector: { matchLabels: { app: 'blue' } } }], destinationCIDRs: ['192.168.100.0/24'] }]);
  });
});

describe('Isovalent egress objects (isovalent.com/v1alpha1)', () => {
  // jalapeno/SRv6_dCloud_Lab@ba55fdb4, lab_4/cilium/07-vrf-carrots.yaml: IsovalentVRF "carrots".
  it('reproduces the published lab VRF: vrfID, locatorPoolRef, rules[].selectors[].endpointSelector', () => {
    const carrots: EgressSpec = {
      cni: 'isovalent',
      vrfId: 99,
      podSelector: { matchLabels: { vrf: 'carrots' } },
      destinationCIDRs: ['0.0.0.0/0'],
      locatorPool: 'pool0',
    };
    const [vrf] = egressObjects(intent, carrots, t);
    expect([vrf!.apiVersion, vrf!.kind]).toEqual(['isovalent.com/v1alpha1', 'IsovalentVRF']);
    expect(vrf!.spec).toEqual({
      vrfID: 99,
      locatorPoolRef: 'pool0',
      rules: [{ selectors: [{ endpointSelector: { matchLabels: { vrf: 'carrots' } } }], destinationCIDRs: ['0.0.0.0/0'] }],
    });
  });

  // The same lab, lab_4/lab_4-guide.md: `kubectl get IsovalentSRv6EgressPolicy -o yaml`.
  it('reproduces the published egress policy: vrfID, destinationCIDRs, destinationSID', () => {
    const lab4: EgressSpec = { cni: 'isovalent', vrfId: 99, podSelector: {}, destinationCIDRs: ['40.0.0.0/24'] };
    const [, policy] = egressObjects(intent, lab4, { ...t, sid: 'fc00:0:7777:e007::' });
    expect([policy!.apiVersion, policy!.kind]).toEqual(['isovalent.com/v1alpha1', 'IsovalentSRv6EgressPolicy']);
    expect(policy!.spec).toEqual({ destinationCIDRs: ['40.0.0.0/24'], destinationSID: 'fc00:0:7777:e007::', vrfID: 99 });
  });

  it('selects a namespace with namespaceSelector and writes no route targets (IsovalentVRFSpec has none)', () => {
    const veggies = { matchLabels: { 'kubernetes.io/metadata.name': 'veggies' } };
    const [vrf] = egressObjects(intent, { ...spec, cni: 'isovalent', namespaceSelector: veggies }, t);
    expect(vrf!.spec).not.toHaveProperty('importRouteTarget');
    expect(vrf!.spec).not.toHaveProperty('exportRouteTarget');
    expect(vrf!.spec.rules).toEqual([
      { selectors: [{ namespaceSelector: veggies, endpointSelector: { matchLabels: { app: 'blue' } } }], destinationCIDRs: ['192.168.100.0/24'] },
    ]);
  });
});

describe('the fixture CRDs take each CNI its own form and refuse the other', () => {
  const full: EgressSpec = {
    ...spec,
    namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['blue'] }] },
    destinationCIDRs: ['192.168.100.0/24', '2001:db8::/32'],
  };
  const cilium = egressObjects(intent, full, t);
  const isovalent = egressObjects(intent, { ...full, cni: 'isovalent' }, t);

  it.each([
    ['cilium', cilium],
    ['isovalent', isovalent],
  ])('takes every %s object', (_cni, objs) => {
    for (const o of objs) expect(specViolations(o)).toEqual([]);
  });

  it('refuses the Cilium VRF as an IsovalentVRF, naming the route targets and podSelector', () => {
    expect(specViolations(cilium[0]!, { apiVersion: 'isovalent.com/v1alpha1', kind: 'IsovalentVRF' }).sort()).toEqual([
      '.spec.exportRouteTarget: field not declared in schema',
      '.spec.importRouteTarget: field not declared in schema',
      '.spec.rules[0].selectors[0].podSelector: field not declared in schema',
    ]);
  });

  it('refuses the Isovalent VRF as a CiliumSRv6VRF, naming endpointSelector', () => {
    expect(specViolations(isovalent[0]!, { apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumSRv6VRF' })).toEqual([
      '.spec.rules[0].selectors[0].endpointSelector: field not declared in schema',
    ]);
  });

  it('refuses a SID or CIDR the published patterns refuse, and a missing SID', () => {
    const policy = cilium[1]!;
    expect(specViolations({ ...policy, spec: { ...policy.spec, destinationSID: 'pe1' } })).toEqual(['.spec.destinationSID: does not match the pattern']);
    const badCidr = { ...policy, spec: { ...policy.spec, destinationCIDRs: ['10.0.0.0/33'] } };
    expect(specViolations(badCidr)).toEqual(['.spec.destinationCIDRs[0]: does not match the pattern']);
    expect(specViolations({ ...policy, spec: { vrfID: 1, destinationCIDRs: ['10.0.0.0/8'] } })).toEqual(['.spec.destinationSID: Required value']);
  });

  it('keeps every schema closed: no x-kubernetes-preserve-unknown-fields anywhere', () => {
    const open = (s: Schema): boolean =>
      !!s['x-kubernetes-preserve-unknown-fields'] ||
      Object.values(s.properties ?? {}).some(open) ||
      (!!s.items && open(s.items)) ||
      (typeof s.additionalProperties === 'object' && open(s.additionalProperties));
    expect(CRDS.map((c) => c.metadata!.name).sort()).toEqual([
      'ciliumsrv6egresspolicies.cilium.io',
      'ciliumsrv6vrfs.cilium.io',
      'isovalentsrv6egresspolicies.isovalent.com',
      'isovalentvrfs.isovalent.com',
    ]);
    for (const o of [...cilium, ...isovalent]) expect(open(schemaFor(CRDS, o.apiVersion, o.kind)!)).toBe(false);
  });
});

describe('cluster refusals', () => {
  it('treats an invalid object or an undeclared field as final, and anything else as worth a retry', () => {
    expect(clusterRefused(new ApiError(422, 'Invalid', 'spec.destinationSID: Required value'))).toBe(true);
    const undeclared = 'failed to create typed patch object (...): .spec.rules[0].selectors[0].podSelector: field not declared in schema';
    expect(clusterRefused(new ApiError(500, 'InternalError', undeclared))).toBe(true);
    expect(clusterRefused(new ApiError(500, 'InternalError', 'etcdserver: request timed out'))).toBe(false);
    expect(clusterRefused(new Error('connect ECONNREFUSED'))).toBe(false);
  });
});

describe('object names', () => {
  it('names objects so namespaces cannot collide, and hashes over-long names', () => {
    expect(objectName({ ...intent, namespace: 'a-b', name: 'c' })).not.toBe(objectName({ ...intent, namespace: 'a', name: 'b-c' }));
    const long = objectName({ ...intent, name: 'x'.repeat(253) });
    expect(long.length).toBeLessThanOrEqual(253);
    expect(long).not.toBe(objectName({ ...intent, name: `${'x'.repeat(252)}y` }));
  });
});
