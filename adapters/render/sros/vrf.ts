// VRF → nokia-conf vprn (BGP-IPVPN over MPLS or SRv6) on one SR OS PE.
import type { SrosConfigureServiceVprn, SrosConfigureServiceVprnInterface } from '../../yang/gen/sros.js';
import type { Fragment, YObject } from '../../yang/tree.js';
import { serviceName, type Device, type VrfPlan } from '../plan.js';
import { customerUpdate, interfaceName, sapId, serviceHeader, servicePath } from './common.js';
import { srosPeCe } from './pe-ce.js';

const SRV6_INSTANCE = 1;

export function srosVrf(plan: VrfPlan, device: Device): Fragment {
  const name = serviceName(plan);
  const interfaces: SrosConfigureServiceVprnInterface[] = plan.spec.endpoints
    .filter((e) => e.device === device.name)
    .map((e) => ({
      'interface-name': interfaceName(e.port, e.vlan),
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
              'route-distinguisher': plan.routeDistinguishers[device.name]!,
              srv6: { instance: SRV6_INSTANCE, 'default-locator': sid.locator },
              'vrf-target': target,
            },
          ],
        }
      : {
          mpls: {
            'admin-state': 'enable',
            'route-distinguisher': plan.routeDistinguishers[device.name]!,
            'vrf-target': target,
            'auto-bind-tunnel': { resolution: 'any' },
          },
        },
    // End.DT46 with a static value netintent allocated within the locator's static range (SR OS
    // refuses static values outside 1..static-function max-entries); status.sids reports the SID.
    ...(sid
      ? {
          'segment-routing-v6': [
            { instance: SRV6_INSTANCE, locator: [{ 'locator-name': sid.locator, function: { 'end-dt46': { value: sid.function } } }] },
          ],
        }
      : {}),
  };
  const peCe = srosPeCe(plan, device);
  return {
    updates: [customerUpdate(plan.spec), { path: servicePath('vprn', name), value: { ...(vprn as unknown as YObject), ...peCe.vprn }, replace: true }, ...peCe.updates],
    deletes: [],
  };
}
