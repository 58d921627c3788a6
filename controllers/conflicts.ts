// A port + VLAN of a device serves one service: SR OS refuses a SAP in two services, and an
// SR Linux subinterface belongs to one network instance. Admission checks one object at a
// time, so clashes between VRFs and VPLSs are found here: the older object keeps the
// endpoint, the newer is told which object holds it. The rule itself lives in
// adapters/render/endpoints.ts, which the offline resolver applies too.
import { conflictsOf, KINDS_WITH_ENDPOINTS, type EndpointKey, type Holder } from '../adapters/render/endpoints.js';
import { condition, display, isDeleting, keyOf, type Obj } from '../apis/objects.js';

const endpointsOf = (o: Obj) => (o.spec?.endpoints as EndpointKey[] | undefined) ?? [];
/** Who holds what (endpoints, device paths, routers): the older object, then the established one. */
export const holderOf = (o: Obj): Holder => ({
  kind: o.kind,
  namespace: o.metadata.namespace ?? 'default',
  name: o.metadata.name,
  // A Date from the informers (a string where a plain REST read fills the cache).
  creationTimestamp: o.metadata.creationTimestamp as Date | string | undefined,
  established: condition(o, 'Ready')?.status === 'True',
});

/** The endpoints of `o` an older VRF or VPLS already holds, as field errors. */
export function endpointConflicts(o: Obj, list: (kind: string) => readonly Obj[]): { field: string; message: string }[] {
  if (!KINDS_WITH_ENDPOINTS.includes(o.kind)) return [];
  const others = KINDS_WITH_ENDPOINTS.flatMap((kind) => list(kind))
    .filter((other) => !isDeleting(other))
    .map((other) => ({ holder: holderOf(other), endpoints: endpointsOf(other) }));
  return conflictsOf(holderOf(o), endpointsOf(o), others, (h) => display(keyOf(h.kind, h.namespace, h.name)));
}
