// SR Linux building blocks shared by ip-vrf and mac-vrf: subinterfaces, VXLAN tunnel
// interfaces, and the BGP-VPN RD/RT instance.
import type { SrlInterfaceSubinterface, SrlNetworkInstance, SrlNetworkInstanceProtocolsBgpVpnBgpInstance } from '../../yang/gen/srlinux.js';
import type { Update, YObject, YPath } from '../../yang/tree.js';
import { serviceName, type Device, type RouteTargets, type VplsPlan, type VrfPlan } from '../plan.js';

export const INTERFACES = 'srl_nokia-interfaces';
export const NETINST = 'srl_nokia-network-instance';
export const TUNNEL = 'srl_nokia-tunnel-interfaces';
export const VXLAN_TUNNEL = 'vxlan1';

export interface SrlEndpoint {
  port: string;
  vlan?: number;
  description?: string;
  ipv4?: string;
  ipv6?: string;
}

/** Subinterface index: the VLAN, or 0 for untagged. */
export const subinterfaceName = (e: SrlEndpoint) => `${e.port}.${e.vlan ?? 0}`;

export function networkInstancePath(name: string): YPath {
  return [{ name: `${NETINST}:network-instance`, keys: { name } }];
}

/** The port (shared, merged) and the subinterface this endpoint owns (replaced). */
export function subinterfaceUpdates(e: SrlEndpoint, kind: 'routed' | 'bridged'): Update[] {
  const port: YPath = [{ name: `${INTERFACES}:interface`, keys: { name: e.port } }];
  const sub: SrlInterfaceSubinterface = {
    index: e.vlan ?? 0,
    type: `${INTERFACES}:${kind}`,
    'admin-state': 'enable',
    ...(e.description ? { description: e.description } : {}),
    'srl_nokia-interfaces-vlans:vlan': { encap: e.vlan === undefined ? { untagged: {} } : { 'single-tagged': { 'vlan-id': e.vlan } } },
    ...(e.ipv4 ? { ipv4: { 'admin-state': 'enable', address: [{ 'ip-prefix': e.ipv4 }] } } : {}),
    ...(e.ipv6 ? { ipv6: { 'admin-state': 'enable', address: [{ 'ip-prefix': e.ipv6 }] } } : {}),
  };
  return [
    { path: port, value: { name: e.port, 'admin-state': 'enable', ...(e.vlan !== undefined ? { 'srl_nokia-interfaces-vlans:vlan-tagging': true } : {}) } },
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
  const endpoints = plan.spec.endpoints.filter((e) => e.device === device.name);
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
