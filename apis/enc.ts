// The seed deck's ENC kinds, kept wire-compatible: spec {switchID, path, properties}.
import { z } from 'zod';
import { ENC_GROUP, ENC_VERSION, intentStatusFields } from './common.js';
import { host, YANG_PATH } from './formats.js';
import { devicesColumn, type KindDef } from './kind.js';

export { YANG_PATH };

const encSpec = (relativeTo: string) =>
  z.object({
    switchID: host().describe('Address of the target device: matches a NetworkDevice spec.address.'),
    path: z
      .string()
      .max(1024)
      .regex(YANG_PATH, { message: 'must be a YANG path like /service/vpls[service-name=vpls-01]' })
      .describe(`YANG path of the subtree, relative to ${relativeTo}.`),
    properties: z
      .record(z.string(), z.unknown())
      .meta({ 'x-kubernetes-preserve-unknown-fields': true })
      .describe('The subtree content, as YANG JSON (names without module prefixes where unambiguous).'),
  });

export const srosConfigSpec = encSpec('/configure');
export const srlinuxConfigSpec = encSpec('the SR Linux root');
export const encStatus = z.object({ ...intentStatusFields });

const columns = [
  devicesColumn,
  { name: 'Switch', type: 'string' as const, jsonPath: '.spec.switchID' },
  { name: 'Path', type: 'string' as const, jsonPath: '.spec.path', priority: 1 },
];

export const SROSConfig: KindDef = {
  group: ENC_GROUP,
  version: ENC_VERSION,
  kind: 'SROSConfig',
  plural: 'srosconfigs',
  shortNames: ['srosc'],
  description: 'A raw nokia-conf subtree for one SR OS device (seed-compatible).',
  spec: srosConfigSpec,
  status: encStatus,
  columns,
};

export const SRLinuxConfig: KindDef = {
  group: ENC_GROUP,
  version: ENC_VERSION,
  kind: 'SRLinuxConfig',
  plural: 'srlinuxconfigs',
  shortNames: ['srlc'],
  description: 'A raw srl_nokia subtree for one SR Linux device (seed-compatible).',
  spec: srlinuxConfigSpec,
  status: encStatus,
  columns,
};
export type ENCSpec = z.infer<typeof srosConfigSpec>;
