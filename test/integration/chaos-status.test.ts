// Chaos for status and audit (issue 12, items 4, 7 and "No hot loops"), on the real API server
// and the simulators: a 500 KB device error still gets a (bounded) status written; a change a
// device does not keep backs off as NotConverging instead of committing in a loop, with one
// aggregated Event; and a drift reverted while the API server is down leaves its Event and its
// condition once the API server is back (a private kube-apiserver, stopped and started here).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { COMBINED_PREFIX } from '../../controllers/runtime/events.js';
import { TEXT_LIMITS } from '../../controllers/runtime/bounded.js';
import type { SrlSimulator } from '../../lab/sim/srlinux/server.js';
import { PrivateApiServer } from '../support/apiserver.js';
import { Lab, sleep, waitFor } from './controller-lab.js';

const leafVpls = (name: string, vlan: number) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VPLS',
    metadata: { name },
    spec: {
      description: `tenant ${name}`,
      endpoints: ['leaf1', 'leaf2'].map((device) => ({ device, port: 'ethernet-1/2', vlan })),
      evpn: { evi: vlan, vni: vlan },
    },
  }) as KubernetesObject;

type Doc = SrlSimulator['doc'];
/** The network-instance whose description is `description` on an SR Linux simulator. */
function instanceNamed(doc: Doc, description: string): string {
  const list = (doc['srl_nokia-network-instance:network-instance'] ?? []) as unknown as { name: string; description?: string }[];
  const ni = list.find((n) => n.description === description);
  if (!ni) throw new Error(`no network-instance with description ${description}`);
  return ni.name;
}
const edit = (doc: Doc, from: string, to: string) =>
  JSON.parse(JSON.stringify(doc).replace(JSON.stringify(from), JSON.stringify(to))) as Doc;

async function eventsOf(lab: Lab, name: string) {
  type Event = { reason: string; type: string; message: string; count: number; involvedObject: { name: string } };
  const list = await lab.rest.request<{ items: Event[] }>('GET', `/api/v1/namespaces/${lab.ns}/events`);
  return list.items.filter((e) => e.involvedObject.name === name);
}

