// DeviceTransaction: the record of one device transaction (issue 15), written by the
// controller in its own namespace and read with `kubectl get devicetransactions` or
// `netintent history`. A record, not an intent: no status, and its spec never changes
// (CEL `self == oldSelf`). The bulky parts are bounded strings: the CEL cost of comparing a
// record grows with the schema's bounds, and the API server refuses rules it estimates too dear.
import { z } from 'zod';
import { GROUP, VERSION } from './common.js';
import type { KindDef } from './kind.js';

export const OUTCOMES = ['Committed', 'Failed', 'RolledBack', 'Uncertain', 'DriftReported'] as const;
export type TransactionOutcome = (typeof OUTCOMES)[number];
export const CAUSES = ['Change', 'DriftRevert', 'Removal', 'OutOfBand'] as const;

/** What one record may hold; a transaction larger than that is split into parts. */
export const RECORD_LIMITS = { intents: 500, devices: 64, diff: 65536, previousSpecs: 131072, text: 4096 } as const;

const name = z.string().max(253);
const text = z.string().max(RECORD_LIMITS.text);

export const deviceTransactionSpec = z
  .object({
    id: z.string().max(128).describe('The transaction id (the one in Events and status.devices[].commitId).'),
    time: z.string().meta({ format: 'date-time' }).describe('When the transaction ended.'),
    part: z.object({ index: z.int().min(1), of: z.int().min(1) }).optional().describe('A large transaction is recorded in several parts.'),
    outcome: z
      .enum(OUTCOMES)
      .describe('Committed; Failed (nothing activated); RolledBack (activated, then undone); Uncertain (a device stopped answering where it may hold the change); DriftReported (nothing written: a change made on the devices, outside netintent, that a drift policy of report leaves there).'),
    requestedBy: text.describe('Who asked: the field managers that last changed the intents\u2019 specs, or netintent for a drift revert.'),
    summary: z.object({ devices: text, intents: text }).describe('Short lists for the printer columns.'),
    intents: z
      .array(
        z.object({
          apiVersion: z.string().max(317),
          kind: z.string().max(63),
          namespace: z.string().max(63),
          name,
          uid: z.string().max(64).optional(),
          generation: z.int().min(0).optional(),
          cause: z.enum(CAUSES),
          requestedBy: z.string().max(253).optional(),
          previousGeneration: z.int().min(0).optional().describe('The generation whose spec was on the devices before (its spec in previousSpecs).'),
          previousSpecWithheld: text.optional().describe('Why the previous spec was not recorded (it holds a secret, or it is too large).'),
        }),
      )
      .max(RECORD_LIMITS.intents),
    devices: z
      .array(
        z.object({
          name,
          namespace: z.string().max(63),
          state: z.enum(['Synced', 'Unchanged', 'RolledBack', 'Expiring', 'Unknown']),
          diff: z.string().max(RECORD_LIMITS.diff).describe('Native diff before the write (secrets masked; cut with a marker when large).'),
        }),
      )
      .max(RECORD_LIMITS.devices),
    previousSpecs: z
      .string()
      .max(RECORD_LIMITS.previousSpecs)
      .optional()
      .describe('JSON object: Kind/namespace/name to the spec its previousGeneration had (what `netintent revert` puts back).'),
    error: z.object({ device: name, reason: z.string().max(64), message: text }).optional().describe('Why it failed (secrets masked).'),
  })
  .meta({ 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'a DeviceTransaction is a record: its spec cannot change' }] });
export type DeviceTransactionSpec = z.infer<typeof deviceTransactionSpec>;

/** The one mutable part: the same failure again on a retry is counted on its first record. */
export const deviceTransactionStatus = z.object({
  repeats: z.int().min(1).describe('Transactions since this one that failed the same way (same intents, generations and error): counted here rather than recorded each.'),
  lastTime: z.string().meta({ format: 'date-time' }).describe('When the latest of them ended.'),
  lastTransaction: z.string().max(128).describe('The id of the latest of them.'),
});
export type DeviceTransactionStatus = z.infer<typeof deviceTransactionStatus>;

/**
 * A kind that records what happened: a kind without the Ready frame in its columns, and with
 * a status subresource only when part of the record may change.
 */
export type RecordKindDef = Omit<KindDef, 'status'> & { status?: z.ZodType };

export const DeviceTransaction: RecordKindDef = {
  group: GROUP,
  version: VERSION,
  kind: 'DeviceTransaction',
  plural: 'devicetransactions',
  shortNames: ['dtx'],
  description: 'The record of one device transaction: intents, devices, native diffs, outcome and who asked. Written by the controller; read-only.',
  spec: deviceTransactionSpec,
  status: deviceTransactionStatus,
  columns: [
    { name: 'Time', type: 'date', jsonPath: '.spec.time' },
    { name: 'Outcome', type: 'string', jsonPath: '.spec.outcome' },
    { name: 'Devices', type: 'string', jsonPath: '.spec.summary.devices' },
    { name: 'Intents', type: 'string', jsonPath: '.spec.summary.intents' },
    { name: 'RequestedBy', type: 'string', jsonPath: '.spec.requestedBy' },
    { name: 'Transaction', type: 'string', jsonPath: '.spec.id', priority: 1 },
    { name: 'Repeats', type: 'integer', jsonPath: '.status.repeats', priority: 1 },
  ],
};

/** Record kinds: served with the intents' CRDs, never reconciled. */
export const RECORD_KINDS = [DeviceTransaction] as const;
