import { z } from 'zod';
import { GROUP, VERSION, intentStatusFields } from './common.js';
import { resourceName, routeTarget } from './formats.js';
import { clusterEgress } from './service.js';
import { devicesColumn, type KindDef } from './kind.js';

export const l3vpnSpec = z
  .object({
    description: z.string().max(80).optional(),
    topology: z.enum(['full-mesh', 'hub-and-spoke']).default('full-mesh'),
    vrfs: z
      .array(
        z.object({
          name: resourceName().describe('VRF (same namespace).'),
          role: z.enum(['hub', 'spoke']).optional().describe('Only with topology hub-and-spoke.'),
        }),
      )
      .min(1)
      .max(64)
      .meta({
        'x-kubernetes-validations': [
          { rule: 'self.all(v, self.exists_one(w, w.name == v.name))', message: 'each VRF may appear once' },
        ],
      }),
    routeTargets: z
      .object({
        shared: routeTarget().optional().describe('full-mesh: the one RT every VRF imports and exports.'),
        hub: routeTarget().optional().describe('hub-and-spoke: exported by the hub, imported by spokes.'),
        spoke: routeTarget().optional().describe('hub-and-spoke: exported by spokes, imported by the hub.'),
      })
      .optional()
      .describe('Allocated when omitted.'),
    clusterEgress: clusterEgress().optional(),
  })
  .meta({
    'x-kubernetes-validations': [
      {
        rule: "self.topology != 'hub-and-spoke' || self.vrfs.filter(v, has(v.role) && v.role == 'hub').size() == 1",
        message: 'hub-and-spoke needs exactly one VRF with role hub',
        fieldPath: '.vrfs',
      },
      {
        rule: "self.topology != 'full-mesh' || self.vrfs.all(v, !has(v.role))",
        message: 'roles are only used with topology hub-and-spoke',
        fieldPath: '.vrfs',
      },
      {
        rule: "!has(self.routeTargets) || (self.topology == 'full-mesh' ? !has(self.routeTargets.hub) && !has(self.routeTargets.spoke) : !has(self.routeTargets.shared))",
        message: 'full-mesh uses routeTargets.shared; hub-and-spoke uses routeTargets.hub and routeTargets.spoke',
        fieldPath: '.routeTargets',
      },
      {
        rule: '!has(self.clusterEgress) || !has(self.clusterEgress.terminatingVrf) || self.vrfs.exists(v, v.name == self.clusterEgress.terminatingVrf)',
        message: 'clusterEgress.terminatingVrf must be one of vrfs',
        fieldPath: '.clusterEgress.terminatingVrf',
      },
    ],
  });

export const l3vpnStatus = z.object({
  ...intentStatusFields,
  routeTargets: z.object({ shared: routeTarget(), hub: routeTarget(), spoke: routeTarget() }).partial().optional(),
  egress: z
    .object({
      workflowId: z.string().max(256).optional().describe('The Temporal workflow that drives the cluster side.'),
      phase: z.string().max(64).optional().describe('Pending, WaitingForPE, Applying, Ready, Failed, Withdrawing or Withdrawn.'),
      observedGeneration: z.int().min(0).optional().describe('The spec generation the workflow last worked on.'),
      message: z.string().max(1024).optional(),
      sid: z.string().max(45).optional().describe("The PE's End.DT46 SID the cluster encapsulates towards."),
      objects: z.array(z.string().max(320)).max(16).optional().describe('Cluster objects written (kind/name).'),
    })
    .optional()
    .describe('Written by the egress workflow.'),
});

export const L3VPN: KindDef = {
  group: GROUP,
  version: VERSION,
  kind: 'L3VPN',
  plural: 'l3vpns',
  shortNames: ['l3vpn'],
  description: 'A layer-3 VPN made of VRFs; its topology decides the route-target policy.',
  spec: l3vpnSpec,
  status: l3vpnStatus,
  columns: [
    devicesColumn,
    { name: 'Topology', type: 'string', jsonPath: '.spec.topology' },
    { name: 'Egress', type: 'string', jsonPath: '.status.conditions[?(@.type=="EgressReady")].status' },
  ],
};
export type L3VPNSpec = z.infer<typeof l3vpnSpec>;
