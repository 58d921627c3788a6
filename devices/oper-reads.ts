// After a round (issue 15): the operational state of what its requests configured, read
// with one state RPC per device for every request on it (drivers' readOperState), and put
// on each device's result. A device whose state cannot be read keeps its commit result;
// the read's error goes with it (operError) and nothing else fails.
import { objKey, type Obj } from '../apis/objects.js';
import { answered, classify, type DeviceConnections } from './connections.js';
import type { ServiceOper } from './drivers/oper.js';
import type { Fragment } from '../adapters/yang/tree.js';

export interface OperReadable {
  parts: { device: Obj; fragments: Fragment[] }[];
}

/** Per request, per device name: what the router says, or why it could not be read. */
export type OperResults = Map<OperReadable, Map<string, { oper?: ServiceOper[]; operError?: string }>>;

export async function readOperStates(conns: DeviceConnections, requests: OperReadable[], count: () => void = () => undefined): Promise<OperResults> {
  const out: OperResults = new Map(requests.map((r) => [r, new Map()]));
  const byDevice = new Map<string, { device: Obj; requests: OperReadable[] }>();
  for (const r of requests) {
    for (const p of r.parts) {
      const k = objKey(p.device);
      if (!byDevice.has(k)) byDevice.set(k, { device: p.device, requests: [] });
      byDevice.get(k)!.requests.push(r);
    }
  }
  await Promise.all(
    [...byDevice.values()].map(async ({ device, requests: rs }) => {
      const name = device.metadata.name;
      const fragmentsOf = (r: OperReadable) => r.parts.find((p) => objKey(p.device) === objKey(device))!.fragments;
      try {
        const c = await conns.get(device);
        if (!c.driver.readOperState) return;
        count();
        const states = await c.driver.readOperState(rs.map(fragmentsOf));
        rs.forEach((r, i) => out.get(r)!.set(name, { oper: states[i]! }));
      } catch (e) {
        const err = classify(e);
        if (!answered(err.reason)) conns.drop(device);
        for (const r of rs) out.get(r)!.set(name, { operError: err.message });
      }
    }),
  );
  return out;
}
