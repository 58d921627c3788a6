// A port + VLAN (+ inner VLAN) of a device serves one service: SR OS refuses a SAP in two
// services, and an SR Linux subinterface belongs to one network instance. The one rule of
// which endpoint clashes with which, and who keeps it: the older object (creation time,
// then kind/namespace/name, so that both sides agree). The controller applies it to its
// cache (controllers/conflicts.ts) and the resolver to the manifests it renders, so that
// offline `netintent render` refuses what the controller would.

export interface EndpointKey {
  device: string;
  port: string;
  vlan?: number;
  innerVlan?: number;
}

export interface Holder {
  kind: string;
  namespace: string;
  name: string;
  creationTimestamp?: Date | string;
  /**
   * Already Ready on its devices (the controller knows; offline rendering does not).
   * Creation times have whole seconds, so two objects applied together tie: then the one
   * that already holds the devices keeps them, rather than the one whose name sorts first.
   */
  established?: boolean;
}

/** The kinds whose endpoints are SAPs / subinterfaces. */
export const KINDS_WITH_ENDPOINTS = ['VRF', 'VPLS'];

/** What two endpoints share when they clash. */
export const endpointClaim = (ns: string, e: EndpointKey) => `${ns}/${e.device}|${e.port}|${e.vlan ?? 0}|${e.innerVlan ?? 0}`;

/** `1/1/c1/1 VLAN 100 on pe1`, for messages. */
export const describeEndpoint = (e: EndpointKey) =>
  `${e.port}${e.vlan !== undefined ? ` VLAN ${e.vlan}${e.innerVlan !== undefined ? `.${e.innerVlan}` : ''}` : ''} on ${e.device}`;

const holderKey = (h: Holder) => `${h.kind}/${h.namespace}/${h.name}`;

/** Whether `a` was there first: creation time (absent = newest), then established, then key. */
export function olderHolder(a: Holder, b: Holder): boolean {
  const time = (h: Holder) => (h.creationTimestamp ? new Date(h.creationTimestamp).getTime() : Infinity);
  const [ta, tb] = [time(a), time(b)];
  if (ta !== tb) return ta < tb;
  if (!!a.established !== !!b.established) return !!a.established;
  return holderKey(a) < holderKey(b);
}

/**
 * The endpoints of `me` that an older holder in `others` already uses, as field errors.
 * `others` may contain `me`; it is skipped.
 */
export function conflictsOf<H extends Holder>(
  me: H,
  endpoints: readonly EndpointKey[],
  others: readonly { holder: H; endpoints: readonly EndpointKey[] }[],
  display: (h: H) => string,
): { field: string; message: string }[] {
  const held = new Map<string, H>();
  for (const o of others) {
    if (holderKey(o.holder) === holderKey(me) || o.holder.namespace !== me.namespace || !olderHolder(o.holder, me)) continue;
    for (const e of o.endpoints) held.set(endpointClaim(me.namespace, e), o.holder);
  }
  return endpoints.flatMap((e, i) => {
    const holder = held.get(endpointClaim(me.namespace, e));
    return holder ? [{ field: `spec.endpoints[${i}]`, message: `${describeEndpoint(e)} is already used by ${display(holder)}` }] : [];
  });
}

/**
 * conflictsOf for every one of `items` against all the others at once: one index of the
 * oldest holder per endpoint instead of one per item (offline rendering of 10,000 intents
 * took minutes, comparing every service with every other).
 */
export function conflictsAmong<H extends Holder>(
  items: readonly { holder: H; endpoints: readonly EndpointKey[] }[],
  display: (h: H) => string,
): { field: string; message: string }[][] {
  const oldest = new Map<string, H>();
  for (const { holder, endpoints } of items) {
    for (const e of endpoints) {
      const claim = endpointClaim(holder.namespace, e);
      const cur = oldest.get(claim);
      if (!cur || olderHolder(holder, cur)) oldest.set(claim, holder);
    }
  }
  return items.map(({ holder, endpoints }) =>
    endpoints.flatMap((e, i) => {
      const h = oldest.get(endpointClaim(holder.namespace, e))!;
      return holderKey(h) === holderKey(holder) ? [] : [{ field: `spec.endpoints[${i}]`, message: `${describeEndpoint(e)} is already used by ${display(h)}` }];
    }),
  );
}
