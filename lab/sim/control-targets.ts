// What the control endpoint (control.ts) drives on each simulator: the CLI's standalone
// simulators and in-process tests use the same wiring.
import type { Controllable } from './control.js';
import type { SrlSimulator } from './srlinux/server.js';
import type { SrosSimulator } from './sros/server.js';

export function srosControllable(sim: SrosSimulator): Controllable {
  return {
    runningText: () => sim.runningXml(),
    setRunningText: (t) => sim.setRunning(t),
    setFaults: (f) => Object.assign(sim.faults, { latencyMs: f.latencyMs ?? 0, hang: f.hang ?? false, rejectNextCommit: f.rejectNext }),
    setPortFault: (f) => sim.portFaults.apply(f),
    dropConnections: () => sim.dropConnections(),
  };
}

export function srlControllable(sim: SrlSimulator): Controllable {
  return {
    runningText: () => JSON.stringify(sim.doc, null, 2),
    setRunningText: (t) => sim.setDocument(JSON.parse(t) as SrlSimulator['doc']),
    setFaults: (f) => Object.assign(sim.faults, { latencyMs: f.latencyMs ?? 0, hang: f.hang ?? false, rejectNextSet: f.rejectNext }),
    setPortFault: (f) => sim.portFaults.apply(f),
    dropConnections: () => sim.dropConnections(),
  };
}
