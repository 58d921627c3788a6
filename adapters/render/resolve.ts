// From manifests to per-device fragments, in memory: validate each object against its
// zod schema, resolve references (devices, VRFs, locators, ENC switchIDs), allocate what
// the intents leave out, apply the L3VPN route-target policy, and render. No I/O.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { z } from 'zod';
import { KINDS, parseDependencies, patterns, type ENCSpec, type KindDef, type L3VPNSpec, type SRv6PolicySpec, type VPLSSpec, type VRFSpec } from '../../apis/index.js';
import type { Platform } from '../yang/models.js';
import { AllocationError, Allocator } from './allocator.js';
import { PathError } from './enc.js';
import type { Device, IntentRef, RouteTargets, VplsPlan, VrfPlan } from './plan.js';
import { Invalid, Pools, locatorOf } from './pools.js';
import { renderDeviceBase, renderPlan, type OwnedFragment, type Plan } from './render.js';
import { locatorAddress } from './srv6.js';

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
    const deps = parseDependencies(object.metadata?.annotations, ref.namespace);
    if (!deps.ok) errors.push({ origin, object: who(ref), field: `metadata.annotations[${deps.annotation}]`, message: deps.error, cause: 'invalid' });
    if (!byKind.has(def.kind)) byKind.set(def.kind, []);
    byKind.get(def.kind)!.push({ ...ref, origin, spec: parsed.data });
  }
  return <S>(kind: string) =>
    ((byKind.get(kind) ?? []) as Parsed<S>[]).sort((a, b) => key(a.namespace, a.name).localeCompare(key(b.namespace, b.name)));
}

export function resolve(sources: Source[], allocator = new Allocator()): Resolved {
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
    plans.push(plan);
    rendered.forEach(([d, f]) => emit(plan, d, f));
  };
  const guard = (p: Parsed<unknown>, fn: () => void) => {
    if (failed.has(owner(p))) return;
    try {
      fn();
    } catch (e) {
      if (!(e instanceof Invalid || e instanceof AllocationError || e instanceof PathError)) throw e;
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

  for (const d of devices.values()) {
    const base = renderDeviceBase(d);
    if (base.updates.length) emit({ kind: 'NetworkDevice', namespace: d.namespace, name: d.name }, d, base);
  }

  const vrfs = list<VRFSpec>('VRF');
  const vplss = list<VPLSSpec>('VPLS');
  const vpns = list<L3VPNSpec>('L3VPN');

  // Operator-chosen values first, so that automatic allocation never takes them.
  for (const v of vrfs) {
    guard(v, () => {
      const devs = endpointDevices(v);
      pools.serviceId(owner(v), devs, v.spec.serviceId);
      if (v.spec.routeDistinguisher) pools.rd(owner(v), devs, v.spec.routeDistinguisher);
      if (v.spec.routeTargets) {
        pools.rt(`${owner(v)}/import`, devs, v.spec.routeTargets.import);
        pools.rt(`${owner(v)}/export`, devs, v.spec.routeTargets.export);
      }
    });
  }
  for (const v of vplss) {
    guard(v, () => {
      const devs = endpointDevices(v);
      if (v.spec.serviceId !== undefined) pools.serviceId(owner(v), devs, v.spec.serviceId);
      const e = v.spec.evpn;
      if (!e) return;
      pools.evi(owner(v), devs, e.evi);
      pools.vni(owner(v), e.vni ?? e.evi);
      if (e.routeDistinguisher) pools.rd(owner(v), devs, e.routeDistinguisher);
      const rt = e.routeTargets ?? both(`target:${devs.find((d) => d.spec.asNumber)?.spec.asNumber ?? 0}:${e.evi}`);
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
      if (srv6) for (const d of devs) sids[d.name] = pools.sid(o, d, srv6.locator, 'spec.srv6.locator', srv6.sids?.find((s) => s.device === d.name)?.sid);
      const needsEvi = v.spec.evpnVxlan && devs.some((d) => d.spec.platform === 'srlinux');
      const plan: VrfPlan = {
        kind: 'VRF',
        namespace: v.namespace,
        name: v.name,
        spec: v.spec,
        serviceId: pools.serviceId(o, devs, v.spec.serviceId),
        routeDistinguisher: pools.rd(o, devs, v.spec.routeDistinguisher),
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
      v.spec.endpoints.forEach((e, i) => {
        if (e.innerVlan !== undefined && devices.get(key(v.namespace, e.device))?.spec.platform === 'srlinux') {
          throw new Invalid(`spec.endpoints[${i}].innerVlan`, `Q-in-Q endpoints are rendered for SR OS only; ${e.device} is SR Linux`);
        }
      });
      const e = v.spec.evpn;
      const evpn = e && {
        evi: e.evi,
        vni: e.vni ?? e.evi,
        routeDistinguisher: pools.rd(o, devs, e.routeDistinguisher),
        routeTargets: e.routeTargets ?? both(`target:${devs.find((d) => d.spec.asNumber)?.spec.asNumber ?? 0}:${e.evi}`),
      };
      const sids: VplsPlan['sids'] = {};
      const srv6 = v.spec.srv6;
      if (srv6) {
        for (const d of devs) {
          const given = srv6.sids?.find((s) => s.device === d.name);
          const dt2u = pools.sid(`${o}/dt2u`, d, srv6.locator, 'spec.srv6.locator', given?.endDt2u);
          const dt2m = pools.sid(`${o}/dt2m`, d, srv6.locator, 'spec.srv6.locator', given?.endDt2m);
          sids[d.name] = { locator: srv6.locator, dt2u, dt2m };
        }
      }
      render({ kind: 'VPLS', namespace: v.namespace, name: v.name, spec: v.spec, serviceId: pools.serviceId(o, devs, v.spec.serviceId), evpn, sids }, devs);
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
      render({ kind: 'SRv6Policy', namespace: p.namespace, name: p.name, spec: p.spec, segmentLists }, [head]);
    });
  }

  for (const kind of ['SROSConfig', 'SRLinuxConfig'] as const) {
    for (const c of list<ENCSpec>(kind)) {
      guard(c, () => {
        const want = kind === 'SROSConfig' ? 'sros' : 'srlinux';
        const at = [...devices.values()].filter((d) => d.spec.address === c.spec.switchID);
        if (!at.length) throw new Invalid('spec.switchID', `no NetworkDevice has address ${c.spec.switchID}`);
        const d = at.find((m) => m.spec.platform === want);
        if (!d) throw new Invalid('spec.switchID', `the device at ${c.spec.switchID} is not ${want === 'sros' ? 'SR OS' : 'SR Linux'}`);
        render({ kind, namespace: c.namespace, name: c.name, path: c.spec.path, properties: c.spec.properties }, [d]);
      });
    }
  }

  return { devices: [...out.values()].sort((a, b) => a.device.name.localeCompare(b.device.name)), plans, errors };
}
