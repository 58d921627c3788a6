// What the engine tells the transaction history (controllers/history/) about each device
// transaction it ran: which intents, which devices with their native diffs, how it ended.
// Handed over synchronously and cheaply; the history writes it down off the commit path.
import type { HeldState } from './transactions.js';

/** Who and what a request is about, as the reconciler knows it (the engine passes it through). */
export interface IntentOrigin {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
  generation?: number;
  /** Change: a new spec; DriftRevert: the devices drifted from an unchanged spec; Removal: the intent is deleted. */
  cause: 'Change' | 'DriftRevert' | 'Removal';
  requestedBy?: string;
  /** The spec that was on the devices before this change, and its generation. */
  previous?: { generation: number; spec: Record<string, unknown> };
}

export interface TransactionRecord {
  id: string;
  time: Date;
  outcome: 'Committed' | 'Failed' | 'RolledBack' | 'Uncertain';
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
