// One router, one NetworkDevice. Two objects reaching the same router (the same spec.address,
// or the same host and port dialled, after the dial-address annotation) would each push their
// own intents and fight over one configuration, and an ENC manifest's switchID would name two
// devices. The older object keeps the router (creation time, then kind/namespace/name, as for
// endpoints); the newer is refused and never connected to. The controller applies this rule to
// its cache (controllers/network-device.ts, controllers/dependencies.ts via the address owner).
import { olderHolder, type Holder } from './endpoints.js';

export interface DeviceIdentity extends Holder {
  address: string;
  protocol: 'netconf' | 'gnmi';
  port?: number;
  /** `host[:port]` from the dial-address annotation: where the controller actually connects. */
  dial?: string;
}

const DEFAULT_PORT = { netconf: 830, gnmi: 57400 } as const;

function hostPort(s: string): { host: string; port?: number } {
  const t = s.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracketed) return { host: bracketed[1]!, ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) };
  const colons = t.split(':').length - 1;
  if (colons !== 1) return { host: t }; // a bare IPv6 address, or a host without a port
  const [host, port] = t.split(':');
  return { host: host!, ...(/^\d+$/.test(port!) ? { port: Number(port) } : {}) };
}

/** What two objects for one router share: its address, and the host:port dialled. */
export function reachKeys(d: DeviceIdentity): { key: string; what: string }[] {
  const dial = d.dial ? hostPort(d.dial) : { host: d.address, port: d.port };
  const port = dial.port ?? d.port ?? DEFAULT_PORT[d.protocol];
  const endpoint = `${dial.host.toLowerCase()}:${port}`;
  return [
    { key: `address:${d.address.toLowerCase()}`, what: `address ${d.address}` },
    { key: `endpoint:${endpoint}`, what: `${d.dial ? 'dial address' : 'endpoint'} ${endpoint}` },
  ];
}

const holderKey = (h: Holder) => `${h.kind}/${h.namespace}/${h.name}`;

/** The older device that already reaches the router `me` reaches, and what they share. */
export function duplicateOf<D extends DeviceIdentity>(me: D, all: readonly D[]): { owner: D; what: string } | undefined {
  const mine = reachKeys(me);
  const older = all
    .filter((d) => holderKey(d) !== holderKey(me) && olderHolder(d, me))
    .sort((a, b) => (olderHolder(a, b) ? -1 : 1));
  for (const d of older) {
    const shared = mine.find((k) => reachKeys(d).some((x) => x.key === k.key));
    if (shared) return { owner: d, what: shared.what };
  }
  return undefined;
}

/**
 * The device an ENC manifest's switchID names: the one that holds the address, never a
 * refused duplicate (so at most one, whatever the namespaces).
 */
export function deviceAtAddress<D extends DeviceIdentity>(address: string, all: readonly D[]): D | undefined {
  return all.find((d) => d.address.toLowerCase() === address.toLowerCase() && !duplicateOf(d, all));
}
