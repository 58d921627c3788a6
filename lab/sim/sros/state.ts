// The SR OS simulator's operational state: the part of `nokia-state`
// (urn:nokia.com:sros:ns:yang:sr:state, SR OS 25.10 models) that says whether ports, VPRNs,
// VPLSs, their interfaces and SAPs are up, derived from the running configuration and the
// injected port faults. Leaf names and values are the model's:
//   /state/port[port-id]/{oper-state, port-state, down-reason}            (nokia-state-port)
//   /state/service/vprn[service-name]/{oper-state, sap-count}              (nokia-state-svc-vprn)
//     interface[interface-name]/{oper-state, ipv4/{oper-state, down-reason}}
//     interface/sap[sap-id]/{oper-state, oper-flags}                       (l3-sap-oper-flags)
//     segment-routing-v6[instance]/locator[locator-name]/function/end-dt46/{oper-value, status, segment-identifier}
//   /state/service/vpls[service-name]/{oper-state, sap-count}, sap[sap-id]/{oper-state, oper-flags} (l2-sap-oper-flags)
// When a service is up is what the YANG cannot say; TIMETRA-SERV-MIB's svcOperStatus does:
// "tls services are up when the service is administratively up and either at least one SAP
// or spoke SDP Bind or one mesh SDP Bind is operationally up. tls service that has vxlan
// configuration is up when the service is administratively up. [...] vprn services are up
// when the service is administratively up however routing functionality is available only
// when TIMETRA-VRTR-MIB::vRtrOperState is up." A VPRN with no interfaces is therefore up,
// and a VPLS without SAPs (nor VXLAN) down. The down reasons are the models' own bits:
// a SAP's oper-flags (`sap-admin-down`, `svc-admin-down`, `interface-admin-down`,
// `port-oper-down`) and an interface's ipv4 down-reason (`admin-disabled`,
// `service-admin-disabled`, `port-down`: "Associated SAP/port is operationally down").
import { sidFor } from '../../../adapters/render/srv6.js';
import type { PortFaults } from '../port-faults.js';
import type { Tree } from './datastore.js';

export const SROS_STATE_NAMESPACE = 'urn:nokia.com:sros:ns:yang:sr:state';

/** nokia-state-port's `down-reason` bits: what a port fault may name. */
export const SROS_PORT_DOWN_REASONS = ['unknown', 'linkloss-fwd', 'lag-member-port-standby', 'eth-cfm-fault', 'optical-tuning', 'crc-error', 'efm-oam-down', 'oper-group-down'] as const;

/** List keys of the state tree this module builds (what a subtree filter matches entries on). */
export const STATE_KEYS: Record<string, readonly string[]> = {
  '/state/port': ['port-id'],
  '/state/service/vprn': ['service-name'],
  '/state/service/vpls': ['service-name'],
  '/state/service/vprn/interface': ['interface-name'],
  '/state/service/vprn/interface/sap': ['sap-id'],
  '/state/service/vpls/sap': ['sap-id'],
  '/state/service/vprn/segment-routing-v6': ['instance'],
  '/state/service/vprn/segment-routing-v6/locator': ['locator-name'],
};

const entries = (v: unknown): Tree[] => (Array.isArray(v) ? (v as Tree[]) : v && typeof v === 'object' ? [v as Tree] : []);
const sub = (t: Tree | undefined, name: string): Tree | undefined => (t?.[name] && typeof t[name] === 'object' && !Array.isArray(t[name]) ? (t[name] as Tree) : undefined);
/** admin-state with the model's default (services: disable; interfaces and SAPs: enable). */
const enabled = (t: Tree, byDefault: boolean) => (t['admin-state'] === undefined ? byDefault : t['admin-state'] === 'enable');
const bits = (flags: string[]) => flags.join(' ');

/** The port (or LAG) a SAP id names: `1/1/c1/1:100` → `1/1/c1/1`. */
export const sapPort = (sapId: string) => sapId.split(':')[0]!;

interface PortView {
  up(port: string): boolean;
}

function ports(conf: Tree, faults: PortFaults): { state: Tree[]; view: PortView } {
  const up = new Map<string, boolean>();
  const state = entries(conf.port).map((p) => {
    const id = p['port-id'] as string;
    // nokia-conf gives port admin-state no default; SR OS ports come up shut ("admin-state disable").
    const admin = p['admin-state'] === 'enable';
    const fault = faults.isDown(id);
    up.set(id, admin && !fault);
    const reason = fault ? faults.reasonOf(id) : undefined;
    return {
      'port-id': id,
      'oper-state': admin && !fault ? 'up' : 'down',
      'port-state': admin && !fault ? 'up' : admin ? 'link-down' : 'none',
      ...(reason ? { 'down-reason': reason } : {}),
    };
  });
  // A LAG is up while it is enabled and one of its member ports is up.
  for (const lag of entries(conf.lag)) {
    const members = entries(lag.port).map((m) => m['port-id'] as string);
    up.set(lag['lag-name'] as string, enabled(lag, false) && members.some((m) => up.get(m)));
  }
  return { state, view: { up: (p) => up.get(p) ?? false } };
}

/** A SAP's oper-state and oper-flags: its own admin-state, its service's, its interface's (VPRN), its port's. */
function sapState(sap: Tree, serviceUp: boolean, interfaceUp: boolean, p: PortView): Tree {
  const flags = [
    ...(enabled(sap, true) ? [] : ['sap-admin-down']),
    ...(serviceUp ? [] : ['svc-admin-down']),
    ...(interfaceUp ? [] : ['interface-admin-down']),
    ...(p.up(sapPort(sap['sap-id'] as string)) ? [] : ['port-oper-down']),
  ];
  return { 'sap-id': sap['sap-id'] as string, 'oper-state': flags.length ? 'down' : 'up', ...(flags.length ? { 'oper-flags': bits(flags) } : {}) };
}

