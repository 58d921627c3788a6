// SR OS commit-time rules the nokia-conf YANG models do not express, so yanglint cannot check
// them: the router refuses such a commit, and so does the simulator. Each rule is a pure
// function over the candidate datastore (the children of <configure>), returns SR OS-style
// messages (`MINOR: <subsystem>: ...`), and quotes the Nokia document that states it.
import type { Tree, TreeValue } from './datastore.js';

const list = (v: TreeValue | undefined): Tree[] => (Array.isArray(v) ? (v as Tree[]) : v && typeof v === 'object' ? [v as Tree] : []);
const obj = (v: TreeValue | undefined): Tree | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
const strings = (v: TreeValue | undefined): string[] => (Array.isArray(v) ? (v as unknown[]).map(String) : typeof v === 'string' ? [v] : []);
const base = (c: Tree) => list(c.router).find((r) => r['router-name'] === 'Base');
const srv6Of = (c: Tree) => obj(obj(base(c)?.['segment-routing'])?.['segment-routing-v6']);
const services = (c: Tree, kind: string) => list(obj(c.service)?.[kind]);
const svcName = (kind: string, s: Tree) => `${kind} "${String(s['service-name'])}"`;

/** The locator's static function range: 1..max-entries, or none when static-function is absent. */
function staticRange(c: Tree, locator: string): number {
  const loc = list(srv6Of(c)?.locator).find((l) => l['locator-name'] === locator);
  const max = obj(loc?.['static-function'])?.['max-entries'];
  return max === undefined ? 0 : Number(max);
}

function rangeProblem(c: Tree, where: string, locator: string, value: TreeValue | undefined): string[] {
  if (value === undefined) return [];
  const v = Number(value);
  const max = staticRange(c, locator);
  if (v >= 1 && v <= max) return [];
  const range = max ? `its static range 1..${max}` : 'no static range (static-function max-entries is not configured)';
  return [`MINOR: SRV6: ${where}: static function value ${String(value)} is not allowed: locator "${locator}" has ${range}`];
}

/**
 * (a) Static SRv6 function values lie in the locator's static range.
 * Nokia, Segment Routing and PCE User Guide, "SRv6 binding SID procedures" (the rule every
 * locator function follows): "The named locator has a static and a dynamic range. If a static
 * value is configured, the router checks and allocates within the static range for the
 * locator. If no static value is configured, the router allocates a value within the dynamic
 * range." The static range is sized by `static-function max-entries`.
 */
export function staticFunctionValues(c: Tree): string[] {
  const out: string[] = [];
  const serviceFunctions: [string, string[]][] = [
    ['vprn', ['end-dt4', 'end-dt6', 'end-dt46']],
    ['vpls', ['end-dt2u', 'end-dt2m']],
  ];
  for (const [kind, fns] of serviceFunctions)
    for (const svc of services(c, kind))
      for (const inst of list(svc['segment-routing-v6']))
        for (const loc of list(inst.locator)) {
          const fn = obj(loc.function);
          for (const f of fns) out.push(...rangeProblem(c, `${svcName(kind, svc)} locator "${String(loc['locator-name'])}" ${f}`, String(loc['locator-name']), obj(fn?.[f])?.value));
        }
  for (const loc of list(obj(srv6Of(c)?.['base-routing-instance'])?.locator)) {
    const name = String(loc['locator-name']);
    const fn = obj(loc.function);
    for (const f of ['end', 'end-x']) for (const e of list(fn?.[f])) out.push(...rangeProblem(c, `base-routing-instance locator "${name}" ${f}`, name, e.value));
    for (const f of ['end-dt4', 'end-dt6', 'end-dt46']) out.push(...rangeProblem(c, `base-routing-instance locator "${name}" ${f}`, name, obj(fn?.[f])?.value));
  }
  return out;
}

/**
 * (b) IP interface names are at most 32 characters.
 * nokia-conf 25.10 types every IP interface name `string { length "1..32"; }`
 * (configure router interface, configure service vprn/ies interface); the rule states it in
 * the router's words so a too-long generated name (a LAG-derived one, say) reads clearly
 * even before yanglint's length error.
 */
export function interfaceNameLength(c: Tree): string[] {
  const names = [
    ...list(base(c)?.interface).map((i) => ['router "Base"', i] as const),
    ...['vprn', 'ies', 'vpls'].flatMap((k) => services(c, k).flatMap((s) => list(s.interface).map((i) => [svcName(k, s), i] as const))),
  ];
  return names
    .filter(([, i]) => String(i['interface-name']).length > 32)
    .map(([who, i]) => `MINOR: MGMT_CORE: ${who} interface "${String(i['interface-name'])}": name is ${String(i['interface-name']).length} characters, the maximum is 32`);
}

