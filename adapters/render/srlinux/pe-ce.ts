// PE-CE routing of a VRF on one SR Linux device: static routes through next-hop groups and
// eBGP in the ip-vrf, and the routing policies the neighbors name. Modelled on netlab's
// SR Linux templates (ipspace/netlab netsim/ansible/templates/bgp/srlinux.macro.j2:
// protocols bgp autonomous-system / router-id / afi-safi, group + neighbor peer-group /
// peer-as, import-policy / export-policy from routing-policy; static-routes route
// next-hop-group + next-hop-groups group). SR Linux refuses eBGP routes without a policy
// (ebgp-default-policy import/export-reject-all default true), so every neighbor names one.
import type { PeCeBgp, PeCePolicy } from '../../../apis/service.js';
import type { Update, YObject } from '../../yang/tree.js';
import type { Device, VrfPlan } from '../plan.js';

const BGP = 'srl_nokia-bgp:bgp';
const STATIC_ROUTES = 'srl_nokia-static-routes:static-routes';
const NEXT_HOP_GROUPS = 'srl_nokia-next-hop-groups:next-hop-groups';
const ROUTING_POLICY = 'srl_nokia-routing-policy:routing-policy';
const COMMON = 'srl_nokia-common';

export const CE_GROUP = 'ce';

/**
 * Shared by every VRF on the device (merged, never owned). A BGP export policy that
 * accepts advertises every route of the ip-vrf (BGP-learned, static, local).
 */
export const SRL_PE_CE_POLICIES: Record<PeCePolicy, { name: string; value: YObject }> = {
  'accept-all': { name: 'netintent-ce-accept-all', value: { 'default-action': { 'policy-result': 'accept' } } },
  'reject-all': { name: 'netintent-ce-reject-all', value: { 'default-action': { 'policy-result': 'reject' } } },
};

const isV6 = (a: string) => a.includes(':');
const family = (v6: boolean) => `${COMMON}:${v6 ? 'ipv6' : 'ipv4'}-unicast`;
/** A next-hop-group name per static prefix: `static-10.1.0.0_16`. */
const groupName = (prefix: string) => `static-${prefix.replace('/', '_')}`;

/** Network-instance members for the PE-CE routing of `device`'s endpoints, plus the shared policies. */
export function srlPeCe(plan: VrfPlan, device: Device): { members: YObject; protocols: YObject; updates: Update[] } {
  const endpoints = plan.spec.endpoints.filter((e) => e.device === device.name);
  const members: YObject = {};
  const protocols: YObject = {};
  const updates: Update[] = [];

  const routes = new Map<string, string[]>();
  for (const e of endpoints) for (const r of e.staticRoutes ?? []) routes.set(r.prefix, [...(routes.get(r.prefix) ?? []), r.nextHop]);
  if (routes.size) {
    members[STATIC_ROUTES] = {
      'admin-state': 'enable',
      route: [...routes.keys()].map((prefix) => ({ prefix, 'admin-state': 'enable', 'next-hop-group': groupName(prefix) })),
    };
    members[NEXT_HOP_GROUPS] = {
      group: [...routes].map(([prefix, hops]) => ({
        name: groupName(prefix),
        'admin-state': 'enable',
        nexthop: [...new Set(hops)].map((h, i) => ({ index: i + 1, 'ip-address': h, 'admin-state': 'enable' })),
      })),
    };
  }

  const peers = endpoints.map((e) => e.bgp).filter((b): b is PeCeBgp => b !== undefined);
  if (peers.length) {
    const families = [...new Set(peers.map((b) => isV6(b.peerAddress)))].sort();
    protocols[BGP] = {
      'admin-state': 'enable',
      'autonomous-system': device.spec.asNumber!,
      'router-id': device.spec.systemAddress!,
      'afi-safi': families.map((v6) => ({ 'afi-safi-name': family(v6), 'admin-state': 'enable' })),
      group: [{ 'group-name': CE_GROUP, 'admin-state': 'enable' }],
      neighbor: peers.map((b) => {
        const v6 = isV6(b.peerAddress);
        return {
          'peer-address': b.peerAddress,
          'admin-state': 'enable',
          'peer-group': CE_GROUP,
          'peer-as': b.peerAs,
          ...(b.localAs !== undefined ? { 'local-as': { 'as-number': b.localAs } } : {}),
          'import-policy': [SRL_PE_CE_POLICIES[b.import].name],
          'export-policy': [SRL_PE_CE_POLICIES[b.export].name],
          // Only the session's own family: an IPv4 session carries no IPv6 routes, and back.
          'afi-safi': families.map((f) => ({ 'afi-safi-name': family(f), 'admin-state': f === v6 ? 'enable' : 'disable' })),
        };
      }),
    };
    for (const name of new Set(peers.flatMap((b) => [b.import, b.export]))) {
      const p = SRL_PE_CE_POLICIES[name];
      updates.push({ path: [{ name: ROUTING_POLICY }, { name: 'policy', keys: { name: p.name } }], value: { name: p.name, ...p.value } });
    }
  }
  return { members, protocols, updates };
}
