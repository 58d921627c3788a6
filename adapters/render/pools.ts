// The allocation domain: which pool each value comes from and how it is formatted.
//   service ids  per SR OS device            1000..65535 (one value free on every PE of the intent)
//   RDs          per ASN (or system address) <base>:1..65535
//   RTs          per ASN                     target:<asn>:1..65535
//   EVIs         per ASN; VNIs global        1..65535 / as given
//   SRv6 functions per device and locator    1..min(2^functionLength - 1, 1048575)
// Operator-chosen values are claimed in the same pools, so automatic ones avoid them.
import { Allocator } from './allocator.js';
import type { Device } from './plan.js';
import { functionOf, maxFunction, sidFor } from './srv6.js';

export class Invalid extends Error {
  constructor(
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const SERVICE_IDS = { min: 1000, max: 65535 };
const SMALL = { min: 1, max: 65535 };
const deviceKey = (d: Device) => `${d.namespace}/${d.name}`;

export class Pools {
  constructor(readonly allocator = new Allocator()) {}

  private asn(devs: Device[], what: string): string {
    const asn = devs.find((d) => d.spec.asNumber)?.spec.asNumber;
    if (!asn) throw new Invalid(undefined, `cannot allocate ${what}: set asNumber on ${devs.map((d) => d.name).join(' or ')}`);
    return String(asn);
  }

  /** RDs prefer the ASN (type 0/2) and fall back to a system address (type 1). */
  private rdBase(devs: Device[]): string {
    const base = devs.find((d) => d.spec.asNumber)?.spec.asNumber ?? devs.find((d) => d.spec.systemAddress)?.spec.systemAddress;
    if (base === undefined) {
      throw new Invalid(undefined, `cannot allocate a route distinguisher: none of ${devs.map((d) => d.name).join(', ')} has asNumber or systemAddress`);
    }
    return String(base);
  }

  serviceId(owner: string, devs: Device[], wanted?: number): number {
    const pools = devs.filter((d) => d.spec.platform === 'sros').map((d) => `service-id/${deviceKey(d)}`);
    if (!pools.length) return wanted ?? 0;
    return wanted !== undefined ? this.allocator.claim(pools, owner, wanted) : this.allocator.allocate(pools, owner, SERVICE_IDS);
  }

  rd(owner: string, devs: Device[], wanted?: string): string {
    if (wanted) {
      const m = /^(.+):(\d+)$/.exec(wanted)!;
      this.allocator.claim([`rd/${m[1]}`], owner, Number(m[2]));
      return wanted;
    }
    const base = this.rdBase(devs);
    return `${base}:${this.allocator.allocate([`rd/${base}`], owner, SMALL)}`;
  }

  rt(owner: string, devs: Device[], wanted?: string): string {
    if (wanted) {
      const m = /^target:(.+):(\d+)$/.exec(wanted)!;
      this.allocator.claim([`rt/${m[1]}`], owner, Number(m[2]));
      return wanted;
    }
    const asn = this.asn(devs, 'a route target');
    return `target:${asn}:${this.allocator.allocate([`rt/${asn}`], owner, SMALL)}`;
  }

  evi(owner: string, devs: Device[], wanted?: number): number {
    const pool = `evi/${this.asn(devs, 'an EVI')}`;
    return wanted !== undefined ? this.allocator.claim([pool], owner, wanted) : this.allocator.allocate([pool], owner, SMALL);
  }

  vni(owner: string, wanted: number): number {
    return this.allocator.claim(['vni'], owner, wanted);
  }

  /** An SRv6 function of `locator` on an SR OS device, and the SID it makes. */
  sid(owner: string, d: Device, locator: string, field: string, explicit?: string) {
    if (d.spec.platform !== 'sros') throw new Invalid(field, `device ${d.name}: SRv6 services on SR Linux are not supported (not in the 25.3 models)`);
    const l = locatorOf(d, locator, field);
    const pool = `sid/${deviceKey(d)}/${locator}`;
    const max = maxFunction(l.functionLength);
    let fn: number;
    if (explicit) {
      const given = functionOf(l.prefix, l.functionLength, explicit);
      if (given === undefined || given < 1 || given > max) {
        throw new Invalid(field, `${explicit} is not a function SID of locator ${l.name} (${l.prefix}, ${l.functionLength}-bit functions)`);
      }
      fn = this.allocator.claim([pool], owner, given);
    } else fn = this.allocator.allocate([pool], owner, { min: 1, max });
    return { locator, function: fn, sid: sidFor(l.prefix, l.functionLength, fn) };
  }
}

export function locatorOf(d: Device, name: string, field: string) {
  const l = d.spec.srv6?.locators.find((x) => x.name === name);
  if (!l) throw new Invalid(field, `device ${d.name} has no SRv6 locator ${name}`);
  return l;
}
