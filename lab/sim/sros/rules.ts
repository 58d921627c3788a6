// SR OS rules the YANG models do not express, so yanglint cannot check them: the device
// itself refuses such a commit, and so does the simulator.
import type { Tree, TreeValue } from './datastore.js';

const list = (v: TreeValue | undefined): Tree[] => (Array.isArray(v) ? (v as Tree[]) : v && typeof v === 'object' ? [v as Tree] : []);

/** A SAP (port:VLAN) belongs to one service: every SAP in two services is a problem. */
export function sapConflicts(configure: Tree): string[] {
  const service = list(configure.service)[0];
  if (!service) return [];
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const kind of ['vprn', 'ies', 'vpls', 'epipe'])
    for (const svc of list(service[kind])) {
      const who = `${kind} "${String(svc['service-name'])}"`;
      const saps = [...list(svc.sap), ...list(svc.interface).flatMap((i) => list(i.sap))].map((s) => String(s['sap-id']));
      for (const sap of new Set(saps)) {
        const first = owner.get(sap);
        if (first) problems.push(`SAP ${sap} is already in use by ${first}; it cannot also be in ${who}`);
        else owner.set(sap, who);
      }
    }
  return problems;
}
