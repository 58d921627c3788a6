// Shapes every kind shares: object references, metav1.Condition, per-device status,
// label selectors, and the dependency annotations.
import { z } from 'zod';
import { deviationsStatus } from './drift-policy.js';
import { patterns, resourceName, dns1123Label } from './formats.js';

export const GROUP = 'netintent.dev';
export const VERSION = 'v1alpha1';
export const ENC_GROUP = 'nwi.enc.nokia.com';
export const ENC_VERSION = 'v1alpha2';

/** A key of a Secret in the same namespace as the referring object. */
export const secretKeyRef = (defaultKey: string) =>
  z.object({
    name: resourceName().describe('Secret name (same namespace).'),
    key: z.string().max(253).default(defaultKey).describe(`Key in the Secret (default "${defaultKey}").`),
  });

export const objectReference = z.object({
  apiVersion: z.string().min(1).max(317),
  kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { message: 'must be a CamelCase kind' }).max(63),
  name: resourceName(),
  namespace: dns1123Label().optional(),
});
export type ObjectReference = z.infer<typeof objectReference>;

export const CONDITION_TYPES = ['Ready', 'DependenciesReady', 'Allocated', 'Synced', 'Drifted', 'EgressReady', 'Reachable', 'PrerequisitesMet'] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

/** metav1.Condition, field for field. */
export const condition = z.object({
  type: z.string().min(1).max(316),
  status: z.enum(['True', 'False', 'Unknown']),
  observedGeneration: z.int().min(0).optional(),
  lastTransitionTime: z.string().meta({ format: 'date-time' }),
  reason: z.string().min(1).max(1024).regex(patterns.conditionReason),
  message: z.string().max(32768),
});
export type Condition = z.infer<typeof condition>;

export const conditions = () =>
  z
    .array(condition)
    .max(16)
    .optional()
    .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });

/** What the controller last did on one device for this intent. */
export const deviceStatus = z.object({
  name: z.string().max(253).describe('NetworkDevice name.'),
  state: z
    .enum(['Pending', 'Synced', 'Failed', 'Drifted', 'Removing', 'RolledBack', 'Unknown'])
    .describe('What the device holds: Synced (this intent), RolledBack (written, then undone), Unknown (stopped answering mid-transaction; see message), Pending (not written yet), Failed (see message).'),
  commitId: z.string().max(128).optional(),
  commitTime: z.string().meta({ format: 'date-time' }).optional(),
  configHash: z.string().max(128).optional().describe('Hash of the configuration this intent owns on the device.'),
  message: z.string().max(4096).optional(),
});

/** Status fields every intent kind carries. */
export const intentStatusFields = {
  observedGeneration: z.int().min(0).optional(),
  conditions: conditions(),
  devices: z.array(deviceStatus).max(256).optional(),
  deviceSummary: z.string().max(32).optional().describe('Synced devices / devices, e.g. "2/2".'),
  diff: z.string().max(65536).optional().describe('Native diff of the last dry run.'),
  deviations: deviationsStatus(),
};

export const labelSelector = () =>
  z.object({
    matchLabels: z.record(z.string().max(63), z.string().max(63)).optional(),
    matchExpressions: z
      .array(
        z.object({
          key: z.string().max(317),
          operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
          values: z.array(z.string().max(63)).max(64).optional(),
        }),
      )
      .max(16)
      .optional(),
  });

/** Annotations every kind understands. */
export const ANNOTATIONS = {
  dependsOn: `${GROUP}/depends-on`,
  encDependsOn: `${ENC_GROUP}/depends_on`,
  dryRun: `${GROUP}/dry-run`,
  paused: `${GROUP}/paused`,
  driftPolicy: `${GROUP}/drift-policy`,
  /** On a NetworkDevice: "true" skips the underlay prerequisite check (PrerequisitesMet=Unknown, Skipped). */
  skipPrerequisites: `${GROUP}/skip-prerequisites`,
} as const;
