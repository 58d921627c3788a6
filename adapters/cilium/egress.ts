// The workload cluster's side of an SRv6 L3VPN: a VRF object that steers the selected pods'
// traffic for the destination CIDRs into the VRF, and an egress policy that encapsulates it
// towards the PE's End.DT46 SID. Pure builders, one flavour per CNI, each with exactly the
// fields its CNI publishes (lab/crds/srv6-egress.yaml carries both schemas and names them):
// - Cilium, cilium.io/v2alpha1 (FengGaoCSC/cilium@e24d1d6b, pkg/k8s/apis/cilium.io/client/crds/
//   v2alpha1/ciliumsrv6vrfs.yaml): pods picked by Cilium's EgressRule (namespaceSelector,
//   podSelector); the VRF carries its route targets and locator pool.
// - Isovalent Enterprise, isovalent.com/v1alpha1 (nobidev/cilium@f9320a9a, pkg/k8s/apis/
//   isovalent.com/client/crds/v1alpha1/isovalentvrfs.yaml; used as in jalapeno/SRv6_dCloud_Lab
//   lab_4/cilium/07-vrf-carrots.yaml): pods picked by namespaceSelector + endpointSelector. The
//   VRF has no route targets: Isovalent's BGP control plane takes them from the operator's
//   IsovalentBGPClusterConfig (`bgpInstances[].vrfs[]`: vrfRef, rd, importRTs, exportRTs), which
//   is cluster-wide BGP configuration netintent does not own.
// Both egress policies are the same: vrfID, destinationCIDRs, destinationSID.
import { createHash } from 'node:crypto';
import { ApiError } from '../k8s/rest.js';

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

/**
 * What the PE side settled: the SID that terminates the traffic, and the VPN's route targets
 * (written only where the CNI's VRF has them: Cilium's).
 */
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

/** Cilium's CiliumSRv6VRF spec: EgressRule selectors, route targets and locator pool on the VRF. */
function ciliumVrfSpec(spec: EgressSpec, t: Termination): Record<string, unknown> {
  const vrf: Record<string, unknown> = { vrfID: spec.vrfId };
  if (t.importRouteTarget) vrf.importRouteTarget = t.importRouteTarget;
  if (t.exportRouteTarget) vrf.exportRouteTarget = t.exportRouteTarget;
  if (spec.locatorPool) vrf.locatorPoolRef = spec.locatorPool;
  const selector = present({ namespaceSelector: spec.namespaceSelector, podSelector: spec.podSelector });
  vrf.rules = [{ selectors: [selector], destinationCIDRs: spec.destinationCIDRs }];
  return vrf;
}

/** Isovalent's IsovalentVRF spec: the pods are endpoints; no route targets (see the header). */
function isovalentVrfSpec(spec: EgressSpec): Record<string, unknown> {
  const vrf: Record<string, unknown> = { vrfID: spec.vrfId };
  if (spec.locatorPool) vrf.locatorPoolRef = spec.locatorPool;
  const selector = present({ namespaceSelector: spec.namespaceSelector, endpointSelector: spec.podSelector });
  vrf.rules = [{ selectors: [selector], destinationCIDRs: spec.destinationCIDRs }];
  return vrf;
}

/** The members that are set: an absent selector is left out, never written as null. */
function present(fields: Record<string, LabelSelector | undefined>): Record<string, LabelSelector> {
  const set = Object.entries(fields).filter((e): e is [string, LabelSelector] => e[1] !== undefined);
  return Object.fromEntries(set);
}

export function egressObjects(intent: IntentRef, spec: EgressSpec, t: Termination): ClusterObject[] {
  const flavour = FLAVOURS[spec.cni];
  const metadata = () => ({
    name: objectName(intent),
    labels: { ...MANAGED_BY, [OWNER_LABEL]: intent.uid },
    annotations: { 'netintent.dev/intent': `${intent.kind}/${intent.namespace}/${intent.name}`, 'netintent.dev/terminated-by': `${t.device}/${t.vrf}` },
  });
  const vrf = spec.cni === 'isovalent' ? isovalentVrfSpec(spec) : ciliumVrfSpec(spec, t);
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

/**
 * The workload cluster refused an object for what it holds, so retrying cannot help: invalid
 * (400/422), or a field its CRD does not declare, which server-side apply reports as a 500
 * ("failed to create typed patch object ...: .spec.x: field not declared in schema").
 */
export function clusterRefused(e: unknown): e is ApiError {
  if (!(e instanceof ApiError)) return false;
  return e.code === 400 || e.code === 422 || (e.code === 500 && /field not declared in schema/.test(e.message));
}

export function kindRef(kind: string): KindRef {
  const k = ALL_KINDS.find((x) => x.kind === kind);
  if (!k) throw new Error(`not a cluster egress kind: ${kind}`);
  return k;
}
