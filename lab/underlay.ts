// The lab's underlay as startup configs (containerlab `startup-config`): what a node has before
// netintent pushes anything, and what netintent's services rely on. SR OS gets the SR-1
// platform base (card, MDA, connectors broken out to one port each), system and core
// interfaces, IS-IS advertising the SRv6 locator, the SRv6 base with its FPEs, and iBGP with the
// VPN/EVPN families. SR Linux gets its interfaces, system0 and the default network-instance
// with iBGP EVPN. A real containerlab deploy and the emulated lab start from the same files.
//
// Reachability: iBGP runs between system addresses, so every PE-leaf link carries a routed
// underlay subinterface (VLAN UNDERLAY_VLAN, a /31 from the topology, IPv6 link-local) with a
// point-to-point IS-IS level-2 adjacency on both ends, next to the service VLANs the same
// ports carry. The leaves join the PEs' IS-IS (single topology, as `ipv6-routing native`)
// and advertise system0.0 passively; the leaf-leaf link stays unrouted.
//
// Modelled on published working configs:
// - ipspace/netlab netsim/ansible/templates/srv6/sros.j2: locator with static-function
//   max-entries and termination-fpe [2], origination-fpe [1], IS-IS ipv6-routing native +
//   segment-routing-v6 locator, bgp segment-routing-v6 family ipv4/ipv6 add-srv6-tlvs, and
//   the FPE resources (card 1 mda 1 xconnect mac 1 loopback 1,2; port-xc pxc 1 = 1/1/m1/1,
//   pxc 2 = 1/1/m1/2; ports pxc-N.a/b; fwd-path-ext fpe 1 origination, fpe 2 termination).
// - ipspace/netlab netsim/ansible/templates/isis/sros.j2 and bgp/sros.j2 (instance 0,
//   area-address, passive system interface, point-to-point core; group with peer-as and
//   family, neighbor in the group).
// - containerlab's SR-SIM startup-config example (docs/manual/kinds/sros.md) and its sr-1
//   component defaults (card 1 iom-1, mda 1 me12-100gb-qsfp28; `port 1/1/cN connector
//   breakout c1-100g`, `port 1/1/cN/1 ethernet mode hybrid`).
// - srl-labs/learn-srlinux EVPN basics (iBGP EVPN overlay: default network-instance,
//   system0.0, bgp group with afi-safi evpn, neighbors by system address).
// - ipspace/netlab netsim/ansible/templates/isis/srlinux.j2 (default network-instance
//   protocols isis instance: net, level-capability L2, ipv4-/ipv6-unicast, system0.0
//   passive, routed subinterfaces with circuit-type) and isis/sros.j2 (interface-type per
//   link); netlab's initial/sros.j2 puts a VLAN subinterface's IP interface on `port:vlan`.
import type { NetworkDeviceSpec } from '../apis/networkdevice.js';

export interface UnderlayDevice {
  name: string;
  spec: NetworkDeviceSpec;
}

/** One end of a topology link on this device. */
export interface UnderlayLink {
  /** The device's port (`1/1/c3/1`, `ethernet-1/3`). */
  port: string;
  peer: UnderlayDevice;
  /**
   * IPv4 /31 of this end (`10.1.0.0/31`) when the link is routed underlay: a core link
   * (SR OS-SR OS, on the port itself) or a PE-leaf link (on VLAN UNDERLAY_VLAN). Links
   * without an address carry no IP (services only).
   */
  address?: string;
}

export const SROS_CONNECTORS = 6;
export const SRL_MIN_PORTS = 3;
export const ISIS_AREA = '49.0001';
export const DEFAULT_ORIGINATION_FPE = 1;
export const DEFAULT_TERMINATION_FPE = 2;
export const DEFAULT_STATIC_FUNCTION_MAX_ENTRIES = 1024;
/**
 * The VLAN of the routed underlay subinterface on PE-leaf links (and its SR Linux
 * subinterface index, which netintent's renderers set to the VLAN). PE-leaf ports also carry
 * service VLANs, so services must not use this tag on those ports. No example, golden file or
 * bench range (1..4000) uses it, and it stays clear of 4094, the top of the VLAN range.
 */
export const UNDERLAY_VLAN = 4090;
/**
 * The event log that sends configuration changes to NETCONF subscribers, so that netintent sees
 * SR OS drift as it happens instead of at the next resync (adapters/netconf/notifications.ts):
 * source `change`, destination `netconf`, on the stream netintent subscribes to.
 */
export const SROS_CHANGE_LOG = { id: '60', stream: 'NETCONF' } as const;

