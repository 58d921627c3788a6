// The device driver in the shape of crossplane-runtime's ExternalClient: reconcilers see
// observe / apply / remove / close and never a protocol detail.
import type { Fragment } from '../yang/tree.js';

export interface Observation {
  /** Something of the desired configuration is on the device. */
  exists: boolean;
  /** Everything desired is on the device as desired. */
  upToDate: boolean;
  /** Native diff (XML for NETCONF, JSON for gNMI): `-` on the device, `+` wanted. Empty when up to date. */
  diff: string;
}

export interface ApplyOptions {
  /** NETCONF: confirmed-commit timeout before the device rolls back by itself (seconds). */
  confirmTimeoutSec?: number;
}

export interface DeviceDriver {
  observe(desired: Fragment[]): Promise<Observation>;
  apply(change: Fragment[], o?: ApplyOptions): Promise<void>;
  /** Removes what the fragments own (their replaced subtrees); shared parents stay. */
  remove(owned: Fragment[]): Promise<void>;
  close(): Promise<void>;
}
