// The workload cluster's side of an SRv6 L3VPN: a VRF object that steers the selected pods'
// traffic for the destination CIDRs into the VRF, and an egress policy that encapsulates it
// towards the PE's End.DT46 SID. Pure builders, one flavour per CNI: upstream Cilium
// (cilium.io/v2alpha1) or Isovalent Enterprise (isovalent.com/v1alpha1), same fields.
import { createHash } from 'node:crypto';

export type Cni = 'cilium' | 'isovalent';

interface KindRef {
  apiVersion: string;
  kind: string;
  plural: string;
}

export const FLAVOURS: Record<Cni, { vrf: KindRef; policy: KindRef }> = {
  cilium: {
    vrf: { apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumSRv6VRF', plural: 'ciliumsrv6vrfs' },
    policy: { apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumSRv6EgressPolicy', plural: 'ciliumsrv6egresspolicies' },
  },
  isovalent: {
    vrf: { apiVersion: 'isovalent.com/v1alpha1', kind: 'IsovalentVRF', plural: 'isovalentvrfs' },
    policy: { apiVersion: 'isovalent.com/v1alpha1', kind: 'IsovalentSRv6EgressPolicy', plural: 'isovalentsrv6egresspolicies' },
  },
};

/** Every kind netintent may have written, whatever the flavour: what clean-up looks through. */
export const ALL_KINDS: KindRef[] = Object.values(FLAVOURS).flatMap((f) => [f.policy, f.vrf]);

/** Marks the objects of one intent (its uid), so clean-up finds them even after a crash. */
export const OWNER_LABEL = 'netintent.dev/egress-owner';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'netintent' };
/** Server-side apply field manager. */
export const FIELD_MANAGER = 'netintent';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** `L3VPN.spec.clusterEgress`, with the default filled in. */
export interface EgressSpec {
  kubeconfigSecretRef?: { name: string; key: string };
  cni: Cni;
  vrfId: number;
  namespaceSelector?: LabelSelector;
  podSelector?: LabelSelector;
  destinationCIDRs: string[];
  terminatingVrf?: string;
  terminatingDevice?: string;
  locatorPool?: string;
}

export interface IntentRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

/** What the PE side settled: the SID that terminates the traffic, and the VPN's route targets. */
export interface Termination {
  device: string;
  vrf: string;
  sid: string;
  importRouteTarget?: string;
  exportRouteTarget?: string;
}

export interface ClusterObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: Record<string, unknown>;
}

/** `kind/name`, how status and logs name a cluster object. */
export const refOf = (o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`;

/**
 * Cluster-scoped, so the name carries the intent's namespace: `l3vpn.<ns>.<name>` (a namespace
 * has no dots, so it cannot collide); over-long names keep a hash of the whole.
 */
export function objectName(intent: IntentRef): string {
  const full = `${intent.kind.toLowerCase()}.${intent.namespace}.${intent.name}`;
  if (full.length <= 253) return full;
  return `${full.slice(0, 236)}-${createHash('sha256').update(full).digest('hex').slice(0, 16)}`;
}

export function egressObjects(intent: IntentRef, spec: EgressSpec, t: Termination): ClusterObject[] {
  const flavour = FLAVOURS[spec.cni];
  const metadata = () => ({
    name: objectName(intent),
    labels: { ...MANAGED_BY, [OWNER_LABEL]: intent.uid },
    annotations: { 'netintent.dev/intent': `${intent.kind}/${intent.namespace}/${intent.name}`, 'netintent.dev/terminated-by': `${t.device}/${t.vrf}` },
  });
  const selector: Record<string, unknown> = {};
  if (spec.namespaceSelector) selector.namespaceSelector = spec.namespaceSelector;
  if (spec.podSelector) selector.podSelector = spec.podSelector;
  const vrf: Record<string, unknown> = { vrfID: spec.vrfId };
  if (t.importRouteTarget) vrf.importRouteTarget = t.importRouteTarget;
  if (t.exportRouteTarget) vrf.exportRouteTarget = t.exportRouteTarget;
  if (spec.locatorPool) vrf.locatorPoolRef = spec.locatorPool;
  vrf.rules = [{ selectors: [selector], destinationCIDRs: spec.destinationCIDRs }];
  return [
    { apiVersion: flavour.vrf.apiVersion, kind: flavour.vrf.kind, metadata: metadata(), spec: vrf },
    {
      apiVersion: flavour.policy.apiVersion,
      kind: flavour.policy.kind,
      metadata: metadata(),
      spec: { vrfID: spec.vrfId, destinationCIDRs: spec.destinationCIDRs, destinationSID: t.sid },
    },
  ];
}

export function kindRef(kind: string): KindRef {
  const k = ALL_KINDS.find((x) => x.kind === kind);
  if (!k) throw new Error(`not a cluster egress kind: ${kind}`);
  return k;
}