/** The MD-CLI lines of SROS_CHANGE_LOG (also what docs/tutorial.md tells users to add). */
export function srosChangeLog(): string[] {
  const log = `/configure log log-id ${JSON.stringify(SROS_CHANGE_LOG.id)}`;
  return [
    `${log} description "configuration changes to NETCONF subscribers (netintent drift)"`,
    `${log} netconf-stream ${JSON.stringify(SROS_CHANGE_LOG.stream)}`,
    `${log} source change true`,
    `${log} destination netconf`,
  ];
}

/** SR Linux IS-IS instance name (SR Linux runs one instance per network-instance). */
export const SRL_ISIS_INSTANCE = 'i1';

const q = (s: string) => JSON.stringify(s);
const need = <T>(v: T | undefined, what: string, d: UnderlayDevice): T => {
  if (v === undefined) throw new Error(`NetworkDevice ${d.name}: spec.${what} is needed for its underlay`);
  return v;
};

/** The device's startup config (platform base + underlay) as CLI text for its platform. */
export function underlayConfig(device: UnderlayDevice, peers: UnderlayDevice[], links: UnderlayLink[] = []): string {
  const lines = device.spec.platform === 'sros' ? srosUnderlay(device, peers, links) : srlUnderlay(device, peers, links);
  return lines.join('\n') + '\n';
}

/**
 * The IS-IS NET of an SR Linux node: the area, then a system ID derived from the system
 * IPv4 address as SR OS derives its own (each octet as three digits: 10.0.1.1 ->
 * 0100.0000.1001), so the system IDs of the PEs and the leaves cannot collide.
 */
export function isisNet(systemAddress: string): string {
  const digits = systemAddress.split('.').map((o) => o.padStart(3, '0')).join('');
  return `${ISIS_AREA}.${digits.slice(0, 4)}.${digits.slice(4, 8)}.${digits.slice(8, 12)}.00`;
}

/** The router interface name of a routed link on an SR OS PE: `core-<pe>` or `fabric-<leaf>`. */
export const srosLinkInterface = (l: UnderlayLink) => `${l.peer.spec.platform === 'sros' ? 'core' : 'fabric'}-${l.peer.name}`;
/** The SR Linux subinterface of a routed link: `<port>.<UNDERLAY_VLAN>` towards a PE, `<port>.0` on an untagged link. */
export const srlLinkSubinterface = (l: UnderlayLink) => `${l.port}.${l.peer.spec.platform === 'sros' ? UNDERLAY_VLAN : 0}`;

const bgpPeers = (device: UnderlayDevice, peers: UnderlayDevice[]) =>
  peers.filter((p) => p.name !== device.name && p.spec.systemAddress).map((p) => p.spec.systemAddress!);

function srosUnderlay(d: UnderlayDevice, peers: UnderlayDevice[], links: UnderlayLink[]): string[] {
  const s = d.spec;
  const sys = need(s.systemAddress, 'systemAddress', d);
  const as = need(s.asNumber, 'asNumber', d);
  const c = '/configure';
  const base = `${c} router "Base"`;
  const routed = links.filter((l) => l.address);
  const names = routed.map(srosLinkInterface);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`NetworkDevice ${d.name}: two routed links to ${twice.slice(twice.indexOf('-') + 1)}; the lab underlay routes one link per peer`);
  const corePorts = new Set(routed.filter((l) => l.peer.spec.platform === 'sros').map((l) => l.port));
  const out = [`# ${d.name}: SR OS platform base and underlay, generated by npm run gen:lab-configs (lab/underlay.ts)`];
  out.push(`${c} system name ${q(d.name)}`, `${c} card 1 card-type iom-1`, `${c} card 1 mda 1 mda-type me12-100gb-qsfp28`);
  out.push(...srosChangeLog());
  for (let n = 1; n <= SROS_CONNECTORS; n++) {
    const port = `1/1/c${n}/1`;
    out.push(`${c} port 1/1/c${n} admin-state enable`, `${c} port 1/1/c${n} connector breakout c1-100g`, `${c} port ${port} admin-state enable`);
    // Access ports carry SAPs and may carry network interfaces too: hybrid, dot1q (one tag per SAP).
    if (corePorts.has(port)) out.push(`${c} port ${port} ethernet mode network`);
    else out.push(`${c} port ${port} ethernet mode hybrid`, `${c} port ${port} ethernet encap-type dot1q`);
  }
  out.push(`${base} autonomous-system ${as}`, `${base} router-id ${sys}`);
  out.push(`${base} interface "system" ipv4 primary address ${sys}`, `${base} interface "system" ipv4 primary prefix-length 32`);
  if (s.systemAddressV6) out.push(`${base} interface "system" ipv6 address ${s.systemAddressV6} prefix-length 128`);
  for (const l of routed) {
    const [addr, len] = l.address!.split('/');
    const name = q(srosLinkInterface(l));
    // A leaf-facing port is hybrid dot1q: the network interface takes the underlay VLAN.
    const port = corePorts.has(l.port) ? l.port : `${l.port}:${UNDERLAY_VLAN}`;
    out.push(`${base} interface ${name} port ${port}`, `${base} interface ${name} ipv4 primary address ${addr}`);
    out.push(`${base} interface ${name} ipv4 primary prefix-length ${len}`, `${base} interface ${name} ipv6`);
  }
  const isis = `${base} isis 0`;
  out.push(`${isis} admin-state enable`, `${isis} advertise-router-capability area`, `${isis} ipv6-routing native`);
  out.push(`${isis} level-capability 2`, `${isis} area-address [${ISIS_AREA}]`, `${isis} interface "system" passive true`);
  for (const l of routed) out.push(`${isis} interface ${q(srosLinkInterface(l))} interface-type point-to-point`);
  if (s.srv6) out.push(...srosSrv6(d, isis));
  const bgp = `${base} bgp`;
  out.push(`${bgp} admin-state enable`, `${bgp} router-id ${sys}`, `${bgp} group "ibgp" peer-as ${as}`);
  for (const f of ['vpn-ipv4', 'vpn-ipv6', 'evpn']) out.push(`${bgp} group "ibgp" family ${f} true`);
  for (const p of bgpPeers(d, peers)) out.push(`${bgp} neighbor ${q(p)} group "ibgp"`);
  if (s.srv6) {
    const loc = s.srv6.locators[0]!.name;
    if (s.srv6.sourceAddress) out.push(`${bgp} segment-routing-v6 source-address ${s.srv6.sourceAddress}`);
    for (const f of ['ipv4', 'ipv6']) out.push(`${bgp} segment-routing-v6 family ${f} add-srv6-tlvs locator-name ${q(loc)}`);
  }
  return out;
}

