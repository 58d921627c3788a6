import { z } from 'zod';
import { GROUP, VERSION, intentStatusFields } from './common.js';
import { routeDistinguisher, serviceId, srv6Sid, dns1123Label, resourceName } from './formats.js';
import { MAX_ENDPOINTS, customerFields, customerIdRule, deviceRds, deviceSid, immutableOnceSet, l3Endpoint, routeTargets, uniqueEndpoints } from './service.js';
import { driftPolicies } from './drift-policy.js';
import { devicesColumn, type KindDef } from './kind.js';

export const vrfSpec = z
  .object({
    description: z.string().max(80).optional(),
    driftPolicies: driftPolicies(),
    serviceId: serviceId().optional().describe('SR OS vprn service-id; allocated when omitted.'),
    ...customerFields,
    routeDistinguisher: routeDistinguisher()
      .optional()
      .describe('The RD of a VRF on one PE. A VRF on several PEs takes one RD per PE: use routeDistinguishers.'),
    routeDistinguishers: deviceRds()
      .optional()
      .describe('RD per PE; a PE not listed gets <systemAddress>:<n> (type 1) allocated.'),
    routeTargets: routeTargets().optional().describe('Import/export RTs; allocated (or set by the L3VPN) when omitted.'),
    endpoints: z.array(l3Endpoint).min(1).max(MAX_ENDPOINTS).meta({ 'x-kubernetes-validations': [uniqueEndpoints(false)] }),
    srv6: z
      .object({
        locator: dns1123Label().describe('Locator (of each PE) that holds the End.DT46 SID.'),
        sids: z.array(deviceSid).max(MAX_ENDPOINTS).optional().describe('End.DT46 SIDs per device; allocated when omitted.'),
      })
      .optional()
      .describe('BGP-IPVPN over SRv6 instead of MPLS.'),
    evpnVxlan: z
      .object({ vni: z.int().min(1).max(16777215) })
      .optional()
      .describe('EVPN-VXLAN ip-vrf with this VNI (SR Linux members only: netintent does not render the SR OS R-VPLS + evpn-tunnel form).'),
  })
  .meta({
    'x-kubernetes-validations': [
      immutableOnceSet('serviceId'),
      immutableOnceSet('routeDistinguisher'),
      {
        rule: '!has(self.routeDistinguisher) || !has(self.routeDistinguishers)',
        message: 'routeDistinguisher and routeDistinguishers are exclusive',
        fieldPath: '.routeDistinguishers',
      },
      customerIdRule,
      { rule: '!(has(self.srv6) && has(self.evpnVxlan))', message: 'a VRF is either SRv6 (srv6) or EVPN-VXLAN (evpnVxlan), not both', fieldPath: '.evpnVxlan' },
    ],
  });

export const vrfStatus = z.object({
  ...intentStatusFields,
  serviceId: serviceId().optional(),
  routeDistinguishers: z
    .array(z.object({ device: resourceName(), rd: routeDistinguisher() }))
    .max(MAX_ENDPOINTS)
    .optional()
    .describe('The RD of each PE.'),
  routeTargets: routeTargets().partial().optional(),
  sids: z.array(z.object({ device: resourceName(), locator: dns1123Label(), sid: srv6Sid() })).max(MAX_ENDPOINTS).optional(),
});

export const VRF: KindDef = {
  group: GROUP,
  version: VERSION,
  kind: 'VRF',
  plural: 'vrfs',
  shortNames: ['vrf'],
  description: 'A routing instance on one or more PEs (SR OS vprn, SR Linux ip-vrf).',
  spec: vrfSpec,
  status: vrfStatus,
  columns: [
    devicesColumn,
    { name: 'RD', type: 'string', jsonPath: '.status.routeDistinguishers[0].rd', description: "The first PE's RD (status.routeDistinguishers has all)" },
    { name: 'Service-ID', type: 'integer', jsonPath: '.status.serviceId' },
    { name: 'SID', type: 'string', jsonPath: '.status.sids[0].sid', priority: 1 },
  ],
};
export type VRFSpec = z.infer<typeof vrfSpec>;
