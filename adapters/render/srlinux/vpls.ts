// VPLS → SR Linux mac-vrf with bridged subinterfaces, stretched over EVPN-VXLAN when it has EVPN.
import type { SrlNetworkInstance } from '../../yang/gen/srlinux.js';
import type { Fragment, YObject } from '../../yang/tree.js';
import { serviceName, type Device, type VplsPlan } from '../plan.js';
import { NETINST, bgpVpn, networkInstancePath, subinterfaceName, subinterfaceUpdates, vxlanUpdate } from './common.js';

export function srlVpls(plan: VplsPlan, device: Device): Fragment {
  const name = serviceName(plan);
  const endpoints = plan.spec.endpoints.filter((e) => e.device === device.name);
  const updates = endpoints.flatMap((e) => subinterfaceUpdates(e, 'bridged'));
  const ni: SrlNetworkInstance = {
    name,
    type: `${NETINST}:mac-vrf`,
    'admin-state': 'enable',
    ...(plan.spec.description ? { description: plan.spec.description } : {}),
    interface: endpoints.map((e) => ({ name: subinterfaceName(e) })),
  };
  if (plan.evpn) {
    const vxlan = vxlanUpdate(plan.evpn.vni, 'bridged');
    updates.push(vxlan.update);
    ni['vxlan-interface'] = [{ name: vxlan.name }];
    ni.protocols = {
      'bgp-evpn': {
        'srl_nokia-bgp-evpn:bgp-instance': [{ id: 1, 'admin-state': 'enable', 'vxlan-interface': vxlan.name, evi: plan.evpn.evi }],
      },
      'srl_nokia-bgp-vpn:bgp-vpn': { 'bgp-instance': bgpVpn(plan.evpn.routeDistinguisher, plan.evpn.routeTargets) },
    };
  }
  updates.push({ path: networkInstancePath(name), value: ni as unknown as YObject, replace: true });
  return { updates, deletes: [] };
}