/** SRv6 base, IS-IS locator advertisement and the FPEs (netlab srv6/sros.j2). */
function srosSrv6(d: UnderlayDevice, isis: string): string[] {
  const srv6 = d.spec.srv6!;
  const c = '/configure';
  const sr = `${c} router "Base" segment-routing segment-routing-v6`;
  const orig = srv6.originationFpe?.[0] ?? DEFAULT_ORIGINATION_FPE;
  const terms = [...new Set(srv6.locators.map((l) => l.terminationFpe?.[0] ?? DEFAULT_TERMINATION_FPE))];
  const out: string[] = [];
  if (srv6.sourceAddress) out.push(`${sr} source-address ${srv6.sourceAddress}`);
  out.push(`${sr} origination-fpe [${orig}]`);
  for (const l of srv6.locators) {
    const loc = `${sr} locator ${q(l.name)}`;
    out.push(`${loc} admin-state enable`, `${loc} prefix ip-prefix ${l.prefix}`, `${loc} block-length ${l.blockLength}`);
    out.push(`${loc} function-length ${l.functionLength}`);
    out.push(`${loc} static-function max-entries ${l.staticFunctionMaxEntries ?? DEFAULT_STATIC_FUNCTION_MAX_ENTRIES}`);
    out.push(`${loc} termination-fpe [${l.terminationFpe?.[0] ?? DEFAULT_TERMINATION_FPE}]`);
  }
  // BGP's add-srv6-tlvs names a base-routing-instance locator (a leafref): the node's End SID
  // (static value 1, as netlab's template) and dynamic End.DT4/End.DT6 for global routes.
  const bri = `${sr} base-routing-instance locator ${q(srv6.locators[0]!.name)} function`;
  out.push(`${bri} end 1 srh-mode usp`, `${bri} end-dt4`, `${bri} end-dt6`);
  out.push(`${isis} segment-routing-v6 admin-state enable`);
  for (const l of srv6.locators) out.push(`${isis} segment-routing-v6 locator ${q(l.name)} level-capability 2`);
  out.push(...srosSrv6Fpes(orig, terms));
  return out;
}

/** One MAC loopback per FPE, a port cross-connect on it, and the FPE with its SRv6 role. */
export function srosSrv6Fpes(origination: number, terminations: number[]): string[] {
  const c = '/configure';
  const out: string[] = [];
  const fpes = [
    { id: origination, type: 'origination' },
    ...terminations.filter((t) => t !== origination).map((id) => ({ id, type: 'termination' })),
  ];
  for (const f of fpes) {
    const mport = `1/1/m1/${f.id}`;
    out.push(`${c} card 1 mda 1 xconnect mac 1 loopback ${f.id}`, `${c} port ${mport} admin-state enable`);
    out.push(`${c} port-xc pxc ${f.id} admin-state enable`, `${c} port-xc pxc ${f.id} port-id ${mport}`);
    out.push(`${c} port-xc pxc ${f.id} description ${q(`SRv6 ${f.type}`)}`);
    out.push(`${c} port pxc-${f.id}.a admin-state enable`, `${c} port pxc-${f.id}.b admin-state enable`);
    out.push(`${c} fwd-path-ext fpe ${f.id} path pxc ${f.id}`, `${c} fwd-path-ext fpe ${f.id} application srv6 type ${f.type}`);
  }
  return out;
}