/**
 * nokia-state's bgp-ipvpn (mpls, or segment-routing-v6 per bgp-instance): `oper-state`
 * (enabled-disabled) and the route distinguisher in use. Enabled while the service and the
 * instance are enabled and a route distinguisher is configured (the only RD source netintent
 * renders; `oper-rd-type` none otherwise).
 */
function ipvpnState(c: Tree, serviceUp: boolean): Tree {
  const rd = c['route-distinguisher'] as string | undefined;
  const on = serviceUp && enabled(c, false) && rd !== undefined;
  return { 'oper-state': on ? 'enabled' : 'disabled', 'oper-rd-type': rd !== undefined ? 'configured' : 'none', ...(rd !== undefined ? { 'oper-route-distinguisher': rd } : {}) };
}

function vprnState(vprn: Tree, p: PortView, locators: Map<string, { prefix: string; functionLength: number; up: boolean }>): Tree {
  const admin = enabled(vprn, false);
  let saps = 0;
  const interfaces = entries(vprn.interface).map((i) => {
    const ifAdmin = enabled(i, true);
    const sapStates = entries(i.sap).map((s) => sapState(s, admin, ifAdmin, p));
    saps += sapStates.length;
    const loopback = i.loopback !== undefined;
    const anyUp = loopback || sapStates.some((s) => s['oper-state'] === 'up');
    const reasons = [...(ifAdmin ? [] : ['admin-disabled']), ...(admin ? [] : ['service-admin-disabled']), ...(anyUp || !sapStates.length ? [] : ['port-down'])];
    // Neither a SAP nor a loopback: nothing to bind to (the model's `no-info`).
    if (!loopback && !sapStates.length && !reasons.length) reasons.push('no-info');
    const up = !reasons.length;
    return {
      'interface-name': i['interface-name'] as string,
      'oper-state': up ? 'up' : reasons.includes('port-down') ? 'lower-layer-down' : 'down',
      ipv4: { 'oper-state': up ? 'up' : 'down', ...(up ? {} : { 'down-reason': bits(reasons) }) },
      ...(sapStates.length ? { sap: sapStates } : {}),
    };
  });
  const srv6 = entries(vprn['segment-routing-v6']).map((inst) => ({
    instance: inst.instance as string,
    locator: entries(inst.locator).flatMap((l) => {
      const value = sub(sub(l, 'function'), 'end-dt46')?.value as string | undefined;
      const loc = locators.get(l['locator-name'] as string);
      if (value === undefined || !loc) return [];
      const status = loc.up ? 'no-error' : 'locator-admin-down';
      return [{ 'locator-name': l['locator-name'] as string, function: { 'end-dt46': { 'oper-value': value, status, 'segment-identifier': sidFor(loc.prefix, loc.functionLength, Number(value)) } } }];
    }),
  }));
  const ipvpn = sub(vprn, 'bgp-ipvpn');
  const mpls = sub(ipvpn, 'mpls');
  const ipvpnSrv6 = entries(ipvpn?.['segment-routing-v6']).map((i) => ({ 'bgp-instance': i['bgp-instance'] as string, ...ipvpnState(i, admin) }));
  const bgpIpvpn = { ...(mpls ? { mpls: ipvpnState(mpls, admin) } : {}), ...(ipvpnSrv6.length ? { 'segment-routing-v6': ipvpnSrv6 } : {}) };
  return {
    'service-name': vprn['service-name'] as string,
    'oper-state': admin ? 'up' : 'down',
    ...(Object.keys(bgpIpvpn).length ? { 'bgp-ipvpn': bgpIpvpn } : {}),
    'sap-count': String(saps),
    ...(interfaces.length ? { interface: interfaces } : {}),
    ...(srv6.some((s) => s.locator.length) ? { 'segment-routing-v6': srv6 } : {}),
  };
}

function vplsState(vpls: Tree, p: PortView): Tree {
  const admin = enabled(vpls, false);
  const saps = entries(vpls.sap).map((s) => sapState(s, admin, true, p));
  const vxlan = entries(sub(vpls, 'vxlan')?.instance).length > 0;
  const up = admin && (vxlan || saps.some((s) => s['oper-state'] === 'up'));
  return { 'service-name': vpls['service-name'] as string, 'oper-state': up ? 'up' : 'down', 'sap-count': String(saps.length), ...(saps.length ? { sap: saps } : {}) };
}

/** Base router SRv6 locators: prefix, function length, and whether they are enabled. */
function baseLocators(conf: Tree) {
  const base = entries(conf.router).find((r) => r['router-name'] === 'Base');
  const srv6 = sub(sub(base, 'segment-routing'), 'segment-routing-v6');
  return new Map(
    entries(srv6?.locator).flatMap((l) => {
      const prefix = sub(l, 'prefix')?.['ip-prefix'] as string | undefined;
      return prefix ? [[l['locator-name'] as string, { prefix, functionLength: Number(l['function-length'] ?? 20), up: enabled(l, false) }] as const] : [];
    }),
  );
}

/** The children of <state> for this running configuration (children of <configure>) and these faults. */
export function operState(conf: Tree, faults: PortFaults): Tree {
  const { state: port, view } = ports(conf, faults);
  const service = sub(conf, 'service');
  const locators = baseLocators(conf);
  const vprn = entries(service?.vprn).map((v) => vprnState(v, view, locators));
  const vpls = entries(service?.vpls).map((v) => vplsState(v, view));
  return {
    ...(port.length ? { port } : {}),
    ...(vprn.length || vpls.length ? { service: { ...(vprn.length ? { vprn } : {}), ...(vpls.length ? { vpls } : {}) } } : {}),
  };
}
