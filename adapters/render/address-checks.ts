// Addresses and SIDs a router would take but that carry no traffic (or break the VRF): an
// interface address that is its subnet's network or broadcast address, or /0; one address on
// two interfaces of a VRF; an SRv6 segment that is `::`, loopback or multicast. Admission
// only sees the text, so the resolver refuses these, naming the field.
import { Invalid } from './pools.js';
import { toBig } from './srv6.js';

const v4 = (a: string) => a.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);

/** What is wrong with `address/len` as an interface address, if anything. */
export function interfaceAddressProblem(prefix: string): string | undefined {
  const [addr, lenText] = prefix.split('/');
  const len = Number(lenText);
  const six = addr!.includes(':');
  const bits = six ? 128 : 32;
  if (len === 0) return `${prefix} has prefix length 0: an interface needs a subnet`;
  const host = BigInt(bits - len);
  if (host < 2n) return undefined; // /31, /32 and IPv6 /127, /128 have no network or broadcast address
  const value = six ? toBig(addr!) : v4(addr!);
  const hostPart = value & ((1n << host) - 1n);
  if (hostPart === 0n) return `${prefix} is the network address of its subnet${six ? ' (the subnet-router anycast address)' : ''}: use a host address`;
  if (!six && hostPart === (1n << host) - 1n) return `${prefix} is the broadcast address of its subnet: use a host address`;
  return undefined;
}

/** Every interface address of a VRF is a host address, and no address is on two interfaces. */
export function checkInterfaceAddresses(endpoints: readonly { ipv4?: string | undefined; ipv6?: string | undefined }[]): void {
  const seen = new Map<string, string>();
  endpoints.forEach((e, i) => {
    for (const family of ['ipv4', 'ipv6'] as const) {
      const prefix = e[family];
      if (!prefix) continue;
      const field = `spec.endpoints[${i}].${family}`;
      const problem = interfaceAddressProblem(prefix);
      if (problem) throw new Invalid(field, problem);
      const addr = family === 'ipv6' ? toBig(prefix.split('/')[0]!).toString() : prefix.split('/')[0]!;
      const first = seen.get(addr);
      if (first) throw new Invalid(field, `${prefix.split('/')[0]} is already the address of ${first}: one address belongs to one interface of a VRF`);
      seen.set(addr, field);
    }
  });
}

/**
 * An explicit SRv6 segment is a unicast address. (A SID outside every known locator stays
 * allowed: segments may belong to nodes netintent does not manage.)
 */
export function checkSegmentSid(sid: string, field: string): void {
  const value = toBig(sid);
  if (value === 0n) throw new Invalid(field, `${sid} is the unspecified address, not a SID`);
  if (value === 1n) throw new Invalid(field, `${sid} is the loopback address, not a SID`);
  if (value >> 120n === 0xffn) throw new Invalid(field, `${sid} is a multicast address, not a SID`);
}
