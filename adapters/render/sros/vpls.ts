// VPLS → nokia-conf vpls (EVPN over VXLAN, MPLS or SRv6, or plain local switching) on one SR OS PE.
import type { SrosConfigureServiceVpls } from '../../yang/gen/sros.js';
import type { Fragment, YObject } from '../../yang/tree.js';
import { serviceName, type Device, type VplsPlan } from '../plan.js';
import { customerUpdate, sapId, serviceHeader, servicePath } from './common.js';

const SRV6_INSTANCE = 1;
const VXLAN_INSTANCE = 1;

export function srosVpls(plan: VplsPlan, device: Device): Fragment {
  const name = serviceName(plan);
  const sid = plan.sids[device.name];
  const evpn = plan.evpn;
  const vpls: SrosConfigureServiceVpls = {
    ...serviceHeader(plan),
    ...(plan.spec.mtu ? { 'service-mtu': plan.spec.mtu } : {}),
    sap: plan.spec.endpoints
      .filter((e) => e.device === device.name)
      .map((e) => ({ 'sap-id': sapId(e.port, e.vlan, e.innerVlan), 'admin-state': 'enable' as const })),
  };
  if (evpn) {
    vpls.bgp = [{ 'bgp-instance': 1, 'route-distinguisher': evpn.routeDistinguishers[device.name]!, 'route-target': evpn.routeTargets }];
    vpls['bgp-evpn'] = sid
      ? {
          evi: evpn.evi,
          'segment-routing-v6': [
            { 'bgp-instance': 1, 'admin-state': 'enable', srv6: { instance: SRV6_INSTANCE, 'default-locator': sid.locator } },
          ],
        }
      : evpn.encapsulation === 'vxlan'
        ? { evi: evpn.evi, vxlan: [{ 'bgp-instance': 1, 'vxlan-instance': VXLAN_INSTANCE, 'admin-state': 'enable' }] }
        : { evi: evpn.evi, mpls: [{ 'bgp-instance': 1, 'admin-state': 'enable', 'auto-bind-tunnel': { resolution: 'any' } }] };
    // EVPN-VXLAN, as SR Linux speaks it: the VNI on the service, bound to bgp-evpn vxlan
    // (netlab netsim/ansible/templates/vxlan/sros.j2: vxlan instance 1 vni, bgp-evpn vxlan
    // vxlan-instance 1 bgp-instance 1). The VTEP is the system address.
    if (!sid && evpn.encapsulation === 'vxlan') vpls.vxlan = { instance: [{ 'vxlan-instance': VXLAN_INSTANCE, vni: evpn.vni }] };
  }
  if (sid) {
    vpls['segment-routing-v6'] = [
      {
        instance: SRV6_INSTANCE,
        locator: [
          {
            'locator-name': sid.locator,
            function: { 'end-dt2u': { value: sid.dt2u.function }, 'end-dt2m': { value: sid.dt2m.function } },
          },
        ],
      },
    ];
  }
  return {
    updates: [customerUpdate(plan.spec), { path: servicePath('vpls', name), value: vpls as unknown as YObject, replace: true }],
    deletes: [],
  };
}
