// From manifests to per-device fragments, in memory: validate each object against its
// zod schema, resolve references (devices, VRFs, locators, ENC switchIDs), allocate what
// the intents leave out, apply the L3VPN route-target policy, and render. No I/O.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { z } from 'zod';
import { KINDS, parseDependencies, patterns, type ENCSpec, type KindDef, type L3VPNSpec, type SRv6PolicySpec, type VPLSSpec, type VRFSpec } from '../../apis/index.js';
import type { Platform } from '../yang/models.js';
import type { PlatformSchema } from '../yang/schema-index.js';
import { BAD_CHARS } from '../yang/leaf-value.js';
import { AllocationError, Allocator } from './allocator.js';
import { conflictsAmong, type Holder } from './endpoints.js';
import { deviceAtAddress, duplicateOf } from './device-identity.js';
import { ownershipRefusals } from './ownership.js';
import { checkSegmentSid, checkSidInDomain, type DomainLocator } from './address-checks.js';
import { checkCustomer, checkVpls, checkVrf, evpnEncapsulation } from './service-checks.js';
import { checkEncSchema } from './enc-schema.js';
import { checkOwnerScope } from './scope.js';
import { endpointKey, type Device, type DeviceBasePlan, type IntentRef, type RouteTargets, type VplsPlan, type VrfPlan } from './plan.js';
import { Invalid, Pools, locatorOf } from './pools.js';
import { renderDeviceBase, renderPlan, type OwnedFragment, type Plan } from './render.js';

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
  /** A value another intent holds (allocation) or anything else wrong with the intent (invalid). */
  cause: 'invalid' | 'allocation';
}

export interface DeviceRender {
  device: Device;
  platform: Platform;
  fragments: OwnedFragment[];
}

export interface Resolved {
  devices: DeviceRender[];
  /** Every plan rendered: what was allocated and resolved for each intent. */
  plans: Plan[];
  errors: RenderError[];
}

interface Parsed<S> extends IntentRef {
  origin: string;
  spec: S;
  /** metadata.creationTimestamp, when the object comes from a cluster: the older endpoint holder wins. */
  created?: Date | string;
}

const key = (ns: string, name: string) => `${ns}/${name}`;
const who = (r: IntentRef) => `${r.kind} ${r.namespace}/${r.name}`;
const owner = (r: IntentRef) => `${r.kind}/${r.namespace}/${r.name}`;
const both = (t: string): RouteTargets => ({ import: t, export: t });

function parse(sources: Source[], errors: RenderError[]) {
  const byKind = new Map<string, Parsed<unknown>[]>();
  for (const { object, origin } of sources) {
    const def = KINDS.find((k) => `${k.group}/${k.version}` === object.apiVersion && k.kind === object.kind) as KindDef | undefined;
    if (!def) continue; // Secrets, Namespaces, ...: not ours to render
    const ref = { kind: def.kind, namespace: object.metadata?.namespace ?? 'default', name: object.metadata?.name ?? '' };
    const parsed = (def.spec as z.ZodType).safeParse((object as { spec?: unknown }).spec);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = ['spec', ...issue.path.map(String)].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
        errors.push({ origin, object: who(ref), field, message: issue.message, cause: 'invalid' });
      }
      continue;
    }
    const bad = unencodable(parsed.data, 'spec');
    if (bad) {
      errors.push({ origin, object: who(ref), field: bad, message: 'holds a control character, a lone surrogate or a non-character, which neither XML nor a YANG string can carry', cause: 'invalid' });
      continue;
    }
    const deps = parseDependencies(object.metadata?.annotations, ref.namespace);
    if (!deps.ok) errors.push({ origin, object: who(ref), field: `metadata.annotations[${deps.annotation}]`, message: deps.error, cause: 'invalid' });
    if (!byKind.has(def.kind)) byKind.set(def.kind, []);
    const created = object.metadata?.creationTimestamp as Date | string | undefined;
    byKind.get(def.kind)!.push({ ...ref, origin, spec: parsed.data, ...(created ? { created } : {}) });
  }
  return <S>(kind: string) =>
    ((byKind.get(kind) ?? []) as Parsed<S>[]).sort((a, b) => key(a.namespace, a.name).localeCompare(key(b.namespace, b.name)));
}

