// Who owns what on a router, over the controller's cache: one NetworkDevice per router, and
// one intent per device path (the rules are in adapters/render/device-identity.ts and
// adapters/render/ownership.ts, which the offline resolver applies too). An intent's paths
// come from rendering it with a copy of the allocator, so checking never allocates; they are
// remembered per object generation and device set, so a resync renders nothing twice.
import type { NetworkDeviceSpec } from '../apis/index.js';
import type { Allocator } from '../adapters/render/allocator.js';
import { deviceAtAddress, duplicateOf, type DeviceIdentity } from '../adapters/render/device-identity.js';
import { claimsOf, ownershipConflictsOf, type PathClaim } from '../adapters/render/ownership.js';
import type { ReconcileResult } from './runtime/queue.js';
import type { Context } from './context.js';
import { describeErrors, desiredFor, type Cache } from './desired.js';
import { holderOf } from './conflicts.js';
import { ADDRESS, deviceKeysOf } from './nearby.js';
import { DIAL_ANNOTATION } from '../devices/connections.js';
import { condition, display, keyOf, objKey, type Obj } from '../apis/objects.js';
import { cond } from './report.js';
import type { Part } from '../devices/transactions.js';

/** Looked at again now and then: the owner may be deleted or renamed. */
export const OWNERSHIP_RETRY_MS = 10_000;

const nsOf = (o: Obj) => o.metadata.namespace ?? 'default';
const deviceKey = (d: Obj) => `${nsOf(d)}/${d.metadata.name}`;

// ---------------------------------------------------------------------------------------
// One NetworkDevice per router.

export function identityOf(d: Obj): DeviceIdentity & { obj: Obj } {
  const spec = (d.spec ?? {}) as Partial<NetworkDeviceSpec>;
  const dial = d.metadata.annotations?.[DIAL_ANNOTATION];
  return {
    ...holderOf(d),
    address: String(spec.address ?? ''),
    protocol: spec.protocol ?? 'netconf',
    ...(spec.port !== undefined ? { port: spec.port } : {}),
    ...(dial ? { dial } : {}),
    obj: d,
  };
}

/** The older NetworkDevice (any namespace) that reaches the same router as `d`, if any. */
export function duplicateDevice(d: Obj, cache: Pick<Cache, 'list'>): { owner: Obj; what: string } | undefined {
  const dup = duplicateOf(identityOf(d), cache.list('NetworkDevice').map(identityOf));
  return dup && { owner: dup.owner.obj, what: dup.what };
}

/** The NetworkDevice an ENC switchID names: the address's owner, never a refused duplicate. */
export function deviceAt(address: string, cache: Pick<Cache, 'list'>): Obj | undefined {
  return deviceAtAddress(address, cache.list('NetworkDevice').map(identityOf))?.obj;
}

// ---------------------------------------------------------------------------------------
// One intent per device path.

/** The kinds that own device paths (an L3VPN owns none; a NetworkDevice's base is its own). */
export const OWNING_KINDS = ['VRF', 'VPLS', 'SRv6Policy', 'SROSConfig', 'SRLinuxConfig'];

/** Device keys by spec object: a spec never changes in place (a new version is a new object). */
const devicesBySpec = new WeakMap<object, string[]>();

/** The devices (`namespace/name`) an intent renders on, read from its spec: to skip rendering strangers. */
function devicesOf(o: Obj, cache: Pick<Cache, 'list'>): string[] {
  const memo = o.spec && devicesBySpec.get(o.spec);
  if (memo) return memo;
  const keys = deviceKeysOf(o);
  // A switchID names a device by address: which one holds it can change without this spec.
  if (keys.some((k) => k.startsWith(ADDRESS))) {
    return keys.flatMap((k) => {
      if (!k.startsWith(ADDRESS)) return [k];
      const d = deviceAt(k.slice(ADDRESS.length), cache);
      return d ? [deviceKey(d)] : [];
    });
  }
  if (o.spec) devicesBySpec.set(o.spec, keys);
  return keys;
}

const platformOf = (d: Obj) => (d.spec?.platform === 'srlinux' ? 'srlinux' : 'sros');
const partClaims = (p: Part) => p.fragments.flatMap((f) => claimsOf(deviceKey(p.device), platformOf(p.device), f));

