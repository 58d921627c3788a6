import { z } from 'zod';
import { GROUP, VERSION, intentStatusFields } from './common.js';
import { routeDistinguisher, serviceId, srv6Sid, dns1123Label, resourceName } from './formats.js';
import { MAX_ENDPOINTS, immutableOnceSet, l2Endpoint, routeTargets, uniqueEndpoints } from './service.js';
import { devicesColumn, type KindDef } from './kind.js';

/** End.DT2U / End.DT2M SIDs of one device. */
const vplsSids = z.object({ device: resourceName(), endDt2u: srv6Sid().optional(), endDt2m: srv6Sid().optional() });

export const vplsSpec = z
  .object({
    description: z.string().max(80).optional(),
    serviceId: serviceId().optional().describe('SR OS vpls service-id; allocated when omitted.'),
    customer: z.string().min(1).max(64).default('1').describe('SR OS customer name.'),
    mtu: z.int().min(1).max(9782).optional().describe('Service MTU.'),
    endpoints: z.array(l2Endpoint).min(1).max(MAX_ENDPOINTS).meta({ 'x-kubernetes-validations': [uniqueEndpoints(true)] }),
    evpn: z
      .object({
        evi: z.int().min(1).max(65535).describe('EVPN instance id.'),
        vni: z.int().min(1).max(16777215).optional().describe('VXLAN VNI (SR Linux mac-vrf); defaults to the EVI.'),
        routeDistinguisher: routeDistinguisher().optional().describe('Allocated when omitted.'),
        routeTargets: routeTargets().optional().describe('Defaults to target:<ASN>:<EVI>.'),
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
    ],
  });

export const vplsStatus = z.object({
  ...intentStatusFields,
  serviceId: serviceId().optional(),
  routeDistinguisher: routeDistinguisher().optional(),
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
