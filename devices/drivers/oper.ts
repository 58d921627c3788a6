// Operational state of what intents configured, protocol-neutral: per service, whether the
// router says it is up and why not, and the same for each of its interfaces / SAPs /
// subinterfaces. Drivers read it (one state RPC per device per round: sros-oper.ts,
// srl-oper.ts); the controller turns it into Ready=False, reason OperDown.

export interface OperMember {
  kind: 'interface' | 'sap' | 'subinterface' | 'bgp-evpn instance' | 'bgp-ipvpn';
  name: string;
  up: boolean;
  /** The router's own words for why it is down (its model's reason / flag names). */
  reason?: string;
}

export interface ServiceOper {
  /** The router's name for the kind of service: `vprn`, `vpls`, `network-instance`. */
  kind: string;
  name: string;
  /** false also when the router does not know the service at all. */
  up: boolean;
  reason?: string;
  members: OperMember[];
  /** SRv6 SIDs the router allocated to the service, where the model shows them. */
  sids?: { function: string; sid: string; status?: string }[];
}

/** A SID the router could not install (SR OS srv6-error-status other than no-error). */
export const sidInError = (x: NonNullable<ServiceOper['sids']>[number]) => x.status !== undefined && x.status !== 'no-error';

/** Down, a member down, or a SID in error: what makes an intent OperDown. */
export const operDown = (s: ServiceOper) => !s.up || s.members.some((m) => !m.up) || (s.sids ?? []).some(sidInError);

/** A list as XML or JSON gives it: one entry may come as an object. */
export const asList = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : v !== undefined && v !== null && v !== '' ? [v as T] : []);
