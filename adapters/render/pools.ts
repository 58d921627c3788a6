// The allocation domain: which pool each value comes from and how it is formatted.
//   service ids  per SR OS device            1000..65535 (one value free on every PE of the intent)
//   RDs          per PE: <systemAddress>:1..65535 (type 1), pool per system address; the
//                same n on every PE where it is free (working labs: one RD per PE)
//   RTs          per ASN                     target:<asn>:1..65535
//   EVIs         per ASN; VNIs global        1..65535 / as given
//   SRv6 functions per device and locator    the locator's static range 1..staticFunctionMaxEntries
//                (SR OS: "If a static value is configured, the router checks and allocates within the
//                static range for the locator", Segment Routing and PCE guide, SRv6 binding SID procedures)
// Operator-chosen values are claimed in the same pools, so automatic ones avoid them.
import { AllocationError, Allocator } from './allocator.js';
import type { Device } from './plan.js';
import { functionOf, maxFunction, sidFor } from './srv6.js';

type Locator = NonNullable<Device['spec']['srv6']>['locators'][number];
export interface FunctionSid {
  locator: string;
  function: number;
  sid: string;
}

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

  serviceId(owner: string, devs: Device[], wanted?: number): number {
    const pools = devs.filter((d) => d.spec.platform === 'sros').map((d) => `service-id/${deviceKey(d)}`);
    if (!pools.length) return wanted ?? 0;
    return wanted !== undefined ? this.allocator.claim(pools, owner, wanted) : this.allocator.allocate(pools, owner, SERVICE_IDS);
  }

  /**
   * One RD per PE: the operator's where `given` names one, else `<systemAddress>:<n>` (type 1),
   * allocated per system address with one owner, so that n is the same on every PE where free.
   */
  rds(owner: string, devs: Device[], given: Record<string, string> = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of devs) {
      const wanted = given[d.name];
      if (wanted) {
        const m = /^(.+):(\d+)$/.exec(wanted)!;
        const pool = `rd/${m[1]}`;
        // Before per-PE RDs the intent itself held its one RD: hand it over to the device's owner.
        if (this.allocator.held(pool, owner) === Number(m[2])) this.allocator.drop(pool, Number(m[2]));
        this.allocator.claim([pool], `${owner}/rd/${d.name}`, Number(m[2]));
        out[d.name] = wanted;
        continue;
      }
      const base = d.spec.systemAddress;
      if (!base) {
        throw new Invalid(
          undefined,
          `cannot allocate a route distinguisher on ${d.name}: set spec.systemAddress on NetworkDevice ${d.namespace}/${d.name} ` +
            '(RDs are <system-ip>:<n>, one per PE), or give this device an RD',
        );
      }
      out[d.name] = `${base}:${this.allocator.allocate([`rd/${base}`], `${owner}/rd`, SMALL)}`;
    }
    return out;
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

  /**
   * An EVI, unique per ASN. An operator-chosen EVI on devices without asNumber (its RTs
   * given too) is claimed per `scope` instead, e.g. the RT's administrator field.
   */
  evi(owner: string, devs: Device[], wanted?: number, scope?: string): number {
    const asn = devs.find((d) => d.spec.asNumber)?.spec.asNumber;
    const pool = `evi/${asn === undefined && wanted !== undefined && scope ? scope : this.asn(devs, 'an EVI')}`;
    return wanted !== undefined ? this.allocator.claim([pool], owner, wanted) : this.allocator.allocate([pool], owner, SMALL);
  }

  vni(owner: string, wanted: number): number {
    return this.allocator.claim(['vni'], owner, wanted);
  }

  /**
   * A service function (End.DT46, End.DT2U, End.DT2M) of `locator` on an SR OS PE. SR OS
   * originates and terminates SRv6 services through FPEs, so the PE must declare both.
   */
  sid(owner: string, d: Device, locator: string, field: string, explicit?: { sid: string; field: string }): FunctionSid {
    if (d.spec.platform !== 'sros') throw new Invalid(field, `device ${d.name}: SRv6 services on SR Linux are not supported (not in the 25.3 models)`);
    const l = locatorOf(d, locator, field);
    requireFpe(d, l, field);
    return this.staticFunction(owner, d, l, explicit?.field ?? field, explicit?.sid);
  }

  /** The binding SID (End.B6.Encaps.Red) of a policy on its head end: the operator's, or allocated on its first locator. */
  bindingSid(owner: string, head: Device, field: string, explicit?: string): FunctionSid {
    const locators = head.spec.srv6?.locators ?? [];
    if (!explicit) {
      if (!locators[0]) throw new Invalid('spec.headEnd', `head end ${head.name} has no SRv6 locator to hold the policy's binding SID`);
      return this.staticFunction(owner, head, locators[0], field);
    }
    const l = locators.find((x) => functionOf(x.prefix, x.functionLength, explicit) !== undefined);
    if (!l) throw new Invalid(field, `${explicit} is not a function SID of any locator of head end ${head.name}`);
    return this.staticFunction(owner, head, l, field, explicit);
  }

  /** The End SID of a device's locator: one per locator, owned by the NetworkDevice; 1 where free, as labs use. */
  endSid(d: Device, l: Locator): FunctionSid {
    const owner = `NetworkDevice/${deviceKey(d)}/end/${l.name}`;
    const pool = `sid/${deviceKey(d)}/${l.name}`;
    let fn = this.allocator.held(pool, owner);
    if (fn === undefined) {
      try {
        fn = this.allocator.claim([pool], owner, 1);
      } catch (e) {
        if (!(e instanceof AllocationError)) throw e;
      }
    }
    return fn !== undefined ? { locator: l.name, function: fn, sid: sidFor(l.prefix, l.functionLength, fn) } : this.staticFunction(owner, d, l, 'spec.srv6');
  }

  /** A function value in the locator's static range (claimed when given as a SID), and the SID it makes. */
  private staticFunction(owner: string, d: Device, l: Locator, field: string, explicit?: string): FunctionSid {
    const pool = `sid/${deviceKey(d)}/${l.name}`;
    const range = staticRange(l);
    let fn: number;
    if (explicit) {
      const given = functionOf(l.prefix, l.functionLength, explicit);
      if (given === undefined || given < 1) {
        throw new Invalid(field, `${explicit} is not a function SID of locator ${l.name} (${l.prefix}, ${l.functionLength}-bit functions)`);
      }
      if (given > range.max) {
        throw new Invalid(
          field,
          `${explicit} has function value ${given}, outside the static range ${range.min}..${range.max} of locator ${l.name} on ${d.name} ` +
            '(NetworkDevice spec.srv6.locators[].staticFunctionMaxEntries); SR OS accepts static values only within it',
        );
      }
      fn = this.allocator.claim([pool], owner, given);
    } else fn = this.allocator.allocate([pool], owner, range);
    return { locator: l.name, function: fn, sid: sidFor(l.prefix, l.functionLength, fn) };
  }
}

