// The SR Linux simulator's operational state: the `config false` leaves of srl_nokia
// (25.3.1) that say whether interfaces, subinterfaces and network-instances are up, derived
// from the configuration document and the injected port faults. Names and values are the
// models':
//   /interface[name]/{oper-state, oper-down-reason}                         (port-oper-down-reason)
//   /interface[name]/subinterface[index]/{oper-state, oper-down-reason}     (subif-oper-down-reason)
//   /network-instance[name]/{oper-state, oper-down-reason}                  (admin-down | no-mcid)
//   /network-instance[name]/interface[name]/{oper-state, oper-down-reason}  (subif-down, net-inst-down, interface-ref-missing, ...)
//   /network-instance[name]/protocols/bgp-evpn/bgp-instance[id]/{oper-state, oper-down-reason}
//       (srl_nokia-bgp-evpn: admin-disabled, network-instance-oper-down, no-evi, no-vxlan-interface)
// A network-instance's own down reasons are only `admin-down` and `no-mcid` in the model, so
// one whose subinterfaces are all down is still up; the subinterfaces say why they are not.
import type { PortFaults } from '../port-faults.js';
import type { Json, Obj } from './tree.js';

/** srl_nokia-interfaces' port-oper-down-reason values a port fault may name. */
export const SRL_PORT_DOWN_REASONS = ['port-admin-disabled', 'transceiver-oper-down', 'port-not-present', 'phy-initializing', 'lower-layer-down', 'link-loss-forwarding', 'cfm-ccm-defect', 'other'] as const;
/** What a faulted port says when the fault names no reason. */
const DEFAULT_FAULT_REASON = 'other';

const IF = 'srl_nokia-interfaces:interface';
const NI = 'srl_nokia-network-instance:network-instance';
const TUNNEL = 'srl_nokia-tunnel-interfaces:tunnel-interface';
const BGP_INSTANCE = 'srl_nokia-bgp-evpn:bgp-instance';

/**
 * An EVPN bgp-instance's state from what it needs, with the first of its model's reasons that
 * applies: its admin-state, its network-instance, an `evi`, and (VXLAN, the default
 * encapsulation) a `vxlan-interface` that exists under /tunnel-interface.
 */
function evpnInstance(b: Obj, niUp: boolean, vxlans: Set<string>): Obj {
  const vxlan = (b['encapsulation-type'] ?? 'vxlan') === 'vxlan';
  const reason = !enabled(b)
    ? 'admin-disabled'
    : !niUp
      ? 'network-instance-oper-down'
      : b.evi === undefined
        ? 'no-evi'
        : vxlan && !vxlans.has(String(b['vxlan-interface'] ?? ''))
          ? 'no-vxlan-interface'
          : undefined;
  return { id: b.id!, ...oper(reason) };
}

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const entries = (v: Json | undefined): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
/** A top-level member, with or without its module prefix. */
const top = (doc: Obj, qualified: string) => doc[qualified] ?? doc[qualified.slice(qualified.indexOf(':') + 1)];
/** srl_nokia admin-state leaves default to enable (interface, subinterface, network-instance). */
const enabled = (o: Obj) => o['admin-state'] !== 'disable';
const oper = (reason: string | undefined): Obj => (reason ? { 'oper-state': 'down', 'oper-down-reason': reason } : { 'oper-state': 'up' });

/**
 * The state leaves of `doc` as one JSON_IETF document of their own (list keys included), laid
 * over the configuration for a Get of type ALL and served alone for type STATE.
 */
export function stateDocument(doc: Obj, faults: PortFaults): Obj {
  const subifUp = new Map<string, boolean>();
  const interfaces = entries(top(doc, IF)).map((i) => {
    const name = String(i.name);
    const reason = !enabled(i) ? 'port-admin-disabled' : faults.isDown(name) ? (faults.reasonOf(name) ?? DEFAULT_FAULT_REASON) : undefined;
    const subinterface = entries(i.subinterface).map((s) => {
      const r = !enabled(s) ? 'admin-disabled' : reason ? 'port-down' : undefined;
      subifUp.set(`${name}.${String(s.index)}`, !r);
      return { index: s.index!, ...oper(r) };
    });
    return { name, ...oper(reason), ...(subinterface.length ? { subinterface } : {}) };
  });
  const vxlans = new Set(entries(top(doc, TUNNEL)).flatMap((t) => entries(t['vxlan-interface']).map((v) => `${String(t.name)}.${String(v.index)}`)));
  const instances = entries(top(doc, NI)).map((n) => {
    const up = enabled(n);
    const evpn = entries((n.protocols as Obj | undefined)?.['bgp-evpn'] && ((n.protocols as Obj)['bgp-evpn'] as Obj)[BGP_INSTANCE]).map((b) => evpnInstance(b, up, vxlans));
    const interface_ = entries(n.interface).map((x) => {
      const name = String(x.name);
      const sub = subifUp.get(name);
      const r = sub === undefined ? 'interface-ref-missing' : !sub ? 'subif-down' : !up ? 'net-inst-down' : undefined;
      return { name, ...oper(r) };
    });
    return { name: n.name!, ...oper(up ? undefined : 'admin-down'), ...(interface_.length ? { interface: interface_ } : {}), ...(evpn.length ? { protocols: { 'bgp-evpn': { [BGP_INSTANCE]: evpn } } } : {}) };
  });
  return { ...(interfaces.length ? { [IF]: interfaces } : {}), ...(instances.length ? { [NI]: instances } : {}) };
}
