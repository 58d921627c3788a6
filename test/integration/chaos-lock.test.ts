// Lock contention (issue 12, item 5): another NETCONF session holding pe1's running lock is
// transient. The intent says DeviceBusy (not CommitRejected "fix the spec"), nothing lands on
// pe2 meanwhile, and once the lock is released the controller's retry configures both PEs
// without anyone touching the intent.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { NetconfSession } from '../../adapters/netconf/session.js';
import { Lab, waitFor } from './controller-lab.js';

let lab: Lab;
let holder: NetconfSession | undefined;

beforeAll(async () => {
  lab = await Lab.create('chlock');
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2')]);
  await lab.startController();
  await lab.apply(lab.devices());
  for (const d of ['pe1', 'pe2']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterAll(async () => {
  await holder?.close().catch(() => undefined);
  await lab?.stop();
});

it('reports a held lock as DeviceBusy, leaves the other PE clean, and lands once the lock is free', async () => {
  const pe1 = lab.sros.get('pe1')!;
  holder = await NetconfSession.connect({ host: '127.0.0.1', port: pe1.port, username: 'admin', password: 'NokiaSros1!', hostKeyFingerprint: pe1.hostKeyFingerprint, timeoutMs: 10_000 });
  await holder.lock('running');

  const vrf = {
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name: 'busy' },
    spec: { description: 'lock contention', endpoints: ['pe1', 'pe2'].map((device, i) => ({ device, port: '1/1/c3/1', vlan: 377, ipv4: `10.77.${i}.1/24` })) },
  } as KubernetesObject;
  await lab.apply([vrf]);
  const busy = await lab.waitCondition('VRF', 'busy', 'Synced', 'False', 'DeviceBusy', 60_000);
  const msg = busy.status!.conditions!.find((c) => c.type === 'Synced')!.message;
  expect(msg).toMatch(/^pe1: /);
  expect(msg).toMatch(/retries/);
  expect(msg).not.toMatch(/fix the spec/);
  const service = `<service-name>${lab.ns}.busy</service-name>`;
  expect(lab.sros.get('pe2')!.runningXml()).not.toContain(service);
  expect(pe1.runningXml()).not.toContain(service);
  const warnings = (await lab.events('busy')).filter((e) => e.reason === 'DeviceBusy');
  expect(warnings.length).toBeGreaterThan(0);

  await holder.unlock('running');
  await lab.waitCondition('VRF', 'busy', 'Ready', 'True', undefined, 60_000);
  await waitFor('both PEs configured', () => ['pe1', 'pe2'].every((d) => lab.sros.get(d)!.runningXml().includes(service)));
}, 180_000);
