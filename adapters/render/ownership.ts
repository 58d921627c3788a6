// One owner per device path. An intent owns the subtrees it replaces (a vprn, a network
// instance, an ENC object's spec.path) and removes them when deleted; two intents owning one
// subtree, or one inside the other, would overwrite each other on every resync and both say
// Ready. The rule, like sdcio's ConfigBlame: the older object keeps the path (creation
// time, then kind/namespace/name, as for endpoints), the newer is refused naming it. Merged
// updates (a customer, a port, shared policies) own nothing and never clash. The controller
// applies it to its cache (controllers/ownership.ts), the resolver to the manifests it
// renders, so `netintent render --validate` refuses what the controller would.
import type { Platform } from '../yang/models.js';
import { formatElem } from '../yang/path.js';
import { pathString, unqualify, type Fragment, type YPath } from '../yang/tree.js';
import { olderHolder, type Holder } from './endpoints.js';

/** A subtree one intent owns on one device (`namespace/name` of the NetworkDevice). */
export interface PathClaim {
  device: string;
  /** Path elements, normalized: unqualified names, keys in name order. */
  elems: string[];
  /** The path as rendered (gNMI path string), for messages. */
  path: string;
}

/**
 * SR OS services of every type share one name space (`service-name` is how the router and
 * netintent address them, and a vprn and a vpls called alike would be one name for two
 * services), so a service list entry is claimed by its name whatever its type.
 */
const SROS_SERVICE_NAME = 'service-name';

function normalize(platform: Platform, path: YPath): string[] {
  return path.map((e, i) => {
    const keys = Object.keys(e.keys ?? {});
    const underService = platform === 'sros' && i === 2 && unqualify(path[1]?.name ?? '') === 'service';
    const sharedService = underService && keys.length === 1 && keys[0] === SROS_SERVICE_NAME;
    return formatElem(e, (name) => (sharedService ? 'service' : unqualify(name)));
  });
}

/** What `fragment` owns on `device`: the paths it replaces. */
export function claimsOf(device: string, platform: Platform, fragment: Fragment): PathClaim[] {
  return fragment.updates.filter((u) => u.replace).map((u) => ({ device, elems: normalize(platform, u.path), path: pathString(u.path) }));
}

/** Same device, and one path is the other or lies inside it. */
export function overlaps(a: PathClaim, b: PathClaim): boolean {
  if (a.device !== b.device) return false;
  const n = Math.min(a.elems.length, b.elems.length);
  return a.elems.slice(0, n).every((e, i) => e === b.elems[i]);
}

/** `/configure/service/vprn[service-name=x] on ns/pe1`, for messages. */
export const describeClaim = (c: PathClaim) => `${c.path} on ${c.device}`;

const holderKey = (h: Holder) => `${h.kind}/${h.namespace}/${h.name}`;

/**
 * The claims of `me` an older holder in `others` already owns, as messages naming the
 * owner (one per owner). `others` may contain `me`; it is skipped.
 */
export function ownershipConflictsOf<H extends Holder>(
  me: H,
  mine: readonly PathClaim[],
  others: readonly { holder: H; claims: readonly PathClaim[] }[],
  display: (h: H) => string,
): { owner: H; message: string }[] {
  const out: { owner: H; message: string }[] = [];
  for (const o of others) {
    if (holderKey(o.holder) === holderKey(me) || !olderHolder(o.holder, me)) continue;
    const clash = mine.find((c) => o.claims.some((x) => overlaps(c, x)));
    if (!clash) continue;
    const theirs = o.claims.find((x) => overlaps(clash, x))!;
    const where = theirs.path === clash.path ? 'is' : `overlaps ${theirs.path},`;
    out.push({ owner: o.holder, message: `${describeClaim(clash)} ${where} already owned by ${display(o.holder)}` });
  }
  return out;
}

interface Owned {
  owner: Holder;
  fragment: Fragment;
}

/**
 * The resolver's side of the rule, over everything it rendered: per owner that an older
 * owner's paths refuse, the messages. NetworkDevice bases are the device's own and never
 * refused here; `created` gives an owner's creation time when the objects come from a cluster.
 */
export function ownershipRefusals(
  renders: readonly { device: { namespace: string; name: string }; platform: Platform; fragments: readonly Owned[] }[],
  created: (owner: Holder) => Date | string | undefined,
): Map<string, string[]> {
  const byOwner = new Map<string, { holder: Holder; claims: PathClaim[] }>();
  for (const r of renders) {
    for (const f of r.fragments) {
      if (f.owner.kind === 'NetworkDevice') continue;
      const k = holderKey(f.owner);
      const t = created(f.owner);
      const holder: Holder = { kind: f.owner.kind, namespace: f.owner.namespace, name: f.owner.name, ...(t ? { creationTimestamp: t } : {}) };
      if (!byOwner.has(k)) byOwner.set(k, { holder, claims: [] });
      byOwner.get(k)!.claims.push(...claimsOf(`${r.device.namespace}/${r.device.name}`, r.platform, f.fragment));
    }
  }
  const all = [...byOwner.values()];
  const out = new Map<string, string[]>();
  for (const o of all) {
    const refused = ownershipConflictsOf(o.holder, o.claims, all, (h) => `${h.kind} ${h.namespace}/${h.name}`);
    if (refused.length) out.set(holderKey(o.holder), refused.map((c) => c.message));
  }
  return out;
}
