// From manifests to per-device fragments, in memory: validate each object against its
// zod schema, resolve references (devices, VRFs, locators, ENC switchIDs), allocate what
// the intents leave out, apply the L3VPN route-target policy, and render. No I/O.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { z } from 'zod';
import { KINDS, parseDependencies, patterns, type KindDef, type L3VPNSpec, type SRv6PolicySpec, type VPLSSpec, type VRFSpec, type ENCSpec } from '../../apis/index.js';
import type { Platform } from '../yang/models.js';
import { Allocator, AllocationError } from './allocator.js';
import type { Device, EncPlan, IntentRef, PolicyPlan, RouteTargets, VplsPlan, VrfPlan } from './plan.js';
import { renderDeviceBase, renderPlan, type OwnedFragment, type Plan } from './render.js';
import { functionOf, locatorAddress, maxFunction, sidFor } from './srv6.js';
import { PathError } from './enc.js';

export interface Source {
  object: KubernetesObject;
  /** Where it came from, e.g. `examples/10-l3vpn.yaml#2`. */
  origin: string;
}

export interface RenderError {
  origin: string;
  object: string;
  field?: string;
  message: string;
}

export interface DeviceRender {
  device: Device;
  platform: Platform;
  fragments: OwnedFragment[];
}

export interface Resolved {
  devices: DeviceRender[];
  errors: RenderError[];
}

const SERVICE_IDS = { min: 1000, max: 65535 };
const SMALL = { min: 1, max: 65535 };

interface Parsed<S> extends IntentRef {
  origin: string;
  spec: S;
  annotations?: Record<string, string>;
}

class Invalid extends Error {
  constructor(
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const key = (ns: string, name: string) => `${ns}/${name}`;
const who = (r: IntentRef) => `${r.kind} ${r.namespace}/${r.name}`;
const owner = (r: IntentRef) => `${r.kind}/${r.namespace}/${r.name}`;

export function resolve(sources: Source[], allocator = new Allocator()): Resolved {
  const errors: RenderError[] = [];
  const byKind = new Map<string, Parsed<unknown>[]>();
  for (const { object, origin } of sources) {
    const def = KINDS.find((k) => `${k.group}/${k.version}` === object.apiVersion && k.kind === object.kind) as KindDef | undefined;
    if (!def) continue; // Secrets, Namespaces, ...: not ours to render
    const ref = { kind: def.kind, namespace: object.metadata?.namespace ?? 'default', name: object.metadata?.name ?? '' };
    const parsed = (def.spec as z.ZodType).safeParse((object as { spec?: unknown }).spec);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = ['spec', ...issue.path.map(String)].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
        errors.push({ origin, object: who(ref), field, message: issue.message });
      }
      continue;
    }
    const deps = parseDependencies(object.metadata?.annotations, ref.namespace);
    if (!deps.ok) errors.push({ origin, object: who(ref), field: `metadata.annotations[${deps.annotation}]`, message: deps.error });
    byKind.set(def.kind, [...(byKind.get(def.kind) ?? []), { ...ref, origin, spec: parsed.data, annotations: object.metadata?.annotations }]);
  }
  const list = <S>(kind: string) =>
    ((byKind.get(kind) ?? []) as Parsed<S>[]).sort((a, b) => key(a.namespace, a.name).localeCompare(key(b.namespace, b.name)));

