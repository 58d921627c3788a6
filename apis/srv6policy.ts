import { z } from 'zod';
import { driftPolicies } from './drift-policy.js';
import { GROUP, VERSION, intentStatusFields } from './common.js';
import { ipAddress, resourceName, srv6Sid, dns1123Label } from './formats.js';
import { devicesColumn, type KindDef } from './kind.js';

const segment = z
  .object({
    sid: srv6Sid().optional().describe('Explicit SID.'),
    device: resourceName().optional().describe('NetworkDevice (SR OS) whose End SID (of the locator below) is used.'),
    locator: dns1123Label().optional().describe('Locator of that device (default: its first).'),
  })
  .meta({
    'x-kubernetes-validations': [
      { rule: 'has(self.sid) != has(self.device)', message: 'a segment names either sid or device' },
      { rule: '!has(self.locator) || has(self.device)', message: 'locator needs device', fieldPath: '.locator' },
    ],
  });

export const srv6PolicySpec = z.object({
  description: z.string().max(80).optional(),
  driftPolicies: driftPolicies(),
  headEnd: resourceName().describe('NetworkDevice (SR OS) that instantiates the policy.'),
  endpoint: ipAddress().describe('Policy endpoint (the far PE system address).'),
  color: z.int().min(0).max(4294967295),
  preference: z.int().min(0).max(4294967295).optional(),
  bindingSid: srv6Sid()
    .optional()
    .describe(
      'Binding SID (End.B6.Encaps.Red): a SID of one of the head end\'s locators, its function value within that ' +
        'locator\'s static range. SR OS requires one on a local static SRv6 policy, so when omitted it is allocated ' +
        'from the static range of the head end\'s first locator (see status.bindingSid).',
    ),
  segmentLists: z
    .array(
      z.object({
        index: z.int().min(1).max(32),
        weight: z.int().min(1).max(4294967295).optional(),
        segments: z.array(segment).min(1).max(24),
      }),
    )
    .min(1)
    .max(32)
    .meta({
      'x-kubernetes-validations': [
        { rule: 'self.all(l, self.exists_one(m, m.index == l.index))', message: 'segment list indexes must be unique' },
      ],
    }),
});

export const srv6PolicyStatus = z.object({
  ...intentStatusFields,
  bindingSid: srv6Sid().optional().describe('The binding SID programmed on the head end.'),
  resolvedSegmentLists: z
    .array(z.object({ index: z.int(), sids: z.array(srv6Sid()).max(24) }))
    .max(32)
    .optional(),
});

export const SRv6Policy: KindDef = {
  group: GROUP,
  version: VERSION,
  kind: 'SRv6Policy',
  plural: 'srv6policies',
  shortNames: ['srv6p'],
  description: 'A static SRv6 traffic-engineering policy on an SR OS head end.',
  spec: srv6PolicySpec,
  status: srv6PolicyStatus,
  columns: [
    devicesColumn,
    { name: 'Head-End', type: 'string', jsonPath: '.spec.headEnd' },
    { name: 'Color', type: 'integer', jsonPath: '.spec.color' },
    { name: 'Endpoint', type: 'string', jsonPath: '.spec.endpoint' },
    { name: 'BSID', type: 'string', jsonPath: '.status.bindingSid', priority: 1 },
  ],
};
export type SRv6PolicySpec = z.infer<typeof srv6PolicySpec>;
