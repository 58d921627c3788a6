// SR OS drift within seconds (issue 12, item 10): the controller subscribes to pe1's NETCONF
// notifications (the lab's startup config directs change events to NETCONF), so a change made by
// another session, or out of band, is reverted at once. The resync is 60 s, so polling cannot be
// what reverts it within the bound.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { NetconfSession } from '../../adapters/netconf/session.js';
import { Lab, waitFor } from './controller-lab.js';

const NS = 'urn:nokia.com:sros:ns:yang:sr:conf';
const BOUND_MS = 3000;
let lab: Lab;
const pe1 = () => lab.sros.get('pe1')!;
const vrf = (name: string) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name },
    spec: { description: `tenant ${name}`, endpoints: [{ device: 'pe1', port: '1/1/c3/1', vlan: 350, ipv4: '10.35.0.1/24' }] },
  }) as KubernetesObject;

/** Milliseconds from now until pe1 holds `text` again. */
async function revertTime(text: string): Promise<number> {
  const start = Date.now();
  await waitFor('pe1 reverted', () => pe1().runningXml().includes(text), 20_000);
  return Date.now() - start;
}

beforeAll(async () => {
  lab = await Lab.create('driftnc');
  await lab.startSros('pe1');
  await lab.startController({ resyncMs: 60_000 });
  await lab.apply(lab.devices());
  await lab.waitCondition('NetworkDevice', 'pe1', 'Ready', 'True', undefined, 60_000);
  await lab.apply([vrf('jade')]);
  await lab.waitCondition('VRF', 'jade', 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('SR OS drift through NETCONF notifications', () => {
  it(`reverts a commit made by another NETCONF session within ${BOUND_MS} ms`, async () => {
    const svc = `${lab.ns}.jade`;
    const other = await NetconfSession.connect({ host: '127.0.0.1', port: pe1().port, username: 'admin', password: 'NokiaSros1!', hostKeyFingerprint: pe1().hostKeyFingerprint });
    try {
      await other.editConfig(`<configure xmlns="${NS}"><service><vprn><service-name>${svc}</service-name><description>hand edit over netconf</description></vprn></service></configure>`);
      await other.commit();
    } finally {
      await other.close();
    }
    expect(pe1().runningXml()).toContain('hand edit over netconf');
    const ms = await revertTime('<description>tenant jade</description>');
    process.stdout.write(`drift by another NETCONF session reverted in ${ms} ms\n`);
    expect(ms).toBeLessThan(BOUND_MS);
    const o = await lab.waitCondition('VRF', 'jade', 'Drifted', 'False', 'DriftReverted');
    expect(String(o.status!.diff)).toContain('hand edit over netconf');
  }, 60_000);

  it(`reverts an out-of-band change (the control endpoint's PUT /running) within ${BOUND_MS} ms`, async () => {
    const before = (await lab.events('jade')).filter((e) => e.reason === 'DriftReverted').length;
    pe1().setRunning(pe1().runningXml().replace('<description>tenant jade</description>', '<description>hand edit at the CLI</description>'));
    const ms = await revertTime('<description>tenant jade</description>');
    process.stdout.write(`out-of-band drift reverted in ${ms} ms\n`);
    expect(ms).toBeLessThan(BOUND_MS);
    await waitFor('a DriftReverted event', async () => (await lab.events('jade')).some((e) => e.reason === 'DriftReverted' && e.message.includes('hand edit at the CLI')) || undefined);
    expect((await lab.events('jade')).filter((e) => e.reason === 'DriftReverted').length).toBeGreaterThanOrEqual(before);
  }, 60_000);

  it('does not take its own commits for drift: no commit follows while nothing changes', async () => {
    const commits = pe1().commits;
    await new Promise((r) => setTimeout(r, 2000));
    expect(pe1().commits).toBe(commits);
  }, 30_000);
});
