// Addresses and SIDs a router would take but that carry no traffic (or break the VRF): an
// interface address that is its subnet's network or broadcast address, or /0; one address on
// two interfaces of a VRF; an SRv6 segment that is `::`, loopback, link-local or multicast, or
// outside the SRv6 domain's locator blocks. Admission refuses what CEL can say (apis/formats.ts:
// /0, network addresses, non-unicast SIDs); the resolver refuses all of it, naming the field.
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

/** An explicit SRv6 segment is a unicast address. */
export function checkSegmentSid(sid: string, field: string): void {
  const value = toBig(sid);
  if (value === 0n) throw new Invalid(field, `${sid} is the unspecified address, not a SID`);
  if (value === 1n) throw new Invalid(field, `${sid} is the loopback address, not a SID`);
  if (value >> 120n === 0xffn) throw new Invalid(field, `${sid} is a multicast address, not a SID`);
  if (value >> 118n === 0x3fan) throw new Invalid(field, `${sid} is a link-local address, not a SID`);
}

export interface DomainLocator {
  device: string;
  name: string;
  prefix: string;
  blockLength: number;
}

const inPrefix = (sid: bigint, addr: string, len: number) => len === 0 || sid >> BigInt(128 - len) === toBig(addr) >> BigInt(128 - len);

/**
 * An explicit segment is a SID of this SRv6 domain: it lies in the SID block (the locator block,
 * RFC 8986 section 3.1) of some NetworkDevice's locator. A segment of a node netintent does not
 * manage is fine as long as the node draws its locator from the same block; an address outside
 * every block is a typo or a foreign network, and traffic steered to it goes nowhere.
 */
export function checkSidInDomain(sid: string, field: string, locators: readonly DomainLocator[]): void {
  if (!locators.length) throw new Invalid(field, `${sid}: no NetworkDevice in this namespace declares an SRv6 locator, so no SID block is known`);
  const value = toBig(sid);
  if (locators.some((l) => inPrefix(value, l.prefix.split('/')[0]!, l.blockLength))) return;
  const blocks = [...new Set(locators.map((l) => `${blockOf(l)}`))].join(', ');
  throw new Invalid(field, `${sid} is outside every SRv6 locator block of the NetworkDevices (${blocks}): a segment must be a SID of this SRv6 domain`);
}

function blockOf(l: DomainLocator): string {
  const shift = BigInt(128 - l.blockLength);
  const base = (toBig(l.prefix.split('/')[0]!) >> shift) << shift;
  const groups = Array.from({ length: 8 }, (_, i) => Number((base >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${l.blockLength}`;
}
