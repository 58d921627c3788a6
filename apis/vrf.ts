import { z } from 'zod';
import { GROUP, VERSION, intentStatusFields } from './common.js';
import { routeDistinguisher, serviceId, srv6Sid, dns1123Label, resourceName } from './formats.js';
import { MAX_ENDPOINTS, deviceSid, immutableOnceSet, l3Endpoint, routeTargets, uniqueEndpoints } from './service.js';
import { devicesColumn, type KindDef } from './kind.js';

export const vrfSpec = z
  .object({
    description: z.string().max(80).optional(),
    serviceId: serviceId().optional().describe('SR OS vprn service-id; allocated when omitted.'),
    customer: z.string().min(1).max(64).default('1').describe('SR OS customer name.'),
    routeDistinguisher: routeDistinguisher().optional().describe('Allocated from the PE system address / ASN when omitted.'),
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
      .describe('SR Linux: EVPN-VXLAN ip-vrf with this VNI.'),
  })
  .meta({
    'x-kubernetes-validations': [immutableOnceSet('serviceId'), immutableOnceSet('routeDistinguisher')],
  });

export const vrfStatus = z.object({
  ...intentStatusFields,
  serviceId: serviceId().optional(),
  routeDistinguisher: routeDistinguisher().optional(),
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
    { name: 'RD', type: 'string', jsonPath: '.status.routeDistinguisher' },
    { name: 'Service-ID', type: 'integer', jsonPath: '.status.serviceId' },
    { name: 'SID', type: 'string', jsonPath: '.status.sids[0].sid', priority: 1 },
  ],
};
export type VRFSpec = z.infer<typeof vrfSpec>;
