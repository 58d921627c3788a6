// Which submitted requests run together, and which wait (issue 14). Requests whose devices
// no running round holds start now; those that share a device join one round (one
// transaction, so an intent is all or nothing across its devices), and rounds that share no
// device run at once. A round is capped in requests and in devices, so that one slow device
// cannot pull the whole fleet into its round.

export interface RoundCaps {
  maxRequests: number;
  maxDevices: number;
}

/** Passes a request may be left waiting before it reserves its devices (later requests stop overtaking it). */
export const PATIENCE = 3;

/**
 * `pending` in submission order; `busy`: devices a running round holds. Each request's
 * `passed` counts the passes that left it waiting, so that a stream of small requests cannot
 * starve a wide one.
 */
export function planRounds<T extends { passed: number }>(pending: readonly T[], devicesOf: (r: T) => string[], busy: ReadonlySet<string>, caps: RoundCaps): { rounds: T[][]; waiting: T[] } {
  const blocked = new Set(busy);
  const rounds: { devices: Set<string>; requests: T[] }[] = [];
  const roundOf = new Map<string, (typeof rounds)[number]>();
  const waiting: T[] = [];
  for (const r of pending) {
    const devices = [...new Set(devicesOf(r))];
    const joined = [...new Set(devices.flatMap((d) => roundOf.get(d) ?? []))];
    const merged = new Set([...devices, ...joined.flatMap((x) => [...x.devices])]);
    const requests = joined.reduce((n, x) => n + x.requests.length, 0) + 1;
    // Alone, a request always fits: a request wider than the cap runs in a round of its own.
    const overCap = joined.length > 0 && (merged.size > caps.maxDevices || requests > caps.maxRequests);
    if (devices.some((d) => blocked.has(d)) || overCap) {
      if (++r.passed >= PATIENCE) devices.forEach((d) => blocked.add(d));
      waiting.push(r);
      continue;
    }
    const into = { devices: merged, requests: [...joined.flatMap((x) => x.requests), r] };
    for (const x of joined) rounds.splice(rounds.indexOf(x), 1);
    rounds.push(into);
    for (const d of into.devices) roundOf.set(d, into);
  }
  return { rounds: rounds.map((x) => x.requests), waiting };
}