/** Every SAP of every service, with its owner. */
function allSaps(c: Tree): { who: string; sap: string }[] {
  return ['vprn', 'ies', 'vpls', 'epipe'].flatMap((kind) =>
    services(c, kind).flatMap((svc) =>
      [...list(svc.sap), ...list(svc.interface).flatMap((i) => list(i.sap))].map((s) => ({ who: svcName(kind, svc), sap: String(s['sap-id']) })),
    ),
  );
}

/**
 * (c) A SAP's encapsulation matches its port's encap-type, on a port in access or hybrid mode.
 * Nokia, 7750 SR OS Services Guide, "SAP Encapsulation Types and Identifiers": "The
 * encapsulation type is an access property of a service Ethernet port ... Null — Supports a
 * single service on the port ... Dot1q — ... The encapsulation ID used to distinguish an
 * individual service is the VLAN ID in the IEEE 802.1Q header. QinQ — ... producing a double
 * tagged frame." A SAP names the port plus 0, 1 or 2 tags accordingly (null `1/1/1`, dot1q
 * `1/1/1:100`, qinq `1/1/1:100.200`). Nokia Services Guide (SR OS family, "Service Access
 * Points (SAPs)"): "SAPs can only be created on ports designated as "access" or "hybrid" in
 * the physical port configuration. SAPs cannot be created on ports designated as core-facing
 * "network" ports".
 */
export function sapEncapsulation(c: Tree): string[] {
  const out: string[] = [];
  const tagsFor: Record<string, number> = { null: 0, dot1q: 1, qinq: 2 };
  for (const { who, sap } of allSaps(c)) {
    const colon = sap.indexOf(':');
    const portId = colon < 0 ? sap : sap.slice(0, colon);
    const tags = colon < 0 ? 0 : sap.slice(colon + 1).split('.').length;
    let mode: string;
    let encap: string;
    if (/^lag-/.test(portId)) {
      const lag = list(c.lag).find((l) => l['lag-name'] === portId);
      if (!lag) {
        out.push(`MINOR: SVCMGR: ${who} SAP ${sap}: ${portId} is not configured`);
        continue;
      }
      mode = String(lag.mode ?? 'network');
      encap = String(lag['encap-type'] ?? 'null');
    } else if (/^\d+\/\d+\//.test(portId)) {
      const port = list(c.port).find((p) => p['port-id'] === portId);
      if (!port) {
        out.push(`MINOR: SVCMGR: ${who} SAP ${sap}: port ${portId} is not configured`);
        continue;
      }
      const eth = obj(port.ethernet);
      mode = String(eth?.mode ?? 'network');
      encap = String(eth?.['encap-type'] ?? 'null');
    } else continue; // pxc, pw-port and other SAP forms are not checked here
    if (mode !== 'access' && mode !== 'hybrid') {
      out.push(`MINOR: SVCMGR: ${who} SAP ${sap}: port ${portId} is in ${mode} mode; SAPs need access or hybrid mode`);
    } else if (tagsFor[encap] !== undefined && tagsFor[encap] !== tags) {
      out.push(`MINOR: SVCMGR: ${who} SAP ${sap}: encapsulation with ${tags} tag(s) does not match port ${portId} encap-type ${encap} (${tagsFor[encap]} tag(s))`);
    }
  }
  return out;
}

/**
 * (d) SRv6 services need FPEs: origination-fpe on the router, termination-fpe on the locator.
 * Nokia, Interface Configuration Guide, "FPE": applications that rely on PXC and FPE include
 * the "origination or termination of a service with an SRv6 tunnel"; SRv6 service origination
 * goes through `segment-routing-v6 origination-fpe` and termination through the locator's
 * `termination-fpe`, each an `fwd-path-ext fpe` with `application srv6 type origination` /
 * `termination` (as in ipspace/netlab netsim/ansible/templates/srv6/sros.j2).
 */