/** The static function range netintent allocates from: 1..staticFunctionMaxEntries, within the function length. */
export function staticRange(l: Locator) {
  return { min: 1, max: Math.min(l.staticFunctionMaxEntries, maxFunction(l.functionLength)) };
}

/**
 * SR OS originates and terminates SRv6 services through forwarding path extensions (Nokia
 * Interface Configuration Guide, "FPE": "origination or termination of a service with an SRv6
 * tunnel"): segment-routing-v6 origination-fpe and the locator's termination-fpe.
 */
function requireFpe(d: Device, l: Locator, field: string) {
  const where = `NetworkDevice ${d.namespace}/${d.name}`;
  const why = 'SR OS originates and terminates SRv6 services through an FPE (fwd-path-ext fpe ... application srv6)';
  if (!d.spec.srv6?.originationFpe?.length) throw new Invalid(field, `${where} has no spec.srv6.originationFpe: ${why}`);
  if (!l.terminationFpe?.length) throw new Invalid(field, `${where} has no spec.srv6.locators[${l.name}].terminationFpe: ${why}`);
}

export function locatorOf(d: Device, name: string, field: string) {
  const l = d.spec.srv6?.locators.find((x) => x.name === name);
  if (!l) throw new Invalid(field, `device ${d.name} has no SRv6 locator ${name}`);
  return l;
}
