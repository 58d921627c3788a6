// SR Linux operational state over gNMI: one Get (type STATE) with a path per thing to look
// at: each network-instance's oper-state, each subinterface it holds (oper-state and
// oper-down-reason, srl_nokia-interfaces) and its EVPN bgp-instances (srl_nokia-bgp-evpn).
import type { GnmiClient, Notification } from '../../adapters/gnmi/client.js';
import { formatPath, parsePath } from '../../adapters/yang/path.js';
import { nodeAtPath, unqualify, type Fragment, type YObject, type YPath } from '../../adapters/yang/tree.js';
import type { OperMember, ServiceOper } from './oper.js';

interface Wanted {
  name: string;
  /** `ethernet-1/1.200`: the subinterfaces the intent put in it. */
  subinterfaces: string[];
  /** The ids of its protocols/bgp-evpn bgp-instances. */
  evpn: string[];
}


/** The network-instances the fragments configure, with the subinterfaces they list. */
export function srlServices(fragments: Fragment[]): Wanted[] {
  const out = new Map<string, Wanted>();
  for (const u of fragments.flatMap((f) => f.updates)) {
    const [ni] = u.path;
    if (u.path.length !== 1 || !ni || unqualify(ni.name) !== 'network-instance' || ni.keys?.name === undefined) continue;
    const v = u.value as YObject;
    const subs = (v.interface as YObject[] | undefined)?.map((i) => String(i.name)) ?? [];
    const evpn = ((nodeAtPath(v, [{ name: 'protocols' }, { name: 'bgp-evpn' }, { name: 'bgp-instance' }]) as YObject[] | undefined) ?? []).map((b) => String(b.id));
    out.set(String(ni.keys.name), { name: String(ni.keys.name), subinterfaces: subs, evpn });
  }
  return [...out.values()];
}

const niPath = (name: string): YPath => [{ name: 'network-instance', keys: { name } }, { name: 'oper-state' }];
const evpnPath = (name: string, id: string): YPath => [{ name: 'network-instance', keys: { name } }, { name: 'protocols' }, { name: 'bgp-evpn' }, { name: 'bgp-instance', keys: { id } }];
function subifPath(sub: string): YPath {
  const dot = sub.lastIndexOf('.');
  return [{ name: 'interface', keys: { name: sub.slice(0, dot) } }, { name: 'subinterface', keys: { index: sub.slice(dot + 1) } }];
}
/** One spelling of a path whatever the module prefixes and key value types. */
const canonical = (p: YPath) => formatPath(p.map((e) => ({ name: unqualify(e.name), ...(e.keys ? { keys: Object.fromEntries(Object.entries(e.keys).map(([k, v]) => [k, String(v)])) } : {}) })));

const isNotFound = (e: unknown) => /NOT_FOUND/.test(String((e as Error)?.message ?? e)) || (e as { code?: number })?.code === 5;

/**
 * One Get for every path. gNMI answers NOT_FOUND for the whole Get when one path does not
 * exist (specification §3.3.4): then each path alone, and what is absent stays absent.
 */
async function getState(client: GnmiClient, paths: YPath[]): Promise<Map<string, unknown>> {
  const put = (ns: Notification[], into: Map<string, unknown>) => {
    for (const u of ns.flatMap((n) => n.updates)) into.set(canonical(parsePath(u.path)), u.value);
  };
  const out = new Map<string, unknown>();
  try {
    put(await client.get(paths.map((p) => formatPath(p)), 'STATE'), out);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const each = await Promise.all(paths.map((p) => client.get([formatPath(p)], 'STATE').catch((x: unknown) => (isNotFound(x) ? [] : Promise.reject(x)))));
    each.forEach((ns) => put(ns, out));
  }
  return out;
}

/** Per group, its network-instances' state, read in one Get (two or more only when something is missing). */
export async function readSrlOper(client: GnmiClient, groups: Fragment[][]): Promise<ServiceOper[][]> {
  const wanted = groups.map(srlServices);
  const all = wanted.flat();
  if (!all.length) return groups.map(() => []);
  const paths = [...new Map(all.flatMap((w) => [niPath(w.name), ...w.subinterfaces.map(subifPath), ...w.evpn.map((id) => evpnPath(w.name, id))]).map((p) => [canonical(p), p])).values()];
  const got = await getState(client, paths);
  return wanted.map((ws) =>
    ws.map((w): ServiceOper => {
      const state = got.get(canonical(niPath(w.name)));
      const members = w.subinterfaces.map((s): OperMember => {
        const v = got.get(canonical(subifPath(s))) as YObject | undefined;
        if (!v) return { kind: 'subinterface', name: s, up: false, reason: "not in the router's state" };
        const up = v['oper-state'] === 'up';
        const reason = v['oper-down-reason'];
        return { kind: 'subinterface', name: s, up, ...(!up && reason ? { reason: String(reason) } : {}) };
      });
      for (const id of w.evpn) {
        const v = got.get(canonical(evpnPath(w.name, id))) as YObject | undefined;
        const up = v?.['oper-state'] === 'up';
        const reason = v ? v['oper-down-reason'] : "not in the router's state";
        members.push({ kind: 'bgp-evpn instance', name: id, up, ...(!up && reason !== undefined ? { reason: String(reason) } : {}) });
      }
      const up = state === 'up';
      return { kind: 'network-instance', name: w.name, up, ...(up ? {} : { reason: state === undefined ? "not in the router's state" : `oper-state ${String(state)}` }), members };
    }),
  );
}
