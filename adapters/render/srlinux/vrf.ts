// VRF → SR Linux ip-vrf with routed subinterfaces: EVPN-VXLAN when the VRF names a VNI,
// BGP-IPVPN (MPLS) otherwise; plus PE-CE routing (static routes, eBGP).
import type { Fragment, YObject } from '../../yang/tree.js';
import type { Device, VrfPlan } from '../plan.js';
import { bgpVpn, networkInstance, networkInstanceUpdate, vxlanUpdate } from './common.js';
import { srlPeCe } from './pe-ce.js';

/**
 * The tunnels BGP-IPVPN next hops resolve to. SR Linux refuses encapsulation-type mpls
 * without them (srl_nokia-bgp-ipvpn must); netlab uses the same pair
 * (ipspace/netlab netsim/ansible/templates/mpls/srlinux/vpn.j2).
 */
const MPLS_TUNNEL_TYPES = ['srl_nokia-common:ldp', 'srl_nokia-common:sr-isis'];

export function srlVrf(plan: VrfPlan, device: Device): Fragment {
  const { ni, kind, updates } = networkInstance(plan, device, 'ip-vrf');
  const vni = plan.spec.evpnVxlan?.vni;
  if (vni !== undefined) {
    const vxlan = vxlanUpdate(vni, kind);
    updates.push(vxlan.update);
    ni['vxlan-interface'] = [{ name: vxlan.name }];
    ni.protocols = {
      'bgp-evpn': {
        'srl_nokia-bgp-evpn:bgp-instance': [{ id: 1, 'admin-state': 'enable', 'vxlan-interface': vxlan.name, evi: plan.evi! }],
      },
      'srl_nokia-bgp-vpn:bgp-vpn': { 'bgp-instance': bgpVpn(plan.routeDistinguishers[device.name]!, plan.routeTargets) },
    };
  } else {
    ni.protocols = {
      'bgp-ipvpn': {
        'srl_nokia-bgp-ipvpn:bgp-instance': [
          {
            id: 1,
            'admin-state': 'enable',
            'encapsulation-type': 'mpls',
            mpls: { 'next-hop-resolution': { 'allowed-tunnel-types': MPLS_TUNNEL_TYPES } },
          },
        ],
      },
      'srl_nokia-bgp-vpn:bgp-vpn': { 'bgp-instance': bgpVpn(plan.routeDistinguishers[device.name]!, plan.routeTargets) },
    };
  }
  const peCe = srlPeCe(plan, device);
  Object.assign(ni.protocols, peCe.protocols);
  const own = networkInstanceUpdate(ni);
  updates.push({ ...own, value: { ...(own.value as YObject), ...peCe.members } }, ...peCe.updates);
  return { updates, deletes: [] };
}
