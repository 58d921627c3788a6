// One owner per device path, one object per router (issue 12, items 3 and 8), on the real API
// server and the SR OS simulator: two VRFs whose names share 64 characters both land, on two
// service names, with no flip across resyncs; an intent that would write a path another owns
// is refused (OwnershipConflict) and the owner stays Ready and untouched; a second
// NetworkDevice for the same router, in another namespace, is refused, never connected to,
// and deleting it is not blocked by the first one's SROSConfigs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Lab, sleep, waitFor } from './controller-lab.js';
import { freshNamespace } from './kube.js';

let lab: Lab;
let other: string; // a second namespace the controller watches too
const PE1_ADDRESS = '172.20.20.200'; // examples/00-devices.yaml
/** Resyncs happen every 1.5 s: this spans several. */
const RESYNCS_MS = 6000;

const pe1 = () => lab.sros.get('pe1')!;
const vrf = (name: string, vlan: number) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name },
    spec: { description: `tenant ${vlan}`, endpoints: [{ device: 'pe1', port: '1/1/c3/1', vlan, ipv4: `10.77.${vlan - 300}.1/24` }] },
  }) as KubernetesObject;
const srosConfig = (name: string, path: string, properties: Record<string, unknown>) =>
  ({ apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', metadata: { name }, spec: { switchID: PE1_ADDRESS, path, properties } }) as KubernetesObject;
const reason = (o: { status?: { conditions?: { type: string; reason: string; message: string }[] } } | undefined) =>
  o?.status?.conditions?.find((c) => c.type === 'Ready');
const serviceNames = () => [...pe1().runningXml().matchAll(/<vprn>\s*<service-name>([^<]*)<\/service-name>/g)].map((m) => m[1]!);

beforeAll(async () => {
  lab = await Lab.create('ctlo');
  other = await freshNamespace(lab.kc, 'ctlo2');
  await lab.startSros('pe1');
  await lab.startController({ resyncMs: 1500, watchNamespaces: [lab.ns, other] });
  await lab.apply(lab.devices());
  await lab.waitCondition('NetworkDevice', 'pe1', 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('one owner per device path', () => {
  it('configures two VRFs whose names share 64 characters on two service names, and no resync flips them', async () => {
    const stem = `t${'x'.repeat(63)}`;
    await lab.apply([vrf(`${stem}-a`, 401), vrf(`${stem}-b`, 402)]);
    const [a, b] = await Promise.all([
      lab.waitCondition('VRF', `${stem}-a`, 'Ready', 'True', undefined, 60_000),
      lab.waitCondition('VRF', `${stem}-b`, 'Ready', 'True', undefined, 60_000),
    ]);
    const mine = serviceNames().filter((n) => n.startsWith(`${lab.ns}.t`));
    expect(mine).toHaveLength(2);
    for (const n of mine) expect(n.length).toBeLessThanOrEqual(64);
    // Each VRF's own service-id, on its own vprn.
    expect(a.status!.serviceId).not.toBe(b.status!.serviceId);
    const commits = pe1().commits;
    await sleep(RESYNCS_MS);
    expect(pe1().commits).toBe(commits);
    expect(serviceNames().filter((n) => n.startsWith(`${lab.ns}.t`)).sort()).toEqual([...mine].sort());
  }, 120_000);

  it('refuses a second intent on a path the first owns, naming it, and the first stays Ready and untouched', async () => {
    await lab.apply([vrf('owner', 410)]);
    await lab.waitCondition('VRF', 'owner', 'Ready', 'True', undefined, 60_000);
    const service = `${lab.ns}.owner`;
    const before = pe1().runningXml();
    await lab.apply([srosConfig('grab', `/service/vprn[service-name=${service}]`, { customer: '1', 'service-id': 4242, 'admin-state': 'disable' })]);
    const grab = await lab.waitCondition('SROSConfig', 'grab', 'Ready', 'False', 'OwnershipConflict', 60_000);
    expect(reason(grab)!.message).toContain(`already owned by VRF ${lab.ns}/owner`);
    expect((await lab.events('grab')).some((e) => e.reason === 'OwnershipConflict' && e.type === 'Warning')).toBe(true);
    const commits = pe1().commits;
    await sleep(RESYNCS_MS);
    expect(pe1().commits).toBe(commits);
    expect(pe1().runningXml()).toBe(before);
    expect(reason(await lab.get('VRF', 'owner'))).toMatchObject({ status: 'True', reason: 'Ready' });
    expect(reason(await lab.get('SROSConfig', 'grab'))).toMatchObject({ status: 'False', reason: 'OwnershipConflict' });
    // Deleting the refused one removes nothing: the vprn is the VRF's.
    await lab.delete('SROSConfig', 'grab');
    await waitFor('grab gone', async () => (await lab.get('SROSConfig', 'grab')) === undefined, 30_000);
    expect(pe1().runningXml()).toBe(before);
    expect(pe1().commits).toBe(commits);
  }, 120_000);
});

describe('one NetworkDevice per router', () => {
  it('refuses the same router as a second NetworkDevice in another namespace, never connects to it, and lets it be deleted', async () => {
    await lab.apply([srosConfig('cust-77', '/service/customer[customer-name=77]', { 'customer-name': '77', 'customer-id': 77 })]);
    await lab.waitCondition('SROSConfig', 'cust-77', 'Ready', 'True', undefined, 60_000);
    // The same router (same address, same dial address and credentials), in `other`.
    const copies = lab.devices().map((o) => ({ ...o, metadata: { ...o.metadata, namespace: other } })) as KubernetesObject[];
    const dup = copies.find((o) => o.kind === 'NetworkDevice' && o.metadata!.name === 'pe1')!;
    dup.metadata!.name = 'pe1-again';
    await lab.apply(copies.filter((o) => o.kind !== 'NetworkDevice' || o === dup));
    const refused = await lab.waitCondition('NetworkDevice', 'pe1-again', 'Ready', 'False', 'DuplicateDevice', 60_000, other);
    expect(reason(refused)!.message).toContain(`address ${PE1_ADDRESS} is NetworkDevice ${lab.ns}/pe1's`);
    // Never connected: over several resyncs it never reports a connection.
    const until = Date.now() + RESYNCS_MS;
    while (Date.now() < until) {
      const o = await lab.get('NetworkDevice', 'pe1-again', other);
      expect(o!.status?.conditions?.find((c) => c.type === 'Reachable')?.reason).not.toBe('Connected');
      expect(o!.status?.softwareVersion).toBeUndefined();
      await sleep(500);
    }
    expect(reason(await lab.get('NetworkDevice', 'pe1'))).toMatchObject({ status: 'True' });
    const commits = pe1().commits;
    await lab.delete('NetworkDevice', 'pe1-again', other);
    await waitFor('pe1-again deleted, not DeletionBlocked', async () => (await lab.get('NetworkDevice', 'pe1-again', other)) === undefined, 30_000);
    const events = await lab.rest.request<{ items: { reason: string; involvedObject: { name: string } }[] }>('GET', `/api/v1/namespaces/${other}/events`);
    expect(events.items.filter((e) => e.involvedObject.name === 'pe1-again').map((e) => e.reason)).not.toContain('DeletionBlocked');
    // The first device, its SROSConfig and the router are as they were.
    expect(reason(await lab.get('NetworkDevice', 'pe1'))).toMatchObject({ status: 'True' });
    expect(reason(await lab.get('SROSConfig', 'cust-77'))).toMatchObject({ status: 'True' });
    expect(pe1().runningXml()).toContain('<customer-name>77</customer-name>');
    expect(pe1().commits).toBe(commits);
  }, 120_000);
});
