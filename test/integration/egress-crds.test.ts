// The workload cluster's SRv6 egress CRDs (lab/crds/srv6-egress.yaml, derived from the CNIs'
// published CRDs) on the test bed's real API server: each CNI's objects, applied the way the
// egress workflow applies them, are taken whole; the other CNI's field names are refused, not
// pruned, as a real cluster with that CNI's CRDs refuses them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import {
  clusterRefused,
  egressObjects,
  FIELD_MANAGER,
  type ClusterObject,
  type EgressSpec,
  type IntentRef,
} from '../../adapters/cilium/egress.js';
import { installCRDs, loadManifests } from '../../adapters/k8s/manifests.js';
import { RestClient, type ApiError } from '../../adapters/k8s/rest.js';
import { createActivities } from '../../workflows/activities.js';
import { EGRESS_CRDS } from './egress-lab.js';
import { testKubeConfig } from './kube.js';

const kc = testKubeConfig();
const rest = new RestClient(kc);
const run = Math.random().toString(36).slice(2, 8);
const intent = (name: string): IntentRef => ({
  apiVersion: 'netintent.dev/v1alpha1',
  kind: 'L3VPN',
  namespace: `crds-${run}`,
  name,
  uid: `u-${run}-${name}`,
});
const spec: EgressSpec = {
  cni: 'cilium',
  vrfId: 99,
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'veggies' } },
  podSelector: { matchLabels: { vrf: 'carrots' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
  destinationCIDRs: ['10.101.3.0/24', '2001:db8:101::/48'],
  locatorPool: 'pool0',
};
const t = { device: 'pe1', vrf: 'carrots', sid: 'fc00:0:1:e004::', importRouteTarget: 'target:65000:9', exportRouteTarget: 'target:65000:9' };
const created: ClusterObject[] = [];

/** Server-side apply as the egress workflow does it: a field the schema lacks is an error. */
async function applyStrict(obj: ClusterObject) {
  created.push(obj);
  return rest.apply(obj as unknown as KubernetesObject, FIELD_MANAGER, { fieldValidation: 'Strict' });
}

/** The API server's refusal of `obj`, which the egress workflow treats as final (not retried). */
async function refusal(obj: ClusterObject): Promise<ApiError> {
  const e = await applyStrict(obj).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(clusterRefused(e)).toBe(true);
  return e as ApiError;
}

const ofKind = (objs: ClusterObject[], kind: string) => objs.find((o) => o.kind === kind)!;
const renamed = (o: ClusterObject, name: string): ClusterObject => ({ ...o, metadata: { ...o.metadata, name } });

beforeAll(async () => {
  await installCRDs(kc, loadManifests(EGRESS_CRDS));
}, 60_000);

afterAll(async () => {
  for (const o of created)
    await rest.request('DELETE', await rest.path(o as unknown as KubernetesObject)).catch(() => undefined);
});

describe('SRv6 egress CRDs on a real API server', () => {
  it.each(['cilium', 'isovalent'] as const)('takes the %s objects whole through the workflow activity', async (cni) => {
    const activities = createActivities({ kubeConfig: kc });
    const i = intent(`whole-${cni}`);
    const refs = await activities.applyClusterObjects(i, { ...spec, cni }, t);
    expect(refs).toHaveLength(2);
    const sent = egressObjects(i, { ...spec, cni }, t);
    created.push(...sent);
    for (const want of sent) {
      const got = await rest.request<{ spec: unknown }>('GET', await rest.path(want as unknown as KubernetesObject));
      expect(got.spec).toEqual(want.spec); // nothing pruned, nothing defaulted
    }
    expect(await activities.verifyClusterObjects(i, { ...spec, cni }, t)).toEqual([]);
  });

  // Server-side apply answers an undeclared field with a 500 "failed to create typed patch object".
  it('refuses the Cilium VRF in an IsovalentVRF: route targets, then podSelector', async () => {
    const cilium = ofKind(egressObjects(intent('x'), spec, t), 'CiliumSRv6VRF');
    const asIsovalent = (o: ClusterObject, name: string): ClusterObject => ({
      ...renamed(o, name),
      apiVersion: 'isovalent.com/v1alpha1',
      kind: 'IsovalentVRF',
    });
    const withRts = await refusal(asIsovalent(cilium, `wrong-iso-rt-${run}`));
    expect(withRts.message).toMatch(/\.spec\.(import|export)RouteTarget: field not declared in schema/);
    const withoutRts = egressObjects(intent('x'), spec, { ...t, importRouteTarget: undefined, exportRouteTarget: undefined });
    const noRts = await refusal(asIsovalent(ofKind(withoutRts, 'CiliumSRv6VRF'), `wrong-iso-${run}`));
    expect(noRts.message).toContain('.spec.rules[0].selectors[0].podSelector: field not declared in schema');
  });

  it('refuses the Isovalent endpointSelector in a CiliumSRv6VRF', async () => {
    const isovalent = ofKind(egressObjects(intent('x'), { ...spec, cni: 'isovalent' }, t), 'IsovalentVRF');
    const cilium = { ...renamed(isovalent, `wrong-cilium-${run}`), apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumSRv6VRF' };
    const e = await refusal(cilium);
    expect(e.message).toContain('.spec.rules[0].selectors[0].endpointSelector: field not declared in schema');
  });

  it('refuses what the published patterns and required fields refuse', async () => {
    const [, policy] = egressObjects(intent('x'), spec, t);
    const badSid = await refusal({ ...renamed(policy!, `bad-sid-${run}`), spec: { ...policy!.spec, destinationSID: 'not-a-sid' } });
    expect(badSid.message).toContain('spec.destinationSID');
    const badCidr = await refusal({ ...renamed(policy!, `bad-cidr-${run}`), spec: { ...policy!.spec, destinationCIDRs: ['10.0.0.0/33'] } });
    expect(badCidr.message).toContain('spec.destinationCIDRs[0]');
    const noSid = await refusal({ ...renamed(policy!, `no-sid-${run}`), spec: { vrfID: 1, destinationCIDRs: ['10.0.0.0/8'] } });
    expect(noSid.message).toContain('spec.destinationSID: Required value');
  });
});