  const devices = new Map<string, Device>();
  for (const d of list<Device['spec']>('NetworkDevice')) devices.set(key(d.namespace, d.name), { name: d.name, namespace: d.namespace, spec: d.spec });
  const out = new Map<string, DeviceRender>();
  const target = (d: Device) => {
    const k = key(d.namespace, d.name);
    let r = out.get(k);
    if (!r) out.set(k, (r = { device: d, platform: d.spec.platform, fragments: [] }));
    return r;
  };
  const guard = (p: Parsed<unknown>, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof Invalid) errors.push({ origin: p.origin, object: who(p), field: e.field, message: e.message });
      else if (e instanceof AllocationError || e instanceof PathError) errors.push({ origin: p.origin, object: who(p), message: e.message });
      else throw e;
    }
  };
  const emit = (plan: Plan, devs: Device[]) => {
    for (const d of devs) target(d).fragments.push({ owner: { kind: plan.kind, namespace: plan.namespace, name: plan.name }, fragment: renderPlan(plan, d) });
  };

  for (const d of devices.values()) {
    const base = renderDeviceBase(d);
    if (base.updates.length) target(d).fragments.push({ owner: { kind: 'NetworkDevice', namespace: d.namespace, name: d.name }, fragment: base });
  }

  const device = (ns: string, name: string, field: string): Device => {
    const d = devices.get(key(ns, name));
    if (!d) throw new Invalid(field, `NetworkDevice ${ns}/${name} not found`);
    return d;
  };
  const endpointDevices = (p: Parsed<{ endpoints: { device: string; port: string }[] }>) => {
    const seen = new Map<string, Device>();
    p.spec.endpoints.forEach((e, i) => {
      const d = device(p.namespace, e.device, `spec.endpoints[${i}].device`);
      const ok = d.spec.platform === 'sros' ? patterns.srosPort.test(e.port) : patterns.srlInterface.test(e.port);
      if (!ok) {
        throw new Invalid(`spec.endpoints[${i}].port`, `${e.port} is not a ${d.spec.platform === 'sros' ? 'SR OS port (1/1/c1/1)' : 'SR Linux interface (ethernet-1/1)'} for device ${d.name}`);
      }
      seen.set(d.name, d);
    });
    return [...seen.values()];
  };
  /** ASN-scoped pools need an ASN; fall back to a device's system address (type-1 RD). */
  const rdBase = (devs: Device[], what: string) => {
    const asn = devs.find((d) => d.spec.asNumber)?.spec.asNumber;
    if (asn) return String(asn);
    const ip = devs.find((d) => d.spec.systemAddress)?.spec.systemAddress;
    if (ip) return ip;
    throw new Invalid(undefined, `cannot allocate ${what}: none of ${devs.map((d) => d.name).join(', ')} has asNumber or systemAddress`);
  };
  const rtBase = (devs: Device[], what: string) => {
    const asn = devs.find((d) => d.spec.asNumber)?.spec.asNumber;
    if (!asn) throw new Invalid(undefined, `cannot allocate ${what}: set asNumber on ${devs.map((d) => d.name).join(' or ')}`);
    return String(asn);
  };
  const allocRd = (o: string, devs: Device[]) => {
    const base = rdBase(devs, 'a route distinguisher');
    return `${base}:${allocator.allocate([`rd/${base}`], o, SMALL)}`;
  };
  const allocRt = (o: string, devs: Device[], pool = 'rt') => {
    const asn = rtBase(devs, 'a route target');
    return `target:${asn}:${allocator.allocate([`${pool}/${asn}`], o, SMALL)}`;
  };
  const serviceId = (o: string, devs: Device[], wanted?: number) => {
    const pools = devs.filter((d) => d.spec.platform === 'sros').map((d) => `service-id/${key(d.namespace, d.name)}`);
    if (!pools.length) return wanted ?? 0;
    return wanted !== undefined ? allocator.claim(pools, o, wanted) : allocator.allocate(pools, o, SERVICE_IDS);
  };
  const locatorOf = (d: Device, name: string, field: string) => {
    const l = d.spec.srv6?.locators.find((x) => x.name === name);
    if (!l) throw new Invalid(field, `device ${d.name} has no SRv6 locator ${name}`);
    return l;
  };
  const sidAlloc = (o: string, d: Device, locator: string, field: string, explicit?: string) => {
    if (d.spec.platform !== 'sros') throw new Invalid(field, `device ${d.name}: SRv6 services on SR Linux are not supported (not in the 25.3 models)`);
    const l = locatorOf(d, locator, field);
    const pool = `sid/${key(d.namespace, d.name)}/${locator}`;
    const max = maxFunction(l.functionLength);
    let fn: number;
    if (explicit) {
      const given = functionOf(l.prefix, l.functionLength, explicit);
      if (given === undefined || given < 1 || given > max) {
        throw new Invalid(field, `${explicit} is not a function SID of locator ${l.name} (${l.prefix}, ${l.functionLength}-bit functions)`);
      }
      fn = allocator.claim([pool], o, given);
    } else fn = allocator.allocate([pool], o, { min: 1, max });
    return { locator, function: fn, sid: sidFor(l.prefix, l.functionLength, fn) };
  };

  // L3VPN: the route-target policy of its VRFs.
  const vrfRts = new Map<string, { rt: RouteTargets; by: string }>();
  const vrfsByKey = new Map(list<VRFSpec>('VRF').map((v) => [key(v.namespace, v.name), v]));
  for (const vpn of list<L3VPNSpec>('L3VPN')) {
    guard(vpn, () => {
      const members = vpn.spec.vrfs.map((m, i) => {
        const v = vrfsByKey.get(key(vpn.namespace, m.name));
        if (!v) throw new Invalid(`spec.vrfs[${i}].name`, `VRF ${vpn.namespace}/${m.name} not found`);
        return { ...m, vrf: v };
      });
      const devs = members.flatMap((m) => m.vrf.spec.endpoints.map((e) => devices.get(key(vpn.namespace, e.device)))).filter((d): d is Device => !!d);
      const o = owner(vpn);
      const assign = (m: (typeof members)[number], rt: RouteTargets) => {
        const k = key(vpn.namespace, m.name);
        const prev = vrfRts.get(k);
        if (prev) throw new Invalid('spec.vrfs', `VRF ${m.name} is already in ${prev.by}`);
        vrfRts.set(k, { rt, by: who(vpn) });
      };
      if (vpn.spec.topology === 'full-mesh') {
        const shared = vpn.spec.routeTargets?.shared ?? allocRt(`${o}/shared`, devs);
        for (const m of members) assign(m, { import: shared, export: shared });
      } else {
        const hub = vpn.spec.routeTargets?.hub ?? allocRt(`${o}/hub`, devs);
        const spoke = vpn.spec.routeTargets?.spoke ?? allocRt(`${o}/spoke`, devs);
        for (const m of members) assign(m, m.role === 'hub' ? { import: spoke, export: hub } : { import: hub, export: spoke });
      }
    });
  }

  for (const v of list<VRFSpec>('VRF')) {
    guard(v, () => {
      const devs = endpointDevices(v);
      const o = owner(v);
      const fromVpn = vrfRts.get(key(v.namespace, v.name))?.rt;
      const rt = fromVpn ?? v.spec.routeTargets ?? (() => {
        const t = allocRt(o, devs);
        return { import: t, export: t };
      })();
      const sids: VrfPlan['sids'] = {};
      if (v.spec.srv6) {
        for (const d of devs) {
          const explicit = v.spec.srv6.sids?.find((s) => s.device === d.name)?.sid;
          sids[d.name] = sidAlloc(o, d, v.spec.srv6.locator, 'spec.srv6.locator', explicit);
        }
      }
      const needsEvi = v.spec.evpnVxlan && devs.some((d) => d.spec.platform === 'srlinux');
      const plan: VrfPlan = {
        kind: 'VRF',
        namespace: v.namespace,
        name: v.name,
        spec: v.spec,
        serviceId: serviceId(o, devs, v.spec.serviceId),
        routeDistinguisher: v.spec.routeDistinguisher ?? allocRd(o, devs),
        routeTargets: rt,
        ...(needsEvi ? { evi: allocator.allocate([`evi/${rdBase(devs, 'an EVI')}`], o, SMALL) } : {}),
        sids,
      };
      emit(plan, devs);
    });
  }

  for (const v of list<VPLSSpec>('VPLS')) {
    guard(v, () => {
      const devs = endpointDevices(v);
      const o = owner(v);
      v.spec.endpoints.forEach((e, i) => {
        if (e.innerVlan !== undefined && devices.get(key(v.namespace, e.device))?.spec.platform === 'srlinux') {
          throw new Invalid(`spec.endpoints[${i}].innerVlan`, `Q-in-Q endpoints are rendered for SR OS only; ${e.device} is SR Linux`);
        }
      });
      let evpn: VplsPlan['evpn'];
      if (v.spec.evpn) {
        const e = v.spec.evpn;
        const base = rtBase(devs, 'EVPN route targets');
        allocator.claim([`evi/${base}`], o, e.evi);
        const vni = allocator.claim(['vni'], o, e.vni ?? e.evi);
        const rt = e.routeTargets ?? { import: `target:${base}:${e.evi}`, export: `target:${base}:${e.evi}` };
        evpn = { evi: e.evi, vni, routeDistinguisher: e.routeDistinguisher ?? allocRd(o, devs), routeTargets: rt };
      }
      const sids: VplsPlan['sids'] = {};
      if (v.spec.srv6) {
        for (const d of devs) {
          const given = v.spec.srv6.sids?.find((s) => s.device === d.name);
          const dt2u = sidAlloc(`${o}/dt2u`, d, v.spec.srv6.locator, 'spec.srv6.locator', given?.endDt2u);
          const dt2m = sidAlloc(`${o}/dt2m`, d, v.spec.srv6.locator, 'spec.srv6.locator', given?.endDt2m);
          sids[d.name] = { locator: v.spec.srv6.locator, dt2u, dt2m };
        }
      }
      emit({ kind: 'VPLS', namespace: v.namespace, name: v.name, spec: v.spec, serviceId: serviceId(o, devs, v.spec.serviceId), evpn, sids }, devs);
    });
  }

  for (const p of list<SRv6PolicySpec>('SRv6Policy')) {
    guard(p, () => {
      const head = device(p.namespace, p.spec.headEnd, 'spec.headEnd');
      if (head.spec.platform !== 'sros') throw new Invalid('spec.headEnd', `${head.name} is SR Linux; static SRv6 policies are rendered for SR OS head ends`);
      const segmentLists = p.spec.segmentLists.map((l, i) => ({
        index: l.index,
        ...(l.weight !== undefined ? { weight: l.weight } : {}),
        sids: l.segments.map((s, j) => {
          if (s.sid) return s.sid;
          const field = `spec.segmentLists[${i}].segments[${j}]`;
          const d = device(p.namespace, s.device!, `${field}.device`);
          const loc = s.locator ? locatorOf(d, s.locator, `${field}.locator`) : d.spec.srv6?.locators[0];
          if (!loc) throw new Invalid(`${field}.device`, `device ${d.name} has no SRv6 locator`);
          return locatorAddress(loc.prefix);
        }),
      }));
      const plan: PolicyPlan = { kind: 'SRv6Policy', namespace: p.namespace, name: p.name, spec: p.spec, segmentLists };
      emit(plan, [head]);
    });
  }

  for (const kind of ['SROSConfig', 'SRLinuxConfig'] as const) {
    for (const c of list<ENCSpec>(kind)) {
      guard(c, () => {
        const matches = [...devices.values()].filter((d) => d.spec.address === c.spec.switchID);
        if (!matches.length) throw new Invalid('spec.switchID', `no NetworkDevice has address ${c.spec.switchID}`);
        const want = kind === 'SROSConfig' ? 'sros' : 'srlinux';
        const d = matches.find((m) => m.spec.platform === want);
        if (!d) throw new Invalid('spec.switchID', `the device at ${c.spec.switchID} is not ${want === 'sros' ? 'SR OS' : 'SR Linux'}`);
        const plan: EncPlan = { kind, namespace: c.namespace, name: c.name, path: c.spec.path, properties: c.spec.properties };
        emit(plan, [d]);
      });
    }
  }

  return { devices: [...out.values()].sort((a, b) => a.device.name.localeCompare(b.device.name)), errors };
}
