// Which intents share a device with which (issue 14). Endpoint clashes and device-path
// ownership can only involve intents on a common device, so a reconcile compares itself with
// those, found here, rather than with every intent in the cache: checking each of N intents
// against all N was the controller's quadratic cost at 10,000 intents. Kept up to date from
// the informers' events; an ENC manifest names its device by address (switchID).
import { objKey, type Obj } from '../apis/objects.js';
import { ReverseIndex } from './dependencies.js';

/** Marks a device key that is an ENC switchID (an address), not a NetworkDevice name. */
export const ADDRESS = 'address:';

/** The device keys (`ns/name`, or `address:<ip>` for ENC) an intent's spec names. */
export function deviceKeysOf(o: Obj): string[] {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const ns = o.metadata.namespace ?? 'default';
  switch (o.kind) {
    case 'VRF':
    case 'VPLS':
      return [...new Set(((spec.endpoints as { device?: string }[] | undefined) ?? []).map((e) => `${ns}/${e.device}`))];
    case 'SRv6Policy':
      return [`${ns}/${String(spec.headEnd)}`];
    case 'SROSConfig':
    case 'SRLinuxConfig':
      return [`${ADDRESS}${String(spec.switchID ?? '')}`];
    default:
      return [];
  }
}

export class NearbyIndex {
  /** intent → its device keys, and back. */
  private readonly index = new ReverseIndex();

  set(o: Obj) {
    this.index.set(objKey(o), deviceKeysOf(o));
  }

  delete(key: string) {
    this.index.delete(key);
  }

  /**
   * The keys of the other intents on any device `o` names. `addressOf` maps a NetworkDevice
   * key to its address and `deviceAt` an address to its NetworkDevice key, so that an ENC
   * manifest and a VRF on the same router find each other.
   */
  near(o: Obj, addressOf: (device: string) => string | undefined, deviceAt: (address: string) => string | undefined): string[] {
    const me = objKey(o);
    const keys = new Set<string>();
    for (const d of deviceKeysOf(o)) {
      keys.add(d);
      const other = d.startsWith(ADDRESS) ? deviceAt(d.slice(ADDRESS.length)) : addressOf(d);
      if (other) keys.add(d.startsWith(ADDRESS) ? other : `${ADDRESS}${other}`);
    }
    const out = new Set<string>();
    for (const k of keys) for (const x of this.index.dependents(k)) if (x !== me) out.add(x);
    return [...out];
  }
}
