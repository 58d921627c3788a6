// VRF → SR Linux ip-vrf with routed subinterfaces: EVPN-VXLAN when the VRF names a VNI,
// BGP-IPVPN (MPLS) otherwise.
import type { Fragment } from '../../yang/tree.js';
import type { Device, VrfPlan } from '../plan.js';
import { bgpVpn, networkInstance, networkInstanceUpdate, vxlanUpdate } from './common.js';

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
      'srl_nokia-bgp-vpn:bgp-vpn': { 'bgp-instance': bgpVpn(plan.routeDistinguisher, plan.routeTargets) },
    };
  } else {
    ni.protocols = {
      'bgp-ipvpn': { 'srl_nokia-bgp-ipvpn:bgp-instance': [{ id: 1, 'admin-state': 'enable', 'encapsulation-type': 'mpls' }] },
      'srl_nokia-bgp-vpn:bgp-vpn': { 'bgp-instance': bgpVpn(plan.routeDistinguisher, plan.routeTargets) },
    };
  }
  updates.push(networkInstanceUpdate(ni));
  return { updates, deletes: [] };
}
