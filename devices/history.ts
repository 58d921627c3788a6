// What the engine tells the transaction history (controllers/history/) about each device
// transaction it ran: which intents, which devices with their native diffs, how it ended.
// Handed over synchronously and cheaply; the history writes it down off the commit path.
import { objKey, type Obj } from '../apis/objects.js';
import type { HeldState } from './transactions.js';

/** Who and what a request is about, as the reconciler knows it (the engine passes it through). */
export interface IntentOrigin {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
  generation?: number;
  /** Change: a new spec; DriftRevert: the devices drifted from an unchanged spec; Removal: the intent is deleted; OutOfBand: drift found and only reported. */
  cause: 'Change' | 'DriftRevert' | 'Removal' | 'OutOfBand';
  requestedBy?: string;
  /** The spec that was on the devices before this change, and its generation. */
  previous?: { generation: number; spec: Record<string, unknown> };
}

export interface TransactionRecord {
  id: string;
  time: Date;
  outcome: 'Committed' | 'Failed' | 'RolledBack' | 'Uncertain' | 'DriftReported';
  intents: { key: string; origin?: IntentOrigin }[];
  devices: { name: string; namespace: string; state: HeldState; diff: string }[];
  error?: { device: string; reason: string; message: string };
}

/** How a failed transaction ended, from what each device holds now. */
export function outcomeOf(ok: boolean, states: HeldState[]): TransactionRecord['outcome'] {
  if (ok) return 'Committed';
  if (states.includes('Unknown')) return 'Uncertain';
  if (states.some((s) => s === 'RolledBack' || s === 'Expiring')) return 'RolledBack';
  return 'Failed';
}

interface Submitted {
  intent: string;
  origin?: IntentOrigin;
  /** Per device (objKey): what the round's read found, with the native diff. */
  obs: Map<string, { diff: string }>;
}

/** The record of one transaction of the engine: per device, the diffs of the requests it carried. */
export function historyRecord(
  id: string,
  requests: Submitted[],
  byDevice: { device: Obj; requests: Submitted[] }[],
  ok: boolean,
  failures: Map<string, { reason: string; message: string }>,
  held: Map<string, { state: HeldState }>,
): TransactionRecord {
  const devices = byDevice.map(({ device, requests: rs }) => {
    const key = objKey(device);
    const diff = rs.map((r) => ({ r, d: r.obs.get(key)?.diff ?? '' })).filter((x) => x.d).map((x) => `# ${x.r.intent}\n${x.d}`).join('\n');
    return { name: device.metadata.name, namespace: device.metadata.namespace ?? 'default', state: ok ? ('Synced' as const) : (held.get(key)?.state ?? 'Unchanged'), diff };
  });
  const [key, e] = [...failures][0] ?? [];
  const error = e && { device: byDevice.find((d) => objKey(d.device) === key)?.device.metadata.name ?? key!, reason: e.reason, message: e.message };
  return {
    id,
    time: new Date(),
    outcome: outcomeOf(ok, devices.map((d) => d.state)),
    intents: requests.map((r) => ({ key: r.intent, ...(r.origin ? { origin: r.origin } : {}) })),
    devices,
    ...(error ? { error } : {}),
  };
}
