// What `status.devices[]` says of each device of an intent: after a transaction that went
// through (synced or drifted, with the last commit kept), and after one that failed (what
// the device holds now, from the engine's outcome, never what the intent hoped for).
import { metaTime } from './runtime/status.js';
import type { Outcome } from '../devices/transactions.js';

/** After a transaction that went through: per device Synced or `state`, and its last commit (kept when nothing was written). */
export function deviceStatus(out: Outcome, hashes: Map<string, string>, prev: { name: string; commitId?: string; commitTime?: string }[], state: 'Synced' | 'Drifted') {
  const now = metaTime();
  return out.devices.map((d) => {
    const before = prev.find((p) => p.name === d.device);
    const commit = d.written ? { commitId: out.transaction, commitTime: now } : { commitId: before?.commitId, commitTime: before?.commitTime };
    return { name: d.device, state: d.upToDate || d.written ? 'Synced' : state, ...stripUndefined(commit), configHash: hashes.get(d.device) };
  });
}

const stripUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export type DeviceStatusState = 'Synced' | 'RolledBack' | 'Unknown' | 'Pending' | 'Failed';

/**
 * One `status.devices[]` entry after a failed transaction: what the device holds, never
 * `Pending` for a device that may hold the change (issue 12). The failing device is `Failed`
 * when it holds nothing of the change, else what it holds, with the error in the message.
 */
export function heldStatus(name: string, out: Outcome): { name: string; state: DeviceStatusState; message?: string } {
  const d = out.devices.find((x) => x.device === name);
  const state: DeviceStatusState = !d || d.state === 'Unchanged' ? 'Pending' : d.state === 'Synced' || d.state === 'RolledBack' ? d.state : 'Unknown';
  const note = d?.note ? `${d.state}: ${d.note}` : undefined;
  if (name !== out.error?.device) return { name, state, ...(note ? { message: note } : {}) };
  // The note first: a long device error is cut at the end (runtime/bounded.ts), the note must survive.
  return { name, state: state === 'Pending' ? 'Failed' : state, message: [note, out.error.message].filter(Boolean).join('; ') };
}
