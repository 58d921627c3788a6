// The device drivers (observe / apply / remove / close) against the simulators: what a
// reconciler relies on — idempotent observation, native diffs, drift made visible.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { GnmiDriver } from '../../devices/drivers/gnmi-driver.js';
import { NetconfDriver } from '../../devices/drivers/netconf-driver.js';
import { GnmiClient } from '../../adapters/gnmi/client.js';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { HostKeyError, NetconfSession, connectWithRetry } from '../../adapters/netconf/session.js';
import { resolve } from '../../adapters/render/resolve.js';
import { freePort } from '../../lab/stack/processes.js';
import { projectRoot } from '../../adapters/paths.js';
import { SrlSimulator } from '../../lab/sim/srlinux/server.js';
import { SrosSimulator } from '../../lab/sim/sros/server.js';

const { devices } = resolve(loadSources(join(projectRoot(), 'examples')));
const intent = (device: string, kind: string, name: string) =>
  devices.find((d) => d.device.name === device)!.fragments.filter((f) => f.owner.kind === kind && f.owner.name === name).map((f) => f.fragment);

describe('NetconfDriver × SR OS simulator', () => {
  let sim: SrosSimulator;
  let driver: NetconfDriver;
  const vrf = intent('pe1', 'VRF', 'blue');
  beforeAll(async () => {
    // pe1 as the lab deploys it: the renderer's services rely on its underlay (locator, FPEs).
    sim = await SrosSimulator.start({ username: 'admin', password: 'pw', startupConfig: { file: join(projectRoot(), 'lab', 'topologies', 'configs', 'pe1.partial.cfg') } });
    driver = new NetconfDriver(await NetconfSession.connect({ host: '127.0.0.1', port: sim.port, username: 'admin', password: 'pw', hostKeyFingerprint: sim.hostKeyFingerprint }));
  });
  afterAll(async () => {
    await driver?.close();
    await sim?.close();
  });

  it('observes a missing intent, with the XML it would add', async () => {
    const o = await driver.observe(vrf);
    expect(o).toMatchObject({ exists: false, upToDate: false });
    expect(o.diff).toContain('+       <service-name>blue</service-name>');
  });

  it('applies it and then observes it up to date', async () => {
    await driver.apply(vrf, { confirmTimeoutSec: 30 });
    expect(await driver.observe(vrf)).toEqual({ exists: true, upToDate: true, diff: '' });
    await driver.apply(vrf); // idempotent
    expect((await driver.observe(vrf)).upToDate).toBe(true);
  });

  it('shows drift made outside netintent as a native diff', async () => {
    sim.setRunning(sim.runningXml().replace('<description>tenant blue</description>', '<description>hand edit</description>'));
    const o = await driver.observe(vrf);
    expect(o.upToDate).toBe(false);
    expect(o.diff).toContain('-       <description>hand edit</description>');
    expect(o.diff).toContain('+       <description>tenant blue</description>');
  });

  it('removes what it owns and leaves shared parents', async () => {
    await driver.remove(vrf);
    expect((await driver.observe(vrf)).exists).toBe(true); // the shared customer entry stays
    expect(sim.runningXml()).not.toContain('<service-name>blue</service-name>');
    expect(sim.runningXml()).toContain('<customer-name>1</customer-name>');
  });

  it('leaves nothing half-done when the device rejects the commit', async () => {
    sim.faults.rejectNextCommit = 'simulated: commit rejected';
    await expect(driver.apply(vrf)).rejects.toThrow('simulated: commit rejected');
    expect(sim.runningXml()).not.toContain('<service-name>blue</service-name>');
    await driver.apply(vrf); // the candidate was discarded and the locks released
    expect((await driver.observe(vrf)).upToDate).toBe(true);
  });
});

describe('NETCONF reconnect', () => {
  it('retries with backoff until the device answers', async () => {
    const port = await freePort();
    const late = new Promise<SrosSimulator>((r) => setTimeout(() => r(SrosSimulator.start({ username: 'a', password: 'b', port })), 700));
    const [session, sim] = await Promise.all([
      connectWithRetry({ host: '127.0.0.1', port, username: 'a', password: 'b', insecureIgnoreHostKey: true }, { attempts: 10, initialMs: 200, maxMs: 1000 }),
      late,
    ]);
    expect(session.sessionId).toBeGreaterThan(0);
    await session.close();
    await sim.close();
  });

  it('never retries a host-key mismatch', async () => {
    const sim = await SrosSimulator.start({ username: 'a', password: 'b' });
    const started = Date.now();
    await expect(connectWithRetry({ host: '127.0.0.1', port: sim.port, username: 'a', password: 'b', hostKeyFingerprint: 'SHA256:' + 'B'.repeat(43) })).rejects.toThrow(HostKeyError);
    expect(Date.now() - started).toBeLessThan(2000);
    await sim.close();
  });
});

describe('GnmiDriver × SR Linux simulator', () => {
  let sim: SrlSimulator;
  let driver: GnmiDriver;
  const vpls = intent('leaf1', 'VPLS', 'green');
  beforeAll(async () => {
    sim = await SrlSimulator.start();
    driver = new GnmiDriver(new GnmiClient({ address: `127.0.0.1:${sim.port}`, plaintext: true }));
  });
  afterAll(async () => {
    await driver?.close();
    await sim?.close();
  });

  it('observes, applies, observes up to date', async () => {
    expect(await driver.observe(vpls)).toMatchObject({ exists: false, upToDate: false });
    await driver.apply(vpls);
    expect(await driver.observe(vpls)).toEqual({ exists: true, upToDate: true, diff: '' });
  });

  it('shows drift as a JSON diff', async () => {
    const doc = structuredClone(sim.doc) as any;
    doc['srl_nokia-network-instance:network-instance'][0]['admin-state'] = 'disable';
    sim.setDocument(doc);
    const o = await driver.observe(vpls);
    expect(o.upToDate).toBe(false);
    expect(o.diff).toContain('-     "admin-state": "disable"');
    expect(o.diff).toContain('+     "admin-state": "enable"');
  });

  it('removes what it owns', async () => {
    await driver.remove(vpls);
    expect(sim.doc['srl_nokia-network-instance:network-instance']).toBeUndefined();
    expect(sim.doc['srl_nokia-interfaces:interface']).toBeDefined(); // the port itself stays
  });
});