describe('on the shared test bed', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await Lab.create('chaos-status');
    await Promise.all([lab.startSros('pe1'), lab.startSrl('leaf1'), lab.startSrl('leaf2')]);
    await lab.startController({ resyncMs: 2000, convergence: { baseBackoffMs: 2000 } });
    await lab.apply(lab.devices());
    for (const d of ['pe1', 'leaf1', 'leaf2']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
  }, 120_000);

  afterAll(async () => {
    await lab?.stop();
  });

  it('writes the status (bounded, with a marker) when the device answers a commit with a 500 KB error', async () => {
    // A VRF's description is capped at 80 characters at admission, and an ENC property is checked
    // against the YANG schema before a device is touched: so the device itself says 500 KB here.
    const pe1 = lab.sros.get('pe1')!;
    pe1.faults.rejectCommits = `MINOR: MGMT_CORE #2201: description - ${'d'.repeat(500_000)}`;
    const huge = {
      apiVersion: 'netintent.dev/v1alpha1',
      kind: 'VRF',
      metadata: { name: 'huge' },
      spec: { description: 'tenant huge', endpoints: [{ device: 'pe1', port: '1/1/c3/1', vlan: 350, ipv4: '10.50.0.1/24' }] },
    } as KubernetesObject;
    await lab.apply([huge]);
    const o = await lab.waitCondition('VRF', 'huge', 'Synced', 'False', 'CommitRejected', 60_000);
    pe1.faults.rejectCommits = undefined;
    expect(o.status!.observedGeneration).toBe(o.metadata.generation); // written, not stale
    for (const c of o.status!.conditions!) expect(Buffer.byteLength(c.message)).toBeLessThanOrEqual(TEXT_LIMITS.conditionMessage);
    const synced = o.status!.conditions!.find((c) => c.type === 'Synced')!;
    // The device's error is cut, and the advice after it is kept.
    expect(synced.message).toMatch(/^pe1: .*MINOR: MGMT_CORE #2201: description - d+… \[truncated [\d,]+ bytes\]\. .*fix the spec/s);
    const [device] = o.status!.devices as { name: string; state: string; message: string }[];
    expect(device).toMatchObject({ name: 'pe1', state: 'Failed' });
    expect(Buffer.byteLength(device!.message)).toBeLessThanOrEqual(TEXT_LIMITS.deviceMessage);
    expect(device!.message).toMatch(/… \[truncated [\d,]+ bytes\]$/);
    const events = (await eventsOf(lab, 'huge')).filter((e) => e.reason === 'CommitRejected');
    expect(events).toHaveLength(1);
    expect(Buffer.byteLength(events[0]!.message)).toBeLessThanOrEqual(TEXT_LIMITS.eventMessage);
    expect(events[0]!.message).toMatch(/… \[truncated [\d,]+ bytes\]$/);
    // The fault is gone: the retry lands and the status says so.
    await lab.waitCondition('VRF', 'huge', 'Ready', 'True', undefined, 60_000);
    await lab.delete('VRF', 'huge');
  }, 120_000);

  it('writes a bounded status for an SROSConfig with a 500 KB description', async () => {
    const description = 'd'.repeat(500_000);
    const huge = {
      apiVersion: 'nwi.enc.nokia.com/v1alpha2',
      kind: 'SROSConfig',
      metadata: { name: 'huge-enc' },
      spec: {
        switchID: '172.20.20.200',
        path: '/service/customer[customer-name=huge-enc]',
        properties: { 'customer-name': 'huge-enc', 'customer-id': 777, description },
      },
    } as KubernetesObject;
    await lab.apply([huge]);
    const o = await lab.waitCondition('SROSConfig', 'huge-enc', 'Ready', 'False', undefined, 60_000);
    expect(o.status!.observedGeneration).toBe(o.metadata.generation);
    for (const c of o.status!.conditions!) expect(Buffer.byteLength(c.message)).toBeLessThanOrEqual(TEXT_LIMITS.conditionMessage);
    for (const e of await eventsOf(lab, 'huge-enc')) expect(Buffer.byteLength(e.message)).toBeLessThanOrEqual(TEXT_LIMITS.eventMessage);
    expect(lab.sros.get('pe1')!.runningXml()).not.toContain('<customer-name>huge-enc</customer-name>');
  }, 90_000);

  it('backs off as NotConverging when a device does not keep a value, with commits bounded and one aggregated Event', async () => {
    await lab.apply([leafVpls('loop', 430)]);
    await lab.waitCondition('VPLS', 'loop', 'Ready', 'True', undefined, 60_000);
    const leaf1 = lab.srl.get('leaf1')!;
    const ni = instanceNamed(leaf1.doc, 'tenant loop');
    // A script on leaf1 puts its own description back after every commit.
    leaf1.faults.sticky = [{ path: `/network-instance[name=${ni}]/description`, value: 'set by a script' }];
    const before = leaf1.sets;
    leaf1.setDocument(edit(leaf1.doc, 'tenant loop', 'set by a script'));
    const o = await lab.waitCondition('VPLS', 'loop', 'Synced', 'False', 'NotConverging', 30_000);
    // Three commits of one configuration within a minute (the first apply counts) and no more.
    const atReport = leaf1.sets - before;
    expect(atReport).toBeGreaterThanOrEqual(2);
    expect(atReport).toBeLessThanOrEqual(3);
    expect(o.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'NotConverging' });
    expect(String(o.status!.diff)).toContain('set by a script');
    // Without the backoff this loop commits several times a second; with it (2 s, 4 s, 8 s …)
    // ten seconds bring at most three more commits.
    await sleep(10_000);
    expect(leaf1.sets - before).toBeLessThanOrEqual(atReport + 3);
    const events = await eventsOf(lab, 'loop');
    const reverted = events.filter((e) => e.reason === 'DriftReverted');
    expect(reverted).toHaveLength(1); // one Event, however many reverts
    expect(reverted[0]!.count).toBeGreaterThanOrEqual(2);
    expect(reverted[0]!.message.startsWith(COMBINED_PREFIX)).toBe(true);
    expect(events.filter((e) => e.reason === 'NotConverging')).toHaveLength(1);
    // The script is stopped: the next commit sticks and the VPLS is Ready again by itself.
    leaf1.faults.sticky = undefined;
    await lab.waitCondition('VPLS', 'loop', 'Ready', 'True', undefined, 40_000);
    expect(JSON.stringify(leaf1.doc)).toContain('"tenant loop"');
  }, 120_000);
});

describe('an API server outage', () => {
  let api: PrivateApiServer;
  let lab: Lab;

  beforeAll(async () => {
    api = await PrivateApiServer.start();
    lab = await Lab.create('chaos-audit', api.kubeConfig);
    await Promise.all([lab.startSrl('leaf1'), lab.startSrl('leaf2')]);
    await lab.startController({ resyncMs: 2000 });
    await lab.apply(lab.devices());
    for (const d of ['leaf1', 'leaf2']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
  }, 180_000);

  afterAll(async () => {
    await lab?.stop();
    await api?.stop();
  }, 60_000);

  it('writes the DriftReverted Event and condition of a drift reverted while the API server was down', async () => {
    await lab.apply([leafVpls('audit', 440)]);
    await lab.waitCondition('VPLS', 'audit', 'Ready', 'True', undefined, 60_000);
    const leaf2 = lab.srl.get('leaf2')!;
    const controller = lab.controller!;

    await api.stopApiServer();
    leaf2.setDocument(edit(leaf2.doc, 'tenant audit', 'hand edit'));
    await waitFor('leaf2 reverted during the outage', () => JSON.stringify(leaf2.doc).includes('"tenant audit"'), 20_000);
    await waitFor('the audit kept for later', () => controller.outbox.size >= 2, 10_000); // the Event and the status
    await sleep(1000);

    await api.startApiServer();
    const o = await lab.waitCondition('VPLS', 'audit', 'Drifted', 'False', 'DriftReverted', 60_000);
    expect(String(o.status!.diff)).toContain('hand edit');
    expect(o.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    const events = await waitFor('the DriftReverted Event', async () => {
      const e = (await eventsOf(lab, 'audit')).filter((x) => x.reason === 'DriftReverted');
      return e.length ? e : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.message).toContain('hand edit');
    expect(controller.outbox.size).toBe(0);
  }, 180_000);
});
