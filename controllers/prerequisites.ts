// What a device must already have before netintent pushes anything to it: the underlay its
// services ride on, which netintent does not own. Pure: the requirements come from the
// NetworkDevice spec alone (keep it simple and truthful), the check runs over the subtrees
// the driver read at `prerequisitePaths`. The device reconciler reports the result as
// PrerequisitesMet and keeps the device (and so its intents) from going Ready until met.
//
// SR OS (Nokia SR OS 25.10, nokia-conf; the lab underlay follows ipspace/netlab
// netsim/ansible/templates/srv6/sros.j2 and bgp/sros.j2):
// - every declared SRv6 locator is advertised by an enabled IS-IS instance with
//   segment-routing-v6 enabled ("Locators must be advertised", Segment Routing and PCE
//   guide, SRv6 IS-IS extensions);
// - SRv6 service origination / termination go through forwarding path extensions: each
//   origination FPE (spec.srv6.originationFpe, or what the device already lists) exists with
//   application srv6 type origination, each locator's termination FPE with type termination;
// - BGP carries vpn-ipv4, vpn-ipv6 and evpn to at least one neighbor (the family enabled at
//   the bgp, group or neighbor level that applies to it).
// SR Linux (25.3, srl_nokia-bgp): network-instance "default" runs BGP (admin-state enable)
// with afi-safi evpn enabled towards at least one neighbor; the effective admin-state is the
// neighbor's, else its peer-group's, else the instance's, as the model's own `must` reads it.
import { memberName, type YObject, type YPath, type YValue } from '../adapters/yang/tree.js';

/** The parts of a NetworkDevice spec the requirements depend on. */
export interface PrerequisiteSpec {
  platform: 'sros' | 'srlinux';
  srv6?: {
    originationFpe?: number[];
    locators: { name: string; terminationFpe?: number[] }[];
  };
}

/** One thing the device needs, and whether the configuration read holds it. */
export interface Requirement {
  /** Short name of what is needed, for the message when met (e.g. `IS-IS advertises "loc1"`). */
  what: string;
  /** Undefined when met; otherwise what is missing and what to configure. */
  missing(config: YObject): string | undefined;
}

export interface PrerequisiteResult {
  met: string[];
  missing: string[];
}

const CONFIGURE: YPath = [{ name: 'nokia-conf:configure' }];
const BASE: YPath = [...CONFIGURE, { name: 'router', keys: { 'router-name': 'Base' } }];
const SRL_DEFAULT: YPath = [{ name: 'srl_nokia-network-instance:network-instance', keys: { name: 'default' } }];

const SROS_PATHS = {
  isis: [...BASE, { name: 'isis' }],
  bgp: [...BASE, { name: 'bgp' }],
  srv6: [...BASE, { name: 'segment-routing' }, { name: 'segment-routing-v6' }],
  fpe: [...CONFIGURE, { name: 'fwd-path-ext' }],
} satisfies Record<string, YPath>;
const SRL_BGP: YPath = [...SRL_DEFAULT, { name: 'protocols' }, { name: 'srl_nokia-bgp:bgp' }];

/** The configuration subtrees the check reads: one driver read per device reconcile. */
export function prerequisitePaths(spec: PrerequisiteSpec): YPath[] {
  if (spec.platform === 'srlinux') return [SRL_BGP];
  return spec.srv6 ? [SROS_PATHS.isis, SROS_PATHS.bgp, SROS_PATHS.srv6, SROS_PATHS.fpe] : [SROS_PATHS.bgp];
}

// ---------------------------------------------------------------------------------------
// Reading a config tree whatever its encoding: NETCONF XML gives strings and, for a list
// it does not know, a single object; JSON_IETF gives typed leaves and prefixed identities.
// ---------------------------------------------------------------------------------------

