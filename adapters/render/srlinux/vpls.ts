// VPLS → SR Linux mac-vrf with bridged subinterfaces, stretched over EVPN-VXLAN when it has EVPN.
import type { Fragment } from '../../yang/tree.js';
import type { Device, VplsPlan } from '../plan.js';
import { bgpVpn, networkInstance, networkInstanceUpdate, vxlanUpdate } from './common.js';

export function srlVpls(plan: VplsPlan, device: Device): Fragment {
  const { ni, kind, updates } = networkInstance(plan, device, 'mac-vrf');
  if (plan.evpn) {
    const vxlan = vxlanUpdate(plan.evpn.vni, kind);
    updates.push(vxlan.update);
    ni['vxlan-interface'] = [{ name: vxlan.name }];
    ni.protocols = {
      'bgp-evpn': {
        'srl_nokia-bgp-evpn:bgp-instance': [{ id: 1, 'admin-state': 'enable', 'vxlan-interface': vxlan.name, evi: plan.evpn.evi }],
      },
      'srl_nokia-bgp-vpn:bgp-vpn': { 'bgp-instance': bgpVpn(plan.evpn.routeDistinguishers[device.name]!, plan.evpn.routeTargets) },
    };
  }
  updates.push(networkInstanceUpdate(ni));
  return { updates, deletes: [] };
}
