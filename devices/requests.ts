// What the transaction engine (transactions.ts) is asked and what it answers: requests of
// intents per device, the outcome per device, and the engine's options.
import type { Fragment } from '../adapters/yang/tree.js';
import type { DeviationView, ObserveOptions } from './drivers/driver.js';
import type { DeviceError } from './connections.js';
import type { Obj } from '../apis/objects.js';
import type { IntentOrigin, TransactionRecord } from './history.js';
import type { Journal, Recovered } from './journal.js';
import type { ServiceOper } from './drivers/oper.js';

export interface Part {
  device: Obj;
  fragments: Fragment[];
  /** How the device is judged for this request (drift policies, secrets to rewrite). */
  observe?: ObserveOptions;
}

export type Mode = 'apply' | 'observe' | 'remove';

export interface Request {
  intent: string;
  parts: Part[];
  mode: Mode;
  /** What the transaction history records of the intent (passed through untouched). */
  origin?: IntentOrigin;
  /** apply: once the devices hold the change, read the operational state of what it configures (DeviceResult.oper). */
  operState?: boolean;
}

/**
 * What a device holds of the request once the transaction is over:
 * - Synced: the whole change (or it already matched);
 * - Unchanged: this transaction never activated anything there;
 * - RolledBack: it was activated, then undone;
 * - Expiring: the undo could not be sent; the pending confirmed commit rolls back by itself at its timeout;
 * - Unknown: the device stopped answering at a point where it may hold the change.
 */
export type HeldState = 'Synced' | 'Unchanged' | 'RolledBack' | 'Expiring' | 'Unknown';

export interface DeviceResult {
  device: string;
  /** Native diff before any write (empty when the device matched). */
  diff: string;
  upToDate: boolean;
  written: boolean;
  state: HeldState;
  /** Why the device holds what it holds, when the state alone does not say (Expiring, Unknown). */
  note?: string;
  /** What the router says of the services the request configured (Request.operState). */
  oper?: ServiceOper[];
  /** Why `oper` could not be read. */
  operError?: string;
  /** Differences drift policies keep on the device (accepted or only reported), found before any write. */
  deviations?: DeviationView[];
}

export interface Outcome {
  ok: boolean;
  transaction?: string;
  devices: DeviceResult[];
  error?: { device: string; reason: DeviceError['reason']; message: string };
}


export interface EngineOptions {
  /** How long a round waits for more requests once nothing more is coming (default 5 ms). */
  lingerMs?: number;
  /**
   * Group commit: while `moreComing` says that more requests are on their way, a round waits
   * for them, but no request waits longer than this for its round to start (default 300 ms).
   */
  maxLingerMs?: number;
  /** Whether requests other than the `unanswered` ones already submitted are on their way (the controller's busy workers). */
  moreComing?: (unanswered: number) => boolean;
  /** Requests in one round. */
  maxBatch?: number;
  /** Devices in one round. */
  maxRoundDevices?: number;
  /** Confirmed-commit timeout: how long a device holds an unconfirmed change before it rolls it back by itself. */
  confirmTimeoutSec?: number;
  /** Where transactions are recorded before they commit (default: in memory, which survives no restart). */
  journal?: Journal;
  onTransaction?: (t: { id: string; devices: string[]; intents: string[]; ok: boolean; ms: number }) => void;
  /** Every transaction that wrote or tried to write (never a round that found the devices matching); must not block. */
  onRecord?: (r: TransactionRecord) => void;
  /** A journal entry left by an earlier process was finished (`confirm`) or undone (`cancel`). */
  onRecovered?: (r: Recovered) => void;
}
