// A port + VLAN of a device serves one service: SR OS refuses a SAP in two services, and an
// SR Linux subinterface belongs to one network instance. Admission checks one object at a
// time, so clashes between VRFs and VPLSs are found here: the older object keeps the
// endpoint, the newer is told which object holds it.
import { display, isDeleting, objKey, type Obj } from './objects.js';

interface Endpoint {
  device: string;
  port: string;
  vlan?: number;
  innerVlan?: number;
}

const KINDS_WITH_ENDPOINTS = ['VRF', 'VPLS'];

const endpointsOf = (o: Obj) => (o.spec?.endpoints as Endpoint[] | undefined) ?? [];
const claim = (ns: string, e: Endpoint) => `${ns}/${e.device}|${e.port}|${e.vlan ?? 0}|${e.innerVlan ?? 0}`;
const describe = (e: Endpoint) => `${e.port}${e.vlan !== undefined ? ` VLAN ${e.vlan}${e.innerVlan !== undefined ? `.${e.innerVlan}` : ''}` : ''} on ${e.device}`;

/** Whether `a` was there first (creation time, then name, so that both sides agree). */
function older(a: Obj, b: Obj): boolean {
  // A Date from the informers (a string where a plain REST read fills the cache).
  const time = (o: Obj) => (o.metadata.creationTimestamp ? new Date(o.metadata.creationTimestamp as Date | string).getTime() : Infinity);
  const [ta, tb] = [time(a), time(b)];
  return ta !== tb ? ta < tb : objKey(a) < objKey(b);
}

/** The endpoints of `o` an older VRF or VPLS already holds, as field errors. */
export function endpointConflicts(o: Obj, list: (kind: string) => readonly Obj[]): { field: string; message: string }[] {
  if (!KINDS_WITH_ENDPOINTS.includes(o.kind)) return [];
  const ns = o.metadata.namespace ?? 'default';
  const held = new Map<string, Obj>();
  for (const kind of KINDS_WITH_ENDPOINTS)
    for (const other of list(kind)) {
      if (objKey(other) === objKey(o) || isDeleting(other) || (other.metadata.namespace ?? 'default') !== ns || !older(other, o)) continue;
      for (const e of endpointsOf(other)) held.set(claim(ns, e), other);
    }
  return endpointsOf(o).flatMap((e, i) => {
    const holder = held.get(claim(ns, e));
    return holder ? [{ field: `spec.endpoints[${i}]`, message: `${describe(e)} is already used by ${display(objKey(holder))}` }] : [];
  });
}
