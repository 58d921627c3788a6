// Ready reflects the router's operational state (issue 15), on the test bed: a port taken
// down through the simulator's control endpoint (POST /faults) turns the intents on it
// Ready=False, reason OperDown, with the router's own reasons, while Synced stays True;
// the port coming back makes them Ready again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import { serveControl } from '../../lab/sim/control.js';
import { srlControllable, srosControllable } from '../../lab/sim/control-targets.js';
import type { Obj } from '../../apis/objects.js';
import { examples, Lab, waitFor } from './controller-lab.js';

let lab: Lab;
const controls: Server[] = [];
const urls: Record<string, string> = {};
const fault = async (device: string, body: object) => {
  const r = await fetch(`${urls[device]}/faults`, { method: 'POST', body: JSON.stringify(body) });
  return { status: r.status, text: await r.text() };
};
const cond = (o: Obj, type: string) => o.status!.conditions!.find((c) => c.type === type)!;

beforeAll(async () => {
  lab = await Lab.create('oper');
  const [pe1, pe2, leaf1, leaf2] = await Promise.all([lab.startSros('pe1'), lab.startSros('pe2'), lab.startSrl('leaf1'), lab.startSrl('leaf2')]);
  for (const [name, c] of [['pe1', srosControllable(pe1)], ['pe2', srosControllable(pe2)], ['leaf1', srlControllable(leaf1)], ['leaf2', srlControllable(leaf2)]] as const) {
    const server = await serveControl(c, '127.0.0.1', 0);
    controls.push(server);
    urls[name] = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }
  // A short resync: the port coming back is seen by the next one.
  await lab.startController({ resyncMs: 2_000 });
  await lab.apply([...lab.devices(), ...examples('10-l3vpn-srv6.yaml').filter((o) => o.kind === 'VRF'), ...examples('20-vpls.yaml')]);
}, 120_000);

afterAll(async () => {
  for (const s of controls) s.close();
  await lab?.stop();
});

describe('Ready from the operational state', () => {
  it('is Ready while the routers report the services up', async () => {
    const vrf = await lab.waitCondition('VRF', 'blue', 'Ready', 'True', 'Ready', 60_000);
    expect(cond(vrf, 'Ready').message).toMatch(/the routers report \d+ service\(s\) up/);
    await lab.waitCondition('VPLS', 'green', 'Ready', 'True', 'Ready', 60_000);
  }, 90_000);

  it('refuses a bad fault with the reason', async () => {
    expect(await fault('pe1', { port: '1/1/c1/1', oper: 'sideways' })).toEqual({ status: 400, text: '"oper" must be "up" or "down", got "sideways"\n' });
  });

  it("turns OperDown with the router's reasons when a port goes down, Synced staying True, and Ready when it comes back", async () => {
    expect((await fault('pe1', { port: '1/1/c1/1', oper: 'down' })).status).toBe(204);
    const down = await lab.waitCondition('VRF', 'blue', 'Ready', 'False', 'OperDown', 30_000);
    expect(cond(down, 'Ready').message).toBe(
      `vprn ${lab.ns}.blue on pe1: oper-state up (interface if-1/1/c1/1-100 down: port-down; sap 1/1/c1/1:100 down: port-oper-down)`,
    );
    expect(cond(down, 'Synced')).toMatchObject({ status: 'True', reason: 'InSync' });
    expect((await lab.events('blue')).some((e) => e.type === 'Warning' && e.reason === 'OperDown' && e.message.includes('port-oper-down'))).toBe(true);
    // Another service on another port of the device is not affected.
    expect(cond((await lab.get('VPLS', 'green'))!, 'Ready').status).toBe('True');

    expect((await fault('pe1', { port: '1/1/c1/1', oper: 'up' })).status).toBe(204);
    const up = await lab.waitCondition('VRF', 'blue', 'Ready', 'True', 'Ready', 30_000);
    expect(cond(up, 'Synced').status).toBe('True');
    expect((await lab.events('blue')).some((e) => e.reason === 'OperUp')).toBe(true);
  }, 90_000);

  it('does the same on SR Linux: the subinterface says port-down', async () => {
    expect((await fault('leaf1', { port: 'ethernet-1/1', oper: 'down' })).status).toBe(204);
    const down = await lab.waitCondition('VPLS', 'green', 'Ready', 'False', 'OperDown', 30_000);
    expect(cond(down, 'Ready').message).toBe(`network-instance ${lab.ns}.green on leaf1: oper-state up (subinterface ethernet-1/1.200 down: port-down)`);
    expect(cond(down, 'Synced').status).toBe('True');
    // The alarm stands while it is down (what Prometheus pages on), and clears with it.
    const alarm = `alarm="OperDown",severity="critical",kind="VPLS",namespace="${lab.ns}",name="green"`;
    const active = async () => (await lab.controller!.metrics.registry.getSingleMetricAsString('netintent_alarm_active')).includes(alarm);
    await waitFor('the OperDown alarm', async () => (await active()) || undefined, 10_000);
    expect((await fault('leaf1', { port: 'ethernet-1/1', oper: 'up' })).status).toBe(204);
    await lab.waitCondition('VPLS', 'green', 'Ready', 'True', 'Ready', 30_000);
    await waitFor('the OperDown alarm cleared', async () => !(await active()) || undefined, 10_000);
  }, 90_000);

  it('writes no status on a resync while nothing changes, down or up', async () => {
    const before = lab.controller!.reporter.writes;
    await new Promise((r) => setTimeout(r, 5_000)); // two resyncs
    expect(lab.controller!.reporter.writes).toBe(before);
  }, 30_000);
});
