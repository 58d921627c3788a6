// PE-CE routing of a VRF on one SR OS PE: static routes and eBGP inside the vprn, and the
// policy-statements the neighbors name. Modelled on the PE side of a working SR OS SRv6
// L3VPN lab (cloud-native-everything/containerlab-srv6-l3vpn-demo, clab-srv6-demo/R1/
// tftpboot/config.txt, vprn "4": autonomous-system, bgp group "ebgp" + neighbor with family
// and export policy, policy-statement "vrf4-ebgp-export" from protocol bgp-vpn) and netlab's
// vrf/bgp templates (netsim/ansible/templates/bgp/sros.gnmi.macro.j2).
import type { PeCeBgp, PeCePolicy } from '../../../apis/service.js';
import type { Update, YObject } from '../../yang/tree.js';
import type { Device, VrfPlan } from '../plan.js';
import { CONFIGURE } from './common.js';

/** The vprn BGP group of every CE neighbor. */
export const CE_GROUP = 'ce';

/**
 * The policies PE-CE neighbors name, shared by every VRF on the device (merged, never owned:
 * removing a VRF leaves them). accept-all on export gives the CE every route of the VRF:
 * learned over the VPN (bgp-vpn), from other CEs (bgp), static and connected (direct).
 */
export const SROS_PE_CE_POLICIES: Record<'import' | 'export', Record<PeCePolicy, { name: string; value: YObject }>> = {
  import: {
    'accept-all': { name: 'netintent-ce-import-all', value: { 'default-action': { 'action-type': 'accept' } } },
    'reject-all': { name: 'netintent-ce-reject-all', value: { 'default-action': { 'action-type': 'reject' } } },
  },
  export: {
    'accept-all': {
      name: 'netintent-ce-export-vrf',
      value: {
        entry: [{ 'entry-id': 10, from: { protocol: { name: ['bgp-vpn', 'bgp', 'static', 'direct'] } }, action: { 'action-type': 'accept' } }],
        'default-action': { 'action-type': 'reject' },
      },
    },
    'reject-all': { name: 'netintent-ce-reject-all', value: { 'default-action': { 'action-type': 'reject' } } },
  },
};

const isV6 = (a: string) => a.includes(':');

/** vprn leaves and lists for the PE-CE routing of `device`'s endpoints (empty when none). */
export function srosPeCe(plan: VrfPlan, device: Device): { vprn: YObject; updates: Update[] } {
  const endpoints = plan.spec.endpoints.filter((e) => e.device === device.name);
  const vprn: YObject = {};
  const updates: Update[] = [];

  // Static routes: one route per prefix; next hops of several endpoints add up (ECMP).
  const routes = new Map<string, string[]>();
  for (const e of endpoints) for (const r of e.staticRoutes ?? []) routes.set(r.prefix, [...(routes.get(r.prefix) ?? []), r.nextHop]);
  if (routes.size) {
    vprn['static-routes'] = {
      route: [...routes].map(([prefix, hops]) => ({
        'ip-prefix': prefix,
        'route-type': 'unicast',
        'next-hop': [...new Set(hops)].map((h) => ({ 'ip-address': h, 'admin-state': 'enable' })),
      })),
    };
  }

  const peers = endpoints.map((e) => e.bgp).filter((b): b is PeCeBgp => b !== undefined);
  if (peers.length) {
    vprn['autonomous-system'] = device.spec.asNumber!;
    vprn.bgp = {
      'admin-state': 'enable',
      group: [{ 'group-name': CE_GROUP, 'admin-state': 'enable' }],
      neighbor: peers.map((b) => ({
        'ip-address': b.peerAddress,
        group: CE_GROUP,
        'peer-as': b.peerAs,
        family: isV6(b.peerAddress) ? { ipv6: true } : { ipv4: true },
        ...(b.localAs !== undefined ? { 'local-as': { 'as-number': b.localAs } } : {}),
        import: { policy: [SROS_PE_CE_POLICIES.import[b.import].name] },
        export: { policy: [SROS_PE_CE_POLICIES.export[b.export].name] },
      })),
    };
    const used = new Map<string, YObject>();
    for (const b of peers) {
      for (const p of [SROS_PE_CE_POLICIES.import[b.import], SROS_PE_CE_POLICIES.export[b.export]]) used.set(p.name, p.value);
    }
    for (const [name, value] of used) {
      updates.push({
        path: [CONFIGURE, { name: 'policy-options' }, { name: 'policy-statement', keys: { name } }],
        value: { name, ...value },
      });
    }
  }
  return { vprn, updates };
}
