// What a renderer is given: an intent with everything allocated and resolved. Building
// plans (references, allocation, RT policy) is the resolver's job; rendering is pure.
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
  routeDistinguisher: string;
  routeTargets: RouteTargets;
  /** SR Linux EVPN-VXLAN ip-vrf: the EVI (the VNI is in the spec). */
  evi?: number;
  /** Per device: End.DT46 function value and the SID it makes. */
  sids: Record<string, { locator: string; function: number; sid: string }>;
}

export interface VplsPlan extends IntentRef {
  kind: 'VPLS';
  spec: VPLSSpec;
  serviceId: number;
  evpn?: { evi: number; vni: number; routeDistinguisher: string; routeTargets: RouteTargets };
  sids: Record<string, { locator: string; dt2u: { function: number; sid: string }; dt2m: { function: number; sid: string } }>;
}

export interface PolicyPlan extends IntentRef {
  kind: 'SRv6Policy';
  spec: SRv6PolicySpec;
  /** Segment lists with every device segment resolved to a SID. */
  segmentLists: { index: number; weight?: number; sids: string[] }[];
}

export interface EncPlan extends IntentRef {
  kind: 'SROSConfig' | 'SRLinuxConfig';
  path: string;
  properties: Record<string, unknown>;
}

/** Name of the device-side service object: unique per device across namespaces. */
export function serviceName(ref: IntentRef): string {
  return (ref.namespace === 'default' ? ref.name : `${ref.namespace}.${ref.name}`).slice(0, 64);
}
