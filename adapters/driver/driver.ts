// The device driver in the shape of crossplane-runtime's ExternalClient: reconcilers see
// observe / apply / remove / close and never a protocol detail. `prepare` splits a change
// into the phases a cross-device transaction needs (prepare everywhere, commit, confirm,
// or abort whatever was done).
import type { Fragment, YObject, YPath } from '../yang/tree.js';
import { removalOf } from '../render/render.js';

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

/** A change staged on one device: nothing is active until `commit`, nothing final until `confirm`. */
export interface Prepared {
  /** Activates the change so that `abort` can still undo it (NETCONF confirmed commit; gNMI Set). */
  commit(o?: ApplyOptions): Promise<void>;
  /** Makes it permanent and releases the device. */
  confirm(): Promise<void>;
  /** Undoes whatever was done so far (discard, cancel-commit, or the pre-image set back); never throws. */
  abort(): Promise<void>;
}

export interface DeviceDriver {
  /** One read per call: an observation per group of fragments (e.g. per intent). */
  observeEach(groups: Fragment[][]): Promise<Observation[]>;
  /**
   * The running configuration at each path (a container, a list entry, or a whole list when
   * the last element has no keys), placed in one document at those paths; what is absent
   * on the device is absent from it. Read it with `nodeAtPath`: member names may or may
   * not carry module prefixes, a list with one entry may come back as a single object
   * (NETCONF XML), and leaf values may be strings (XML) or typed (JSON_IETF).
   */
  readConfig(paths: YPath[]): Promise<YObject>;
  prepare(change: Fragment[]): Promise<Prepared>;
  close(): Promise<void>;
}

/** The single-device conveniences, in terms of the phases. */
export abstract class Driver implements DeviceDriver {
  abstract observeEach(groups: Fragment[][]): Promise<Observation[]>;
  abstract readConfig(paths: YPath[]): Promise<YObject>;
  abstract prepare(change: Fragment[]): Promise<Prepared>;
  abstract close(): Promise<void>;

  async observe(desired: Fragment[]): Promise<Observation> {
    return (await this.observeEach([desired]))[0]!;
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
