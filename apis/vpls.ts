import { z } from 'zod';
import { driftPolicies } from './drift-policy.js';
import { GROUP, VERSION, intentStatusFields } from './common.js';
import { routeDistinguisher, serviceId, srv6Sid, dns1123Label, resourceName } from './formats.js';
import { MAX_ENDPOINTS, customerFields, customerIdRule, deviceRds, immutableOnceSet, l2Endpoint, routeTargets, uniqueEndpoints } from './service.js';
import { devicesColumn, type KindDef } from './kind.js';

export const EVPN_ENCAPSULATIONS = ['vxlan', 'mpls'] as const;

/** End.DT2U / End.DT2M SIDs of one device. */
const vplsSids = z.object({ device: resourceName(), endDt2u: srv6Sid().optional(), endDt2m: srv6Sid().optional() });

export const vplsSpec = z
  .object({
    description: z.string().max(80).optional(),
    serviceId: serviceId().optional().describe('SR OS vpls service-id; allocated when omitted.'),
    driftPolicies: driftPolicies(),
    ...customerFields,
    mtu: z.int().min(1).max(9782).optional().describe('Service MTU.'),
    endpoints: z.array(l2Endpoint).min(1).max(MAX_ENDPOINTS).meta({ 'x-kubernetes-validations': [uniqueEndpoints(true)] }),
    evpn: z
      .object({
        evi: z.int().min(1).max(65535).describe('EVPN instance id.'),
        encapsulation: z
          .enum(EVPN_ENCAPSULATIONS)
          .optional()
          .describe(
            'EVPN data plane on every member: vxlan (SR OS vpls vxlan + bgp-evpn vxlan, SR Linux mac-vrf vxlan-interface) or ' +
              'mpls (SR OS only). Defaults to vxlan when a member is SR Linux, else mpls; not with srv6. Never mixed within one service.',
          ),
        vni: z.int().min(1).max(16777215).optional().describe('VXLAN VNI (with vxlan encapsulation); defaults to the EVI.'),
        routeDistinguisher: routeDistinguisher()
          .optional()
          .describe('The RD of a VPLS on one PE. A VPLS on several PEs takes one RD per PE: use routeDistinguishers.'),
        routeDistinguishers: deviceRds()
          .optional()
          .describe('RD per PE; a PE not listed gets <systemAddress>:<n> (type 1) allocated.'),
        routeTargets: routeTargets()
          .optional()
          .describe("Defaults to target:<ASN>:<EVI> (the devices' asNumber); with explicit RTs no asNumber is needed."),
      })
      .optional(),
    srv6: z
      .object({
        locator: dns1123Label().describe('Locator (of each SR OS PE) for End.DT2U / End.DT2M.'),
        sids: z
          .array(vplsSids)
          .max(MAX_ENDPOINTS)
          .optional()
          .describe('Per-device SIDs; allocated when omitted.'),
      })
      .optional()
      .describe('EVPN over SRv6 (SR OS) instead of MPLS/VXLAN.'),
  })
  .meta({
    'x-kubernetes-validations': [
      immutableOnceSet('serviceId'),
      { rule: '!has(self.srv6) || has(self.evpn)', message: 'srv6 transport needs evpn (EVPN over SRv6)', fieldPath: '.srv6' },
      {
        rule: '!has(self.srv6) || !has(self.evpn.encapsulation)',
        message: 'evpn.encapsulation does not apply to EVPN over SRv6: leave it out or remove srv6',
        fieldPath: '.evpn.encapsulation',
      },
      customerIdRule,
      {
        rule: '!has(self.evpn) || !has(self.evpn.routeDistinguisher) || !has(self.evpn.routeDistinguishers)',
        message: 'evpn.routeDistinguisher and evpn.routeDistinguishers are exclusive',
        fieldPath: '.evpn.routeDistinguishers',
      },
    ],
  });

export const vplsStatus = z.object({
  ...intentStatusFields,
  serviceId: serviceId().optional(),
  routeDistinguishers: z
    .array(z.object({ device: resourceName(), rd: routeDistinguisher() }))
    .max(MAX_ENDPOINTS)
    .optional()
    .describe('The EVPN RD of each PE.'),
  routeTargets: routeTargets().partial().optional(),
  sids: z.array(vplsSids).max(MAX_ENDPOINTS).optional(),
});

export const VPLS: KindDef = {
  group: GROUP,
  version: VERSION,
  kind: 'VPLS',
  plural: 'vplss',
  shortNames: ['vpls'],
  description: 'A layer-2 multipoint service (SR OS vpls, SR Linux mac-vrf).',
  spec: vplsSpec,
  status: vplsStatus,
  columns: [
    devicesColumn,
    { name: 'Service-ID', type: 'integer', jsonPath: '.status.serviceId' },
    { name: 'EVI', type: 'integer', jsonPath: '.spec.evpn.evi' },
  ],
};
export type VPLSSpec = z.infer<typeof vplsSpec>;
