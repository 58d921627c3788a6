// What a renderer is given: an intent with everything allocated and resolved. Building
// plans (references, allocation, RT policy) is the resolver's job; rendering is pure.
import { createHash } from 'node:crypto';
import type { NetworkDeviceSpec, SRv6PolicySpec, VPLSSpec, VRFSpec } from '../../apis/index.js';

export interface Device {
  name: string;
  namespace: string;
  spec: NetworkDeviceSpec;
}

export interface IntentRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface RouteTargets {
  import: string;
  export: string;
}

export interface VrfPlan extends IntentRef {
  kind: 'VRF';
  spec: VRFSpec;
  serviceId: number;
  /** Per device: its own RD (type 1, `<system-ip>:<n>`, unless the operator chose one). */
  routeDistinguishers: Record<string, string>;
  routeTargets: RouteTargets;
  /** SR Linux EVPN-VXLAN ip-vrf: the EVI (the VNI is in the spec). */
  evi?: number;
  /** Per device: End.DT46 function value (static, within the locator's static range) and the SID it makes. */
  sids: Record<string, { locator: string; function: number; sid: string }>;
}

export interface VplsPlan extends IntentRef {
  kind: 'VPLS';
  spec: VPLSSpec;
  serviceId: number;
  /**
   * EVPN: its data plane is one for the whole service (VXLAN on every member, or MPLS on
   * SR OS-only services; EVPN over SRv6 has `sids` instead), never mixed.
   */
  evpn?: { evi: number; vni: number; encapsulation: 'vxlan' | 'mpls'; routeDistinguishers: Record<string, string>; routeTargets: RouteTargets };
  /** SR Linux double-tagged subinterface index per endpoint (`endpointKey`), allocated above the VLAN range. */
  subinterfaces?: Record<string, number>;
  sids: Record<string, { locator: string; dt2u: { function: number; sid: string }; dt2m: { function: number; sid: string } }>;
}

export interface PolicyPlan extends IntentRef {
  kind: 'SRv6Policy';
  spec: SRv6PolicySpec;
  /** Segment lists with every device segment resolved to that device's End SID. */
  segmentLists: { index: number; weight?: number; sids: string[] }[];
  /** The binding SID (End.B6.Encaps.Red) on a head-end locator: static function value within its static range. */
  bindingSid: { locator: string; function: number; sid: string };
}

/** A device's own SRv6 base: per locator, the End SID (static function value) that device segments resolve to. */
export interface DeviceBasePlan {
  endSids: Record<string, { function: number; sid: string }>;
}

export interface EncPlan extends IntentRef {
  kind: 'SROSConfig' | 'SRLinuxConfig';
  path: string;
  properties: Record<string, unknown>;
}

/** SR OS service-name and static-policy name are 1..64 characters (nokia-types-services, nokia-types-sros). */
export const DEVICE_NAME_MAX = 64;
const HASH_LENGTH = 8;

/**
 * Name of the device-side object of an intent (vprn/vpls service-name, SR Linux network
 * instance, SR OS static SRv6 policy): readable, stable, and one per namespace/name.
 * `name` in the default namespace, `<namespace>.<name>` elsewhere: a namespace has no dot,
 * so that form names one object. A default-namespace name with a dot would read as another
 * namespace's object (`default/team1.red` as `team1/red`), and a name too long for the device
 * would share its cut with others: those get `_` and a hash of namespace/name. No Kubernetes
 * name holds `_`, so a hashed name never equals a plain one.
 */
export function serviceName(ref: Pick<IntentRef, 'namespace' | 'name'>): string {
  const plain = ref.namespace === 'default' ? ref.name : `${ref.namespace}.${ref.name}`;
  const ambiguous = ref.namespace === 'default' && ref.name.includes('.');
  if (!ambiguous && plain.length <= DEVICE_NAME_MAX) return plain;
  const hash = createHash('sha256').update(`${ref.namespace}/${ref.name}`).digest('hex').slice(0, HASH_LENGTH);
  return `${plain.slice(0, DEVICE_NAME_MAX - HASH_LENGTH - 1)}_${hash}`;
}

/** Identifies an endpoint of a service on its device: device, port and tags. */
export function endpointKey(e: { device: string; port: string; vlan?: number; innerVlan?: number }): string {
  return `${e.device}|${e.port}|${e.vlan ?? 0}|${e.innerVlan ?? 0}`;
}
