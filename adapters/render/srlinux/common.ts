// SR Linux building blocks shared by ip-vrf and mac-vrf: subinterfaces, VXLAN tunnel
// interfaces, and the BGP-VPN RD/RT instance.
import type {
  SrlInterfaceSubinterface,
  SrlInterfaceSubinterfaceVlanEncap,
  SrlNetworkInstance, SrlNetworkInstanceProtocolsBgpVpnBgpInstance } from '../../yang/gen/srlinux.js';
import type { Update, YObject, YPath } from '../../yang/tree.js';
import { endpointKey, serviceName, type Device, type RouteTargets, type VplsPlan, type VrfPlan } from '../plan.js';

export const INTERFACES = 'srl_nokia-interfaces';
export const NETINST = 'srl_nokia-network-instance';
export const TUNNEL = 'srl_nokia-tunnel-interfaces';
export const VXLAN_TUNNEL = 'vxlan1';

export interface SrlEndpoint {
  port: string;
  vlan?: number;
  /** Inner tag: a double-tagged (Q-in-Q) bridged subinterface. */
  innerVlan?: number;
  /** Subinterface index when it is not the VLAN (double-tagged: allocated above 4094). */
  index?: number;
  description?: string;
  ipv4?: string;
  ipv6?: string;
}

/** Subinterface index: the VLAN, 0 for untagged, or the allocated index of a double-tagged one. */
const indexOf = (e: SrlEndpoint) => e.index ?? e.vlan ?? 0;
export const subinterfaceName = (e: SrlEndpoint) => `${e.port}.${indexOf(e)}`;

/**
 * The VLAN encapsulation of a subinterface (srl_nokia-interfaces-vlans encap), undefined for
 * a routed untagged one: SR Linux allows `untagged` only on bridged subinterfaces of a
 * vlan-tagging port; a routed subinterface without encap takes the untagged frames of a
 * port without vlan-tagging.
 */
function encapOf(e: SrlEndpoint, kind: 'routed' | 'bridged'): SrlInterfaceSubinterfaceVlanEncap | undefined {
  if (e.vlan === undefined) return kind === 'bridged' ? { untagged: {} } : undefined;
  if (e.innerVlan === undefined) return { 'single-tagged': { 'vlan-id': e.vlan } };
  return { 'double-tagged': { 'outer-vlan-id': e.vlan, 'inner-vlan-id': e.innerVlan } };
}

export function networkInstancePath(name: string): YPath {
  return [{ name: `${NETINST}:network-instance`, keys: { name } }];
}

/** The port (shared, merged) and the subinterface this endpoint owns (replaced). */
export function subinterfaceUpdates(e: SrlEndpoint, kind: 'routed' | 'bridged'): Update[] {
  const port: YPath = [{ name: `${INTERFACES}:interface`, keys: { name: e.port } }];
  const encap = encapOf(e, kind);
  const sub: SrlInterfaceSubinterface = {
    index: indexOf(e),
    type: `${INTERFACES}:${kind}`,
    'admin-state': 'enable',
    ...(e.description ? { description: e.description } : {}),
    ...(encap ? { 'srl_nokia-interfaces-vlans:vlan': { encap } } : {}),
    ...(e.ipv4 ? { ipv4: { 'admin-state': 'enable', address: [{ 'ip-prefix': e.ipv4 }] } } : {}),
    ...(e.ipv6 ? { ipv6: { 'admin-state': 'enable', address: [{ 'ip-prefix': e.ipv6 }] } } : {}),
  };
  return [
    { path: port, value: { name: e.port, 'admin-state': 'enable', ...(encap ? { 'srl_nokia-interfaces-vlans:vlan-tagging': true } : {}) } },
    { path: [...port, { name: 'subinterface', keys: { index: sub.index } }], value: sub as unknown as YObject, replace: true },
  ];
}

/** `vxlan1.<vni>`: the VXLAN interface carrying one VNI. */
export function vxlanUpdate(vni: number, kind: 'routed' | 'bridged'): { name: string; update: Update } {
  return {
    name: `${VXLAN_TUNNEL}.${vni}`,
    update: {
      path: [{ name: `${TUNNEL}:tunnel-interface`, keys: { name: VXLAN_TUNNEL } }, { name: 'vxlan-interface', keys: { index: vni } }],
      value: { index: vni, type: `${INTERFACES}:${kind}`, ingress: { vni } },
      replace: true,
    },
  };
}

export function bgpVpn(routeDistinguisher: string, rt: RouteTargets): SrlNetworkInstanceProtocolsBgpVpnBgpInstance[] {
  return [{ id: 1, 'route-distinguisher': { rd: routeDistinguisher }, 'route-target': { 'export-rt': rt.export, 'import-rt': rt.import } }];
}

/**
 * The network instance of a VRF (ip-vrf, routed) or VPLS (mac-vrf, bridged) on one device,
 * with the subinterface updates of its endpoints there. Callers add protocols.
 */
export function networkInstance(plan: VrfPlan | VplsPlan, device: Device, type: 'ip-vrf' | 'mac-vrf') {
  const kind = type === 'ip-vrf' ? 'routed' : 'bridged';
  const endpoints: SrlEndpoint[] = plan.spec.endpoints
    .filter((e) => e.device === device.name)
    .map((e) => {
      const index = plan.kind === 'VPLS' ? plan.subinterfaces?.[endpointKey(e)] : undefined;
      return index === undefined ? e : { ...e, index };
    });
  const ni: SrlNetworkInstance = {
    name: serviceName(plan),
    type: `${NETINST}:${type}`,
    'admin-state': 'enable',
    ...(plan.spec.description ? { description: plan.spec.description } : {}),
    interface: endpoints.map((e) => ({ name: subinterfaceName(e) })),
  };
  return { ni, kind, updates: endpoints.flatMap((e) => subinterfaceUpdates(e, kind)) } as const;
}

/** The network instance, owned whole by its intent. */
export function networkInstanceUpdate(ni: SrlNetworkInstance): Update {
  return { path: networkInstancePath(ni.name), value: ni as unknown as YObject, replace: true };
}