export interface ResolveOptions {
  /**
   * The platforms' YANG schemas (loadPlatformSchema): ENC objects are checked against them, node
   * by node and value by value. Without one, ENC property names are still refused unless they
   * are YANG names, and every document is still kept inside its owner's paths.
   */
  schemas?: Partial<Record<Platform, PlatformSchema>>;
}

/** The first field (a string, or a member name) that no device encoding can carry (RFC 7950 9.4, XML 1.0). */
function unencodable(v: unknown, at: string): string | undefined {
  if (typeof v === 'string') return BAD_CHARS.test(v) ? at : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = unencodable(v[i], `${at}[${i}]`);
      if (bad) return bad;
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      const bad = BAD_CHARS.test(k) ? `${at}.${JSON.stringify(k)}` : unencodable(x, `${at}.${k}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

export function resolve(sources: Source[], allocator = new Allocator(), options: ResolveOptions = {}): Resolved {
  const errors: RenderError[] = [];
  const list = parse(sources, errors);
  const pools = new Pools(allocator);
  const failed = new Set<string>();

  const devices = new Map<string, Device>();
  for (const d of list<Device['spec']>('NetworkDevice')) devices.set(key(d.namespace, d.name), { name: d.name, namespace: d.namespace, spec: d.spec });
  const out = new Map<string, DeviceRender>();
  const emit = (owner: IntentRef, d: Device, fragment: OwnedFragment['fragment']) => {
    const k = key(d.namespace, d.name);
    if (!out.has(k)) out.set(k, { device: d, platform: d.spec.platform, fragments: [] });
    out.get(k)!.fragments.push({ owner: { kind: owner.kind, namespace: owner.namespace, name: owner.name }, fragment });
  };
  const plans: Plan[] = [];
  const render = (plan: Plan, devs: Device[]) => {
    const rendered = devs.map((d) => [d, renderPlan(plan, d)] as const); // all or nothing
    for (const [d, f] of rendered) checkOwnerScope(plan, d.spec.platform, f);
    plans.push(plan);
    rendered.forEach(([d, f]) => emit(plan, d, f));
  };
  const guard = (p: Parsed<unknown>, fn: () => void) => {
    if (failed.has(owner(p))) return;
    try {
      fn();
    } catch (e) {
      if (!(e instanceof Invalid || e instanceof AllocationError)) throw e;
      failed.add(owner(p));
      errors.push({
        origin: p.origin,
        object: who(p),
        ...(e instanceof Invalid && e.field ? { field: e.field } : {}),
        message: e.message,
        cause: e instanceof AllocationError ? 'allocation' : 'invalid',
      });
    }
  };
  const device = (ns: string, name: string, field: string): Device => {
    const d = devices.get(key(ns, name));
    if (!d) throw new Invalid(field, `NetworkDevice ${ns}/${name} not found`);
    return d;
  };
  const endpointDevices = (p: Parsed<{ endpoints: { device: string; port: string }[] }>) => {
    const seen = new Map<string, Device>();
    p.spec.endpoints.forEach((e, i) => {
      const d = device(p.namespace, e.device, `spec.endpoints[${i}].device`);
      if (!(d.spec.platform === 'sros' ? patterns.srosPort : patterns.srlInterface).test(e.port)) {
        const want = d.spec.platform === 'sros' ? 'an SR OS port (1/1/c1/1)' : 'an SR Linux interface (ethernet-1/1)';
        throw new Invalid(`spec.endpoints[${i}].port`, `${e.port} is not ${want}, as device ${d.name} needs`);
      }
      seen.set(d.name, d);
    });
    return [...seen.values()];
  };

  // One router, one NetworkDevice: the newer of two with one address is refused, and no switchID names it.
  const identities = list<Device['spec']>('NetworkDevice').map((d) => ({
    kind: d.kind, namespace: d.namespace, name: d.name, address: d.spec.address, protocol: d.spec.protocol,
    ...(d.spec.port !== undefined ? { port: d.spec.port } : {}), ...(d.created ? { creationTimestamp: d.created } : {}),
  }));
  // A device's End SIDs come first: they are the device's own, and device segments of SRv6 policies resolve to them.
  for (const p of list<Device['spec']>('NetworkDevice')) {
    guard(p, () => {
      const dup = duplicateOf(identities.find((i) => i.namespace === p.namespace && i.name === p.name)!, identities);
      if (dup) throw new Invalid('spec.address', `${dup.what} is NetworkDevice ${dup.owner.namespace}/${dup.owner.name}'s: one router, one NetworkDevice`);
      const d = devices.get(key(p.namespace, p.name))!;
      const endSids: DeviceBasePlan['endSids'] = {};
      if (d.spec.platform === 'sros') for (const l of d.spec.srv6?.locators ?? []) endSids[l.name] = pools.endSid(d, l);
      const base = renderDeviceBase(d, { endSids });
      checkOwnerScope(p, d.spec.platform, base);
      if (base.updates.length) emit(p, d, base);
    });
  }
  /** The operator's RDs, per device: `spec…routeDistinguisher` on a one-PE service, or `…routeDistinguishers`. */
  const givenRds = (devs: Device[], field: string, one?: string, perDevice?: { device: string; rd: string }[]) => {
    if (one) {
      if (devs.length !== 1) {
        const on = devs.map((d) => d.name).join(', ');
        throw new Invalid(field, `one RD per PE: this service is on ${on}; set ${field}s [{device, rd}] or leave RDs to allocation`);
      }
      return { [devs[0]!.name]: one };
    }
    const out: Record<string, string> = {};
    perDevice?.forEach((r, i) => {
      if (!devs.some((d) => d.name === r.device)) {
        throw new Invalid(`${field}s[${i}].device`, `${r.device} has no endpoint of this service`);
      }
      out[r.device] = r.rd;
    });
    return out;
  };
  const vrfRds = (v: Parsed<VRFSpec>, devs: Device[]) =>
    givenRds(devs, 'spec.routeDistinguisher', v.spec.routeDistinguisher, v.spec.routeDistinguishers);
  const vplsRds = (v: Parsed<VPLSSpec>, devs: Device[]) =>
    givenRds(devs, 'spec.evpn.routeDistinguisher', v.spec.evpn?.routeDistinguisher, v.spec.evpn?.routeDistinguishers);
  const only = (devs: Device[], given: Record<string, string>) => devs.filter((d) => given[d.name]);
  /** A VPLS's EVPN RTs: the operator's, else target:<ASN>:<EVI>. */
  const vplsRts = (v: Parsed<VPLSSpec>, devs: Device[]): RouteTargets => {
    const e = v.spec.evpn!;
    if (e.routeTargets) return e.routeTargets;
    const asn = devs.find((d) => d.spec.asNumber)?.spec.asNumber;
    if (asn === undefined) throw new Invalid('spec.evpn.routeTargets', `set routeTargets, or asNumber on ${devs.map((d) => d.name).join(' or ')} (RTs default to target:<ASN>:<EVI>)`);
    return both(`target:${asn}:${e.evi}`);
  };

  const vrfs = list<VRFSpec>('VRF');
  const vplss = list<VPLSSpec>('VPLS');
  const vpns = list<L3VPNSpec>('L3VPN');

  // One port + VLAN serves one service (the controller's rule too): the older object keeps it.
  const services = [...vrfs, ...vplss] as Parsed<{ endpoints: { device: string; port: string; vlan?: number; innerVlan?: number }[] }>[];
  const holder = (p: Parsed<unknown>): Holder => ({ kind: p.kind, namespace: p.namespace, name: p.name, creationTimestamp: p.created });
  const clashes = conflictsAmong(services.map((p) => ({ holder: holder(p), endpoints: p.spec.endpoints })), (h) => `${h.kind} ${h.namespace}/${h.name}`);
  services.forEach((p, i) => {
    const clash = clashes[i]![0];
    if (clash) guard(p, () => { throw new Invalid(clash.field, clash.message); });
  });
  // What the devices' platforms allow, before anything is allocated.
  for (const v of vrfs) guard(v, () => { const devs = endpointDevices(v); checkCustomer(v.spec, devs); checkVrf(v.spec, devs); });
  for (const v of vplss) guard(v, () => { const devs = endpointDevices(v); checkCustomer(v.spec, devs); checkVpls(v.spec, devs); });

  // Operator-chosen values first, so that automatic allocation never takes them.
  for (const v of vrfs) {
    guard(v, () => {
      const devs = endpointDevices(v);
      pools.serviceId(owner(v), devs, v.spec.serviceId);
      const rds = vrfRds(v, devs);
      pools.rds(owner(v), only(devs, rds), rds);
      if (v.spec.routeTargets) {
        pools.rt(`${owner(v)}/import`, devs, v.spec.routeTargets.import);
        if (v.spec.routeTargets.export !== v.spec.routeTargets.import) pools.rt(`${owner(v)}/export`, devs, v.spec.routeTargets.export);
      }
    });
  }
  for (const v of vplss) {
    guard(v, () => {
      const devs = endpointDevices(v);
      if (v.spec.serviceId !== undefined) pools.serviceId(owner(v), devs, v.spec.serviceId);
      const e = v.spec.evpn;
      if (!e) return;
      const rt = vplsRts(v, devs);
      pools.evi(owner(v), devs, e.evi, `rt-admin/${rt.import.replace(/^target:(.+):\d+$/, '$1')}`);
      if (evpnEncapsulation(v.spec, devs) === 'vxlan') pools.vni(owner(v), e.vni ?? e.evi);
      else if (e.vni !== undefined) throw new Invalid('spec.evpn.vni', 'a VNI needs VXLAN: this VPLS is EVPN over ' + (v.spec.srv6 ? 'SRv6' : 'MPLS'));
      const rds = vplsRds(v, devs);
      pools.rds(owner(v), only(devs, rds), rds);
      pools.rt(`${owner(v)}/import`, devs, rt.import);
      if (rt.export !== rt.import) pools.rt(`${owner(v)}/export`, devs, rt.export);
    });
  }
  for (const vpn of vpns) {
    guard(vpn, () => {
      for (const [role, rt] of Object.entries(vpn.spec.routeTargets ?? {})) if (rt) pools.rt(`${owner(vpn)}/${role}`, [], rt);
    });
  }

  // L3VPN: the route-target policy of its VRFs.
  const vrfRts = new Map<string, { rt: RouteTargets; by: string }>();
  const vrfByKey = new Map(vrfs.map((v) => [key(v.namespace, v.name), v]));
  for (const vpn of vpns) {
    guard(vpn, () => {
      const members = vpn.spec.vrfs.map((m, i) => {
        const v = vrfByKey.get(key(vpn.namespace, m.name));
        if (!v) throw new Invalid(`spec.vrfs[${i}].name`, `VRF ${vpn.namespace}/${m.name} not found`);
        const prev = vrfRts.get(key(vpn.namespace, m.name));
        if (prev) throw new Invalid(`spec.vrfs[${i}].name`, `VRF ${m.name} is already in ${prev.by}`);
        return { ...m, devs: endpointDevices(v) };
      });
      const devs = members.flatMap((m) => m.devs);
      const rt = (role: 'shared' | 'hub' | 'spoke') => pools.rt(`${owner(vpn)}/${role}`, devs, vpn.spec.routeTargets?.[role]);
      const policy = (role?: 'hub' | 'spoke'): RouteTargets => {
        if (vpn.spec.topology === 'full-mesh') return both(rt('shared'));
        return role === 'hub' ? { import: rt('spoke'), export: rt('hub') } : { import: rt('hub'), export: rt('spoke') };
      };
      for (const m of members) vrfRts.set(key(vpn.namespace, m.name), { rt: policy(m.role), by: who(vpn) });
    });
  }

  for (const v of vrfs) {
    guard(v, () => {
      const devs = endpointDevices(v);
      const o = owner(v);
      const sids: VrfPlan['sids'] = {};
      const srv6 = v.spec.srv6;
      for (const d of srv6 ? devs : []) {
        const i = srv6!.sids?.findIndex((s) => s.device === d.name) ?? -1;
        const explicit = i < 0 ? undefined : { sid: srv6!.sids![i]!.sid, field: `spec.srv6.sids[${i}].sid` };
        sids[d.name] = pools.sid(o, d, srv6!.locator, 'spec.srv6.locator', explicit);
      }
      const needsEvi = v.spec.evpnVxlan && devs.some((d) => d.spec.platform === 'srlinux');
      const plan: VrfPlan = {
        kind: 'VRF',
        namespace: v.namespace,
        name: v.name,
        spec: v.spec,
        serviceId: pools.serviceId(o, devs, v.spec.serviceId),
        routeDistinguishers: pools.rds(o, devs, vrfRds(v, devs)),
        routeTargets: vrfRts.get(key(v.namespace, v.name))?.rt ?? v.spec.routeTargets ?? both(pools.rt(`${o}/import`, devs)),
        ...(needsEvi ? { evi: pools.evi(o, devs) } : {}),
        sids,
      };
      render(plan, devs);
    });
  }

  for (const v of vplss) {
    guard(v, () => {
      const devs = endpointDevices(v);
      const o = owner(v);
      // SR Linux double-tagged subinterfaces: an index above the VLAN range (single-tagged ones use the VLAN).
      const subinterfaces: Record<string, number> = {};
      for (const ep of v.spec.endpoints) {
        if (ep.innerVlan === undefined || devices.get(key(v.namespace, ep.device))?.spec.platform !== 'srlinux') continue;
        const pool = `subinterface/${v.namespace}/${ep.device}/${ep.port}`;
        subinterfaces[endpointKey(ep)] = pools.allocator.allocate([pool], `${o}/${endpointKey(ep)}`, { min: 4095, max: 9999 });
      }
      const e = v.spec.evpn;
      const evpn = e && {
        evi: e.evi,
        vni: e.vni ?? e.evi,
        encapsulation: evpnEncapsulation(v.spec, devs) ?? 'mpls',
        routeDistinguishers: pools.rds(o, devs, vplsRds(v, devs)),
        routeTargets: vplsRts(v, devs),
      };
      const sids: VplsPlan['sids'] = {};
      const srv6 = v.spec.srv6;
      if (srv6) {
        for (const d of devs) {
          const i = srv6.sids?.findIndex((s) => s.device === d.name) ?? -1;
          const given = srv6.sids?.[i];
          const explicit = (sid: string | undefined, leaf: string) => (sid ? { sid, field: `spec.srv6.sids[${i}].${leaf}` } : undefined);
          const dt2u = pools.sid(`${o}/dt2u`, d, srv6.locator, 'spec.srv6.locator', explicit(given?.endDt2u, 'endDt2u'));
          const dt2m = pools.sid(`${o}/dt2m`, d, srv6.locator, 'spec.srv6.locator', explicit(given?.endDt2m, 'endDt2m'));
          sids[d.name] = { locator: srv6.locator, dt2u, dt2m };
        }
      }
      const serviceId = pools.serviceId(o, devs, v.spec.serviceId);
      render({ kind: 'VPLS', namespace: v.namespace, name: v.name, spec: v.spec, serviceId, evpn, sids, subinterfaces }, devs);
    });
  }

  /** Every SRv6 locator the namespace's NetworkDevices declare: the SRv6 domain explicit segments must lie in. */
  const domain = (ns: string): DomainLocator[] =>
    [...devices.values()]
      .filter((d) => d.namespace === ns)
      .flatMap((d) => (d.spec.srv6?.locators ?? []).map((l) => ({ device: d.name, name: l.name, prefix: l.prefix, blockLength: l.blockLength })));
  for (const p of list<SRv6PolicySpec>('SRv6Policy')) {
    guard(p, () => {
      const head = device(p.namespace, p.spec.headEnd, 'spec.headEnd');
      if (head.spec.platform !== 'sros') throw new Invalid('spec.headEnd', `${head.name} is SR Linux; static SRv6 policies are rendered for SR OS head ends`);
      const segmentLists = p.spec.segmentLists.map((l, i) => ({
        index: l.index,
        ...(l.weight !== undefined ? { weight: l.weight } : {}),
        sids: l.segments.map((s, j) => {
          const field = `spec.segmentLists[${i}].segments[${j}]`;
          if (s.sid) {
            checkSegmentSid(s.sid, `${field}.sid`);
            checkSidInDomain(s.sid, `${field}.sid`, domain(p.namespace));
            return s.sid;
          }
          const d = device(p.namespace, s.device!, `${field}.device`);
          if (d.spec.platform !== 'sros') {
            throw new Invalid(`${field}.device`, `${d.name} is SR Linux; device segments resolve to End SIDs of SR OS devices`);
          }
          const loc = s.locator ? locatorOf(d, s.locator, `${field}.locator`) : d.spec.srv6?.locators[0];
          if (!loc) throw new Invalid(`${field}.device`, `device ${d.name} has no SRv6 locator`);
          return pools.endSid(d, loc).sid; // the End SID the device's own base renders
        }),
      }));
      const bindingSid = pools.bindingSid(`${owner(p)}/bsid`, head, 'spec.bindingSid', p.spec.bindingSid);
      render({ kind: 'SRv6Policy', namespace: p.namespace, name: p.name, spec: p.spec, segmentLists, bindingSid }, [head]);
    });
  }

  for (const kind of ['SROSConfig', 'SRLinuxConfig'] as const) {
    for (const c of list<ENCSpec>(kind)) {
      guard(c, () => {
        const want = kind === 'SROSConfig' ? 'sros' : 'srlinux';
        const owner = deviceAtAddress(c.spec.switchID, identities);
        if (!owner) throw new Invalid('spec.switchID', `no NetworkDevice has address ${c.spec.switchID}`);
        const d = devices.get(key(owner.namespace, owner.name));
        if (!d || d.spec.platform !== want) throw new Invalid('spec.switchID', `the device at ${c.spec.switchID} is not ${want === 'sros' ? 'SR OS' : 'SR Linux'}`);
        const plan = { kind, namespace: c.namespace, name: c.name, path: c.spec.path, properties: c.spec.properties };
        const schema = options.schemas?.[want];
        if (schema) checkEncSchema(plan, schema);
        render(plan, [d]);
      });
    }
  }

  // One owner per device path: the newer of two intents owning one subtree renders nothing.
  const parsedOf = (h: Holder) => list<unknown>(h.kind).find((x) => x.namespace === h.namespace && x.name === h.name);
  for (const [k, messages] of ownershipRefusals([...out.values()], (h) => parsedOf(h)?.created)) {
    const [kind, namespace, name] = [k.slice(0, k.indexOf('/')), k.split('/')[1]!, k.split('/').slice(2).join('/')];
    errors.push({ origin: parsedOf({ kind, namespace, name })?.origin ?? '', object: `${kind} ${namespace}/${name}`, message: messages.join('; '), cause: 'invalid' });
    for (const d of out.values()) d.fragments = d.fragments.filter((f) => owner(f.owner) !== k);
  }
  return { devices: [...out.values()].sort((a, b) => a.device.name.localeCompare(b.device.name)), plans, errors };
}