/** What of a device changes the paths rendered on it: its spec (platform) and which device it is. */
const deviceStamp = (d: Obj) => `${deviceKey(d)}@${d.metadata.generation}/${d.metadata.annotations?.[DIAL_ANNOTATION] ?? ''}`;

interface Remembered {
  stamp: string;
  claims: PathClaim[];
  /** What the stamp was made from: while these are the very objects, the stamp holds. */
  spec?: object;
  devices: (Obj | undefined)[];
}
const remembered = new Map<string, Remembered>();

/** The device paths `o` owns, rendered with `scratch` (a copy of the allocator) when not remembered. */
function claimsFor(o: Obj, cache: Cache, scratch: () => Allocator): PathClaim[] {
  const id = o.metadata.uid ?? objKey(o);
  const keys = devicesOf(o, cache);
  const devices = keys.map((k) => {
    const [ns, name] = k.split('/') as [string, string];
    return cache.get('NetworkDevice', ns, name);
  });
  const hit = remembered.get(id);
  // Checked against every intent nearby on every reconcile: the identity test spares the stamp.
  if (hit && hit.spec === o.spec && hit.devices.length === devices.length && hit.devices.every((d, i) => d === devices[i])) return hit.claims;
  const stamp = `${objKey(o)}@${o.metadata.generation ?? 0}/${devices.map((d, i) => (d ? deviceStamp(d) : keys[i])).join(',')}`;
  if (hit?.stamp === stamp) {
    Object.assign(hit, { spec: o.spec, devices });
    return hit.claims;
  }
  const claims = desiredFor(o, cache, scratch()).parts.flatMap(partClaims);
  remembered.set(id, { stamp, claims, ...(o.spec ? { spec: o.spec } : {}), devices });
  return claims;
}

/** Forgets the paths remembered for a deleted object. */
export function forgetClaims(o: Obj) {
  remembered.delete(o.metadata.uid ?? objKey(o));
}

/**
 * The device paths of `o` an older intent (any namespace, being deleted or not: it owns its
 * paths until they are removed) already owns, as messages naming the owner. `near`: the
 * intents on `o`'s devices (controllers/nearby.ts), the only ones that can own its paths.
 */
export function ownershipConflicts(o: Obj, near: readonly Obj[], cache: Cache, allocator: Allocator): { owner: string; message: string }[] {
  if (!OWNING_KINDS.includes(o.kind)) return [];
  let copy: Allocator | undefined;
  const scratch = () => (copy ??= allocator.fork());
  const mine = claimsFor(o, cache, scratch);
  if (!mine.length) return [];
  const touched = new Set(mine.map((c) => c.device));
  const others = near
    .filter((x) => OWNING_KINDS.includes(x.kind) && objKey(x) !== objKey(o) && devicesOf(x, cache).some((d) => touched.has(d)))
    .map((x) => ({ holder: holderOf(x), claims: claimsFor(x, cache, scratch) }));
  return ownershipConflictsOf(holderOf(o), mine, others, (h) => display(keyOf(h.kind, h.namespace, h.name))).map((c) => ({
    owner: keyOf(c.owner.kind, c.owner.namespace, c.owner.name),
    message: c.message,
  }));
}

/** Writes OwnershipConflict: nothing of `o` is pushed while an older intent owns its paths. */
export async function reportOwnershipConflict(ctx: Context, o: Obj, conflicts: { message: string }[]): Promise<ReconcileResult> {
  const msg = `${describeErrors(conflicts)}; rename this object or change its path, or delete the owner (netintent retries)`;
  ctx.unwatchDrift(objKey(o));
  ctx.inSync.delete(objKey(o));
  if (condition(o, 'Ready')?.message !== msg) await ctx.report.event(o, 'Warning', 'OwnershipConflict', msg);
  await ctx.report.set(o, [
    cond('Synced', false, 'OwnershipConflict', 'nothing was pushed'),
    cond('Ready', false, 'OwnershipConflict', msg),
  ]);
  return { requeueAfterMs: OWNERSHIP_RETRY_MS };
}

/**
 * What deleting `o` may remove: nothing on a refused duplicate device (never connected to),
 * and nothing at all while an older intent owns its paths (they are the owner's).
 */
export function removableParts(o: Obj, parts: Part[], near: readonly Obj[], cache: Cache, allocator: Allocator): Part[] {
  if (ownershipConflicts(o, near, cache, allocator).length) return [];
  return parts.filter((p) => !duplicateDevice(p.device, cache));
}