export function srv6ServiceFpe(c: Tree): string[] {
  const out: string[] = [];
  const srv6 = srv6Of(c);
  const fpeType = (id: string) => String(obj(obj(obj(list(obj(c['fwd-path-ext'])?.fpe).find((f) => String(f['fpe-id']) === id)?.application)?.srv6))?.type ?? '');
  const users: { who: string; locators: string[] }[] = [];
  for (const kind of ['vprn', 'vpls'])
    for (const svc of services(c, kind)) {
      const direct = list(svc['segment-routing-v6']).flatMap((i) => list(i.locator).map((l) => String(l['locator-name'])));
      const bgp = list(obj(svc[kind === 'vprn' ? 'bgp-ipvpn' : 'bgp-evpn'])?.['segment-routing-v6']);
      const viaBgp = bgp.map((b) => obj(b.srv6)?.['default-locator']).filter((l) => l !== undefined).map(String);
      if (direct.length || bgp.length) users.push({ who: svcName(kind, svc), locators: [...new Set([...direct, ...viaBgp])] });
    }
  if (!users.length) return out;
  const orig = strings(srv6?.['origination-fpe']);
  for (const u of users) {
    if (!orig.length) out.push(`MINOR: SRV6: ${u.who}: SRv6 service needs an origination FPE: configure router "Base" segment-routing segment-routing-v6 origination-fpe`);
    else if (!orig.some((id) => fpeType(id) === 'origination')) out.push(`MINOR: SRV6: ${u.who}: origination-fpe ${orig.join(',')} is not an fwd-path-ext fpe with application srv6 type origination`);
    for (const name of u.locators) {
      const term = strings(list(srv6?.locator).find((l) => l['locator-name'] === name)?.['termination-fpe']);
      if (!term.length) out.push(`MINOR: SRV6: ${u.who}: locator "${name}" needs a termination-fpe to terminate SRv6 services`);
      else if (!term.some((id) => fpeType(id) === 'termination')) out.push(`MINOR: SRV6: ${u.who}: locator "${name}" termination-fpe ${term.join(',')} is not an fwd-path-ext fpe with application srv6 type termination`);
    }
  }
  return out;
}

/**
 * (e) A local static SRv6 policy has a binding SID: a locator and function end-b6-encaps-red,
 * with an optional static value in the locator's static range.
 * Nokia, Segment Routing and PCE User Guide, "SRv6 binding SID procedures", "Binding SIDs for
 * local static SRv6 policies": "If the head end is local, the router attempts to program the SR
 * policy. The binding SID is mandatory ... The locator name must be configured. The function
 * type must be configured. Only end-b6-encaps-red is supported. ... If a static value is
 * configured, the router checks and allocates within the static range for the locator."
 */
export function srv6PolicyBindingSid(c: Tree): string[] {
  const out: string[] = [];
  const policies = list(obj(obj(base(c)?.['segment-routing'])?.['sr-policies'])?.['static-policy']);
  for (const p of policies) {
    const v6 = obj(p['segment-routing-v6']);
    const isSrv6 = p.type === 'srv6' || v6 !== undefined;
    if (!isSrv6 || p['head-end'] !== 'local') continue;
    const who = `static-policy "${String(p.name)}"`;
    const bsids = list(v6?.['binding-sid']);
    if (!bsids.length) {
      out.push(`MINOR: SRV6: ${who}: a local SRv6 policy needs a binding SID (segment-routing-v6 binding-sid locator)`);
      continue;
    }
    for (const b of bsids) {
      const loc = obj(b.locator);
      if (!loc?.['locator-name']) out.push(`MINOR: SRV6: ${who}: binding SID ${String(b.index)} needs a locator-name`);
      else if (loc.function !== 'end-b6-encaps-red') out.push(`MINOR: SRV6: ${who}: binding SID ${String(b.index)} needs function end-b6-encaps-red`);
      else out.push(...rangeProblem(c, `${who} binding SID`, String(loc['locator-name']), loc['function-value']));
    }
  }
  return out;
}

/**
 * (f) A SAP (port:VLAN) belongs to one service.
 * Nokia Services Guide (SR OS family), "SAP Configuration Considerations": "A SAP is owned by
 * and associated with the service in which it is created"; a SAP "is uniquely identified by:
 * The physical Ethernet port or Link Aggregate (LAG) port ... The encapsulation identifier".
 */
export function sapConflicts(configure: Tree): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const kind of ['vprn', 'ies', 'vpls', 'epipe'])
    for (const svc of services(configure, kind)) {
      const who = svcName(kind, svc);
      const saps = [...list(svc.sap), ...list(svc.interface).flatMap((i) => list(i.sap))].map((s) => String(s['sap-id']));
      for (const sap of new Set(saps)) {
        const first = owner.get(sap);
        if (first) problems.push(`SAP ${sap} is already in use by ${first}; it cannot also be in ${who}`);
        else owner.set(sap, who);
      }
    }
  return problems;
}

/** Every rule, in the order the simulator applies them; the first problem refuses the commit. */
export const COMMIT_RULES: readonly { name: string; check: (c: Tree) => string[] }[] = [
  { name: 'sap-conflicts', check: (c) => sapConflicts(c).map((p) => `MINOR: SVCMGR: ${p}`) },
  { name: 'interface-name-length', check: interfaceNameLength },
  { name: 'sap-encapsulation', check: sapEncapsulation },
  { name: 'static-function-values', check: staticFunctionValues },
  { name: 'srv6-service-fpe', check: srv6ServiceFpe },
  { name: 'srv6-policy-binding-sid', check: srv6PolicyBindingSid },
];

/** What SR OS would say about a candidate before committing it (empty: nothing). */
export function commitProblems(configure: Tree): string[] {
  return COMMIT_RULES.flatMap((r) => r.check(configure));
}