const isObject = (v: unknown): v is YObject => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The member `name` of `node` (module prefix optional). */
const child = (node: YValue | undefined, name: string): YValue | undefined => {
  if (!isObject(node)) return undefined;
  const m = memberName(node, name);
  return m === undefined ? undefined : node[m];
};
/** The entries of a list member: an array of entries, or one entry. */
const entries = (v: YValue | undefined): YObject[] => (Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []);
/** A leaf as text, identities without their module prefix. */
const text = (v: YValue | undefined): string | undefined => {
  if (v === undefined || isObject(v) || (Array.isArray(v) && v.length !== 1)) return undefined;
  const s = String(Array.isArray(v) ? v[0] : v);
  return s.slice(s.indexOf(':') + 1);
};
/** A leaf-list as texts (a single value from XML counts as one). */
const texts = (v: YValue | undefined): string[] => (Array.isArray(v) ? (v as YValue[]) : v === undefined ? [] : [v]).flatMap((x) => text(x) ?? []);
const at = (doc: YObject, path: YPath): YValue | undefined => {
  let cur: YValue | undefined = doc;
  for (const e of path) {
    cur = child(cur, e.name);
    if (e.keys) cur = entries(cur).find((x) => Object.entries(e.keys!).every(([k, v]) => text(child(x, k)) === String(v)));
  }
  return cur;
};

// ---------------------------------------------------------------------------------------
// SR OS
// ---------------------------------------------------------------------------------------

const cli = (s: string) => `\`${s}\``;

function isisAdvertises(locator: string): Requirement {
  return {
    what: `IS-IS advertises SRv6 locator "${locator}"`,
    missing(config) {
      const instances = entries(at(config, SROS_PATHS.isis));
      const listing = instances.filter((i) => entries(child(child(i, 'segment-routing-v6'), 'locator')).some((l) => text(child(l, 'locator-name')) === locator));
      if (!listing.length) {
        return `no IS-IS instance advertises SRv6 locator "${locator}": configure ${cli(`/configure router "Base" isis <n> segment-routing-v6 locator "${locator}"`)}`;
      }
      if (listing.some((i) => text(child(i, 'admin-state')) === 'enable' && text(child(child(i, 'segment-routing-v6'), 'admin-state')) === 'enable')) return undefined;
      const id = text(child(listing[0], 'isis-instance')) ?? '<n>';
      const srv6On = text(child(child(listing[0], 'segment-routing-v6'), 'admin-state')) === 'enable';
      return srv6On
        ? `IS-IS instance ${id} lists SRv6 locator "${locator}" but is disabled: configure ${cli(`/configure router "Base" isis ${id} admin-state enable`)}`
        : `IS-IS instance ${id} lists SRv6 locator "${locator}" but its segment-routing-v6 is disabled: configure ${cli(`/configure router "Base" isis ${id} segment-routing-v6 admin-state enable`)}`;
    },
  };
}

type FpeType = 'origination' | 'termination';

/** The FPE ids must exist with application srv6 of the given type. */
function fpeMissing(config: YObject, ids: string[], type: FpeType): string | undefined {
  const fpes = entries(child(at(config, SROS_PATHS.fpe), 'fpe'));
  const problems = ids.flatMap((id) => {
    const fpe = fpes.find((f) => text(child(f, 'fpe-id')) === id);
    const have = text(child(child(child(fpe, 'application'), 'srv6'), 'type'));
    if (have === type) return [];
    if (!fpe) return [`FPE ${id} does not exist: configure ${cli(`/configure fwd-path-ext fpe ${id} path pxc <pxc-id>`)} and ${cli(`application srv6 type ${type}`)}`];
    return [`FPE ${id} is not an SRv6 ${type} FPE${have ? ` (it is ${have})` : ''}: configure ${cli(`/configure fwd-path-ext fpe ${id} application srv6 type ${type}`)}`];
  });
  return problems.length ? problems.join('; ') : undefined;
}

function originationFpe(declared: number[] | undefined): Requirement {
  return {
    what: 'SRv6 origination FPE',
    missing(config) {
      const ids = declared?.length ? declared.map(String) : texts(child(at(config, SROS_PATHS.srv6), 'origination-fpe'));
      if (!ids.length) {
        return `no SRv6 origination FPE: declare spec.srv6.originationFpe and create it (${cli('/configure fwd-path-ext fpe <id> application srv6 type origination')})`;
      }
      return fpeMissing(config, ids, 'origination');
    },
  };
}

function terminationFpe(locator: string, declared: number[] | undefined): Requirement {
  return {
    what: `SRv6 termination FPE of locator "${locator}"`,
    missing(config) {
      const onDevice = entries(child(at(config, SROS_PATHS.srv6), 'locator')).find((l) => text(child(l, 'locator-name')) === locator);
      const ids = declared?.length ? declared.map(String) : texts(child(onDevice, 'termination-fpe'));
      if (!ids.length) {
        return (
          `no SRv6 termination FPE for locator "${locator}": declare spec.srv6.locators[].terminationFpe ` +
          `and create it (${cli('/configure fwd-path-ext fpe <id> application srv6 type termination')})`
        );
      }
      return fpeMissing(config, ids, 'termination');
    },
  };
}

