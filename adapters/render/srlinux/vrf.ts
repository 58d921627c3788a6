// VRF → SR Linux ip-vrf with routed subinterfaces: EVPN-VXLAN when the VRF names a VNI,
// BGP-IPVPN (MPLS) otherwise.
import type { SrlNetworkInstance } from '../../yang/gen/srlinux.js';
import type { Fragment, YObject } from '../../yang/tree.js';
import { serviceName, type Device, type VrfPlan } from '../plan.js';
import { NETINST, bgpVpn, networkInstancePath, subinterfaceName, subinterfaceUpdates, vxlanUpdate } from './common.js';

export function srlVrf(plan: VrfPlan, device: Device): Fragment {
  const name = serviceName(plan);
  const endpoints = plan.spec.endpoints.filter((e) => e.device === device.name);
  const updates = endpoints.flatMap((e) => subinterfaceUpdates(e, 'routed'));
  const vni = plan.spec.evpnVxlan?.vni;
  const ni: SrlNetworkInstance = {
    name,
    type: `${NETINST}:ip-vrf`,
    'admin-state': 'enable',
    ...(plan.spec.description ? { description: plan.spec.description } : {}),
    interface: endpoints.map((e) => ({ name: subinterfaceName(e) })),
  };
  if (vni !== undefined) {
    const vxlan = vxlanUpdate(vni, 'routed');
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
  updates.push({ path: networkInstancePath(name), value: ni as unknown as YObject, replace: true });
  return { updates, deletes: [] };
}
