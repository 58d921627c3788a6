// VRF → nokia-conf vprn (BGP-IPVPN over MPLS or SRv6) on one SR OS PE.
import type { SrosConfigureServiceVprn, SrosConfigureServiceVprnInterface } from '../../yang/gen/sros.js';
import type { Fragment, YObject } from '../../yang/tree.js';
import { serviceName, type Device, type VrfPlan } from '../plan.js';
import { customerUpdate, sapId, serviceHeader, servicePath } from './common.js';

const SRV6_INSTANCE = 1;

export function srosVrf(plan: VrfPlan, device: Device): Fragment {
  const name = serviceName(plan);
  const interfaces: SrosConfigureServiceVprnInterface[] = plan.spec.endpoints
    .filter((e) => e.device === device.name)
    .map((e) => ({
      'interface-name': `if-${e.port}-${e.vlan ?? 0}`,
      'admin-state': 'enable',
      ...(e.description ? { description: e.description } : {}),
      sap: [{ 'sap-id': sapId(e.port, e.vlan), 'admin-state': 'enable' }],
      ...(e.ipv4 ? { ipv4: { primary: { address: e.ipv4.split('/')[0]!, 'prefix-length': Number(e.ipv4.split('/')[1]) } } } : {}),
      ...(e.ipv6 ? { ipv6: { address: [{ 'ipv6-address': e.ipv6.split('/')[0]!, 'prefix-length': Number(e.ipv6.split('/')[1]) }] } } : {}),
    }));
  const target = { 'import-community': plan.routeTargets.import, 'export-community': plan.routeTargets.export };
  const sid = plan.sids[device.name];
  const vprn: SrosConfigureServiceVprn = {
    ...serviceHeader(plan),
    interface: interfaces,
    'bgp-ipvpn': sid
      ? {
          'segment-routing-v6': [
            {
              'bgp-instance': 1,
              'admin-state': 'enable',
              'route-distinguisher': plan.routeDistinguisher,
              srv6: { instance: SRV6_INSTANCE, 'default-locator': sid.locator },
              'vrf-target': target,
            },
          ],
        }
      : {
          mpls: {
            'admin-state': 'enable',
            'route-distinguisher': plan.routeDistinguisher,
            'vrf-target': target,
            'auto-bind-tunnel': { resolution: 'any' },
          },
        },
    ...(sid
      ? {
          'segment-routing-v6': [
            { instance: SRV6_INSTANCE, locator: [{ 'locator-name': sid.locator, function: { 'end-dt46': { value: sid.function } } }] },
          ],
        }
      : {}),
  };
  return {
    updates: [customerUpdate(plan.spec.customer), { path: servicePath('vprn', name), value: vprn as unknown as YObject, replace: true }],
    deletes: [],
  };
}
