// The device driver in the shape of crossplane-runtime's ExternalClient: reconcilers see
// observe / apply / remove / close and never a protocol detail. `prepare` splits a change
// into the phases a cross-device transaction needs (prepare everywhere, commit, confirm,
// or abort whatever was done).
import { removalOf, type Fragment, type YObject, type YPath } from '../../adapters/yang/tree.js';
import type { ServiceOper } from './oper.js';
import type { DriftPolicy } from './drift-policy.js';

/** How one group of fragments is judged (drift-policy.ts, compare.ts). */
export interface ObserveOptions {
  /** Per-path drift decisions, most important first (the intent's, then its device's). */
  policies?: DriftPolicy[];
  /** The desired secrets may differ from what the device took (they compare by presence only): write them if any. */
  rewriteSecrets?: boolean;
}

/** A difference a drift policy keeps on the device: accepted, or only reported. */
export interface DeviationView {
  /** Device path, in the project's path grammar. */
  path: string;
  action: 'accept' | 'report';
  /** Native diff of the node (`-` on the device, `+` wanted), secrets masked. */
  diff: string;
}

export interface Observation {
  /** Something of the desired configuration is on the device. */
  exists: boolean;
  /** Everything desired is on the device as desired. */
  upToDate: boolean;
  /** Native diff (XML for NETCONF, JSON for gNMI): `-` on the device, `+` wanted. Empty when up to date. */
  diff: string;
  /** What to write instead of the desired fragments: they with the accepted / reported device values kept. */
  write?: Fragment[];
  deviations?: DeviationView[];
}

export interface ApplyOptions {
  /** NETCONF: confirmed-commit timeout before the device rolls back by itself (seconds). */
  confirmTimeoutSec?: number;
}

/**
 * What another process needs to finish or undo a change this one left pending (it was
 * killed between commit and confirm): the transaction journal keeps it. Device
 * configuration only, never credentials.
 * - NETCONF: the `persist` token of the confirmed commit (RFC 6241 §8.4): any new session
 *   confirms it (`commit` with `persist-id`) or cancels it (`cancel-commit` with `persist-id`);
 *   left alone, the device rolls it back by itself at the confirm timeout.
 * - gNMI: a Set is final at once, so the pre-image of every path it touches (`null`: absent).
 */
export type Recovery = { protocol: 'netconf'; persistId: string } | { protocol: 'gnmi'; preImage: [path: string, value: unknown][] };

/**
 * What the device holds after `abort`:
 * - `untouched`: nothing had been activated (discard);
 * - `rolledBack`: it was undone (cancel-commit, or the pre-image written back);
 * - `expiring`: the undo could not be sent; the pending confirmed commit rolls back by itself at its timeout;
 * - `failed`: it could not be undone and still holds the change.
 */
export type AbortResult = 'untouched' | 'rolledBack' | 'expiring' | 'failed';

/** A change staged on one device: nothing is active until `commit`, nothing final until `confirm`. */
export interface Prepared {
  /** Journal this before `commit`. */
  readonly recovery: Recovery;
  /** Activates the change so that `abort` can still undo it (NETCONF confirmed commit with persist; gNMI Set). */
  commit(o?: ApplyOptions): Promise<void>;
  /** Makes it permanent and releases the device. */
  confirm(): Promise<void>;
  /**
   * Undoes whatever was done so far: discard, cancel-commit, or — after `confirm`, when
   * another device of the transaction could not confirm — the pre-image written back.
   * Never throws.
   */
  abort(): Promise<AbortResult>;
}

export interface DeviceDriver {
  /** One read per call: an observation per group of fragments (e.g. per intent), judged with its options. */
  observeEach(groups: Fragment[][], options?: (ObserveOptions | undefined)[]): Promise<Observation[]>;
  /**
   * The running configuration at each path (a container, a list entry, or a whole list when
   * the last element has no keys), placed in one document at those paths; what is absent
   * on the device is absent from it. Read it with `nodeAtPath`: member names may or may
   * not carry module prefixes, a list with one entry may come back as a single object
   * (NETCONF XML), and leaf values may be strings (XML) or typed (JSON_IETF).
   */
  readConfig(paths: YPath[]): Promise<YObject>;
  prepare(change: Fragment[]): Promise<Prepared>;
  /**
   * The operational state of the services each group of fragments configures (oper.ts), in
   * one state RPC for all the groups. Absent on a driver that cannot read it.
   */
  readOperState?(groups: Fragment[][]): Promise<ServiceOper[][]>;
  /**
   * Finishes (`confirm`) or undoes (`cancel`) a change a dead process left, from a fresh
   * session. Resolves `false` when the device had nothing pending under that recovery
   * (already confirmed, cancelled, or rolled back by its timeout).
   */
  resume(r: Recovery, action: 'confirm' | 'cancel'): Promise<boolean>;
  close(): Promise<void>;
}

/** The single-device conveniences, in terms of the phases. */
export abstract class Driver implements DeviceDriver {
  abstract observeEach(groups: Fragment[][], options?: (ObserveOptions | undefined)[]): Promise<Observation[]>;
  abstract readConfig(paths: YPath[]): Promise<YObject>;
  abstract prepare(change: Fragment[]): Promise<Prepared>;
  readOperState?(groups: Fragment[][]): Promise<ServiceOper[][]>;
  abstract resume(r: Recovery, action: 'confirm' | 'cancel'): Promise<boolean>;
  abstract close(): Promise<void>;

  async observe(desired: Fragment[], options?: ObserveOptions): Promise<Observation> {
    return (await this.observeEach([desired], [options]))[0]!;
  }

  /** All phases on this device; on any failure the device is left as it was. */
  async apply(change: Fragment[], o: ApplyOptions = {}): Promise<void> {
    const p = await this.prepare(change);
    try {
      await p.commit(o);
      await p.confirm();
    } catch (e) {
      await p.abort();
      throw e;
    }
  }

  /** Removes what the fragments own (their replaced subtrees); shared parents stay. */
  remove(owned: Fragment[]): Promise<void> {
    return this.apply(owned.map(removalOf));
  }
}
