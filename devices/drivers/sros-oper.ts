// SR OS operational state over NETCONF: one <get> whose subtree filter selects, under
// nokia-state (urn:nokia.com:sros:ns:yang:sr:state), the oper-state of every VPRN / VPLS the
// fragments configure, of their interfaces and SAPs with the router's down reasons
// (interface ipv4 down-reason, SAP oper-flags), the VPRN's BGP-VPN instances (bgp-ipvpn
// oper-state), and the SRv6 SIDs it allocated.
import { unqualify, type Fragment, type YObject } from '../../adapters/yang/tree.js';
import { asList, type OperMember, type ServiceOper } from './oper.js';

export const SROS_STATE_NAMESPACE = 'urn:nokia.com:sros:ns:yang:sr:state';

interface Wanted {
  kind: 'vprn' | 'vpls';
  name: string;
}

/** The services the fragments configure (a whole vprn / vpls entry, or something inside one). */
export function srosServices(fragments: Fragment[]): Wanted[] {
  const out = new Map<string, Wanted>();
  for (const u of fragments.flatMap((f) => f.updates)) {
    const [root, service, entry] = u.path.map((e) => ({ ...e, name: unqualify(e.name) }));
    if (root?.name !== 'configure' || service?.name !== 'service' || (entry?.name !== 'vprn' && entry?.name !== 'vpls')) continue;
    const name = entry.keys?.['service-name'];
    if (name !== undefined) out.set(`${entry.name}/${name}`, { kind: entry.name, name: String(name) });
  }
  return [...out.values()];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const SAP = '<sap><sap-id/><oper-state/><oper-flags/></sap>';

/** One subtree filter for all of them: only the leaves that say up or down, never a whole service's state. */
export function srosStateFilter(services: Wanted[]): string {
  const entry = (w: Wanted) =>
    w.kind === 'vprn'
      ? `<vprn><service-name>${esc(w.name)}</service-name><oper-state/><interface><interface-name/><oper-state/><ipv4><oper-state/><down-reason/></ipv4>${SAP}</interface><bgp-ipvpn/><segment-routing-v6/></vprn>`
      : `<vpls><service-name>${esc(w.name)}</service-name><oper-state/>${SAP}</vpls>`;
  return `<state xmlns="${SROS_STATE_NAMESPACE}"><service>${services.map(entry).join('')}</service></state>`;
}

const down = (o: YObject | undefined) => o?.['oper-state'] !== 'up';

function members(svc: YObject): OperMember[] {
  const sap = (s: YObject): OperMember => ({ kind: 'sap', name: String(s['sap-id']), up: !down(s), ...(s['oper-flags'] ? { reason: String(s['oper-flags']) } : {}) });
  const saps = asList<YObject>(svc.sap).map(sap);
  const interfaces = asList<YObject>(svc.interface).flatMap((i) => {
    const ipv4 = i.ipv4 as YObject | undefined;
    const reason = ipv4?.['down-reason'] ?? (down(i) ? i['oper-state'] : undefined);
    const own: OperMember = { kind: 'interface', name: String(i['interface-name']), up: !down(i), ...(reason ? { reason: String(reason) } : {}) };
    return [own, ...asList<YObject>(i.sap).map(sap)];
  });
  const ipvpn = svc['bgp-ipvpn'] as YObject | undefined;
  const vpn = (name: string, c: YObject): OperMember => {
    const up = c['oper-state'] === 'enabled';
    return { kind: 'bgp-ipvpn', name, up, ...(up ? {} : { reason: c['oper-rd-type'] === 'none' ? 'no route-distinguisher' : `oper-state ${String(c['oper-state'] ?? 'unknown')}` }) };
  };
  const vpns = [
    ...(ipvpn?.mpls ? [vpn('mpls', ipvpn.mpls as YObject)] : []),
    ...asList<YObject>(ipvpn?.['segment-routing-v6']).map((i) => vpn(`srv6 ${String(i['bgp-instance'])}`, i)),
  ];
  return [...interfaces, ...saps, ...vpns];
}

function sids(svc: YObject): ServiceOper['sids'] {
  const out = asList<YObject>(svc['segment-routing-v6']).flatMap((inst) =>
    asList<YObject>(inst.locator).flatMap((l) =>
      Object.entries((l.function as YObject | undefined) ?? {}).map(([fn, v]) => {
        const f = v as YObject;
        return { function: fn, sid: String(f['segment-identifier'] ?? ''), ...(f.status ? { status: String(f.status) } : {}) };
      }),
    ),
  );
  return out.length ? out : undefined;
}

/** The services asked for, from the reply's <state> (a service it does not hold is down: not configured). */
export function srosOperOf(state: YObject | undefined, wanted: Wanted[]): ServiceOper[] {
  const service = (state?.service as YObject | undefined) ?? {};
  return wanted.map((w) => {
    const svc = asList<YObject>(service[w.kind]).find((s) => String(s['service-name']) === w.name);
    if (!svc) return { kind: w.kind, name: w.name, up: false, reason: 'not in the router\'s state', members: [] };
    const s = sids(svc);
    return { kind: w.kind, name: w.name, up: !down(svc), ...(down(svc) ? { reason: `oper-state ${String(svc['oper-state'] ?? 'unknown')}` } : {}), members: members(svc), ...(s ? { sids: s } : {}) };
  });
}