/** SR OS families, as the `family` container names them. */
const SROS_FAMILIES = ['vpn-ipv4', 'vpn-ipv6', 'evpn'] as const;

function srosBgp(): Requirement {
  return {
    what: `BGP families ${SROS_FAMILIES.join(', ')}`,
    missing(config) {
      const bgp = at(config, SROS_PATHS.bgp);
      const configure = `/configure router "Base" bgp group <group> family`;
      if (!isObject(bgp)) return `BGP is not configured: configure ${cli(`${configure} ${SROS_FAMILIES.map((f) => `${f} true`).join(' ')}`)} with a neighbor in that group`;
      if (text(child(bgp, 'admin-state')) === 'disable') return `BGP is disabled: configure ${cli('/configure router "Base" bgp admin-state enable')}`;
      const neighbors = entries(child(bgp, 'neighbor'));
      if (!neighbors.length) return `BGP has no neighbor: configure ${cli('/configure router "Base" bgp neighbor <address> group <group>')}`;
      const groups = entries(child(bgp, 'group'));
      const on = (node: YValue | undefined, f: string) => text(child(child(node, 'family'), f)) === 'true';
      // A family counts when it is enabled at a level that applies to a configured neighbor.
      const carried = (f: string) =>
        on(bgp, f) || neighbors.some((n) => on(n, f) || on(groups.find((g) => text(child(g, 'group-name')) === text(child(n, 'group'))), f));
      const absent = SROS_FAMILIES.filter((f) => !carried(f));
      if (!absent.length) return undefined;
      return `no BGP neighbor carries ${absent.join(', ')}: configure ${cli(`${configure} ${absent.map((f) => `${f} true`).join(' ')}`)}`;
    },
  };
}

// ---------------------------------------------------------------------------------------
// SR Linux
// ---------------------------------------------------------------------------------------

function srlEvpn(): Requirement {
  return {
    what: 'BGP EVPN in network-instance default',
    missing(config) {
      const bgp = at(config, SRL_BGP);
      const set = 'set / network-instance default protocols bgp';
      if (!isObject(bgp)) {
        return `network-instance default runs no BGP: configure ${cli(`${set} autonomous-system <as> router-id <id> afi-safi evpn admin-state enable`)} and a neighbor`;
      }
      if (text(child(bgp, 'admin-state')) === 'disable') return `BGP in network-instance default is disabled: configure ${cli(`${set} admin-state enable`)}`;
      const neighbors = entries(child(bgp, 'neighbor'));
      if (!neighbors.length) return `BGP in network-instance default has no neighbor: configure ${cli(`${set} neighbor <address> peer-group <group>`)}`;
      const state = (node: YValue | undefined) => text(child(entries(child(node, 'afi-safi')).find((a) => text(child(a, 'afi-safi-name')) === 'evpn'), 'admin-state'));
      const groups = entries(child(bgp, 'group'));
      const evpn = neighbors.some((n) => {
        const group = groups.find((g) => text(child(g, 'group-name')) === text(child(n, 'peer-group')));
        return (state(n) ?? state(group) ?? state(bgp)) === 'enable';
      });
      if (evpn) return undefined;
      return `no BGP neighbor in network-instance default has afi-safi evpn enabled: configure ${cli(`${set} afi-safi evpn admin-state enable`)} (or on its group)`;
    },
  };
}

/** What this device needs, derived from its spec (SRv6 locators ⇒ IS-IS + FPE). */
export function requirementsFor(spec: PrerequisiteSpec): Requirement[] {
  if (spec.platform === 'srlinux') return [srlEvpn()];
  const srv6 = spec.srv6
    ? [
        ...spec.srv6.locators.map((l) => isisAdvertises(l.name)),
        originationFpe(spec.srv6.originationFpe),
        ...spec.srv6.locators.map((l) => terminationFpe(l.name, l.terminationFpe)),
      ]
    : [];
  return [...srv6, srosBgp()];
}

export function checkPrerequisites(spec: PrerequisiteSpec, config: YObject): PrerequisiteResult {
  const met: string[] = [];
  const missing: string[] = [];
  for (const r of requirementsFor(spec)) {
    const m = r.missing(config);
    if (m === undefined) met.push(r.what);
    else missing.push(m);
  }
  return { met, missing };
}