function srlUnderlay(d: UnderlayDevice, peers: UnderlayDevice[], links: UnderlayLink[]): string[] {
  const s = d.spec;
  const sys = need(s.systemAddress, 'systemAddress', d);
  const as = need(s.asNumber, 'asNumber', d);
  const out = [`# ${d.name}: SR Linux platform base and underlay, generated by npm run gen:lab-configs (lab/underlay.ts)`];
  const numbers = links.map((l) => Number(/^ethernet-1\/(\d+)$/.exec(l.port)?.[1] ?? 0));
  const count = Math.max(SRL_MIN_PORTS, ...numbers);
  for (let n = 1; n <= count; n++) {
    const port = `ethernet-1/${n}`;
    out.push(`set / interface ${port} admin-state enable`);
    // Ports facing an SR OS PE carry tagged service subinterfaces; leaf-leaf links do not.
    const link = links.find((l) => l.port === port);
    if (!link || link.peer.spec.platform === 'sros') out.push(`set / interface ${port} vlan-tagging true`);
    if (link?.address) out.push(...srlRoutedSubinterface(link));
  }
  out.push('set / interface system0 admin-state enable', 'set / interface system0 subinterface 0 admin-state enable');
  out.push('set / interface system0 subinterface 0 ipv4 admin-state enable', `set / interface system0 subinterface 0 ipv4 address ${sys}/32`);
  if (s.systemAddressV6) {
    out.push('set / interface system0 subinterface 0 ipv6 admin-state enable', `set / interface system0 subinterface 0 ipv6 address ${s.systemAddressV6}/128`);
  }
  const routed = links.filter((l) => l.address);
  const ni = 'set / network-instance default';
  out.push(`${ni} type default`, `${ni} admin-state enable`, `${ni} interface system0.0`);
  for (const l of routed) out.push(`${ni} interface ${srlLinkSubinterface(l)}`);
  const isis = `${ni} protocols isis instance ${SRL_ISIS_INSTANCE}`;
  out.push(`${isis} admin-state enable`, `${isis} level-capability L2`, `${isis} net [${isisNet(sys)}]`);
  out.push(`${isis} ipv4-unicast admin-state enable`, `${isis} ipv6-unicast admin-state enable`);
  out.push(`${isis} interface system0.0 passive true`, `${isis} interface system0.0 ipv4-unicast admin-state enable`);
  out.push(`${isis} interface system0.0 ipv6-unicast admin-state ${s.systemAddressV6 ? 'enable' : 'disable'}`);
  for (const l of routed) {
    const i = `${isis} interface ${srlLinkSubinterface(l)}`;
    out.push(`${i} circuit-type point-to-point`, `${i} ipv4-unicast admin-state enable`, `${i} ipv6-unicast admin-state enable`);
  }
  const bgp = `${ni} protocols bgp`;
  out.push(`${bgp} admin-state enable`, `${bgp} autonomous-system ${as}`, `${bgp} router-id ${sys}`);
  out.push(`${bgp} afi-safi evpn admin-state enable`, `${bgp} group overlay peer-as ${as}`, `${bgp} group overlay afi-safi evpn admin-state enable`);
  for (const p of bgpPeers(d, peers)) out.push(`${bgp} neighbor ${p} peer-group overlay`, `${bgp} neighbor ${p} transport local-address ${sys}`);
  return out;
}

/** The routed underlay subinterface of a link: tagged UNDERLAY_VLAN towards a PE, IPv4 /31, IPv6 link-local. */
function srlRoutedSubinterface(l: UnderlayLink): string[] {
  const [port, index] = srlLinkSubinterface(l).split('.');
  const sub = `set / interface ${port} subinterface ${index}`;
  const out = [`${sub} type routed`, `${sub} admin-state enable`];
  if (index !== '0') out.push(`${sub} vlan encap single-tagged vlan-id ${UNDERLAY_VLAN}`);
  // IPv6 link-local only: enough for IS-IS to carry IPv6 (the PEs' SRv6 locators), as the
  // PEs' core interface (`ipv6` without an address).
  out.push(`${sub} ipv4 admin-state enable`, `${sub} ipv4 address ${l.address}`, `${sub} ipv6 admin-state enable`);
  return out;
}
