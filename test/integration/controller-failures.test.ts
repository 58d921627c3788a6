// The controller when things go wrong: a device down and back, a commit rejected on one of
// two PEs, one bad intent in a batch, drift reverted or reported, and a restart that
// writes nothing to the devices.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Lab, sleep, waitFor } from './controller-lab.js';

let lab: Lab;
const svc = (n: string) => `<service-name>${lab.ns}.${n}</service-name>`;
const sros = (n: string) => lab.sros.get(n)!;
const srl = (n: string) => lab.srl.get(n)!;

const vrf = (name: string, devices: string[], extra: Record<string, string> = {}) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name, annotations: extra },
    spec: {
      description: `tenant ${name}`,
      endpoints: devices.map((device, i) => ({ device, port: '1/1/c3/1', vlan: 300 + name.length, ipv4: `10.${i + 1}.${name.length}.1/24` })),
    },
  }) as KubernetesObject;
const leafVpls = (name: string, vlan: number, extra: Record<string, string> = {}) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VPLS',
    metadata: { name, annotations: extra },
    spec: {
      description: `tenant ${name}`,
      endpoints: ['leaf1', 'leaf2'].map((device) => ({ device, port: 'ethernet-1/2', vlan })),
      evpn: { evi: vlan, vni: vlan },
    },
  }) as KubernetesObject;
const enc = (name: string, properties: Record<string, unknown>) =>
  ({
    apiVersion: 'nwi.enc.nokia.com/v1alpha2',
    kind: 'SROSConfig',
    metadata: { name },
    spec: { switchID: '172.20.20.200', path: `/service/customer[customer-name=${name}]`, properties: { 'customer-name': name, ...properties } },
  }) as KubernetesObject;

beforeAll(async () => {
  lab = await Lab.create('ctlf');
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2'), lab.startSrl('leaf1'), lab.startSrl('leaf2')]);
  await lab.startController({ resyncMs: 1500 });
  await lab.apply(lab.devices());
  for (const d of ['pe1', 'pe2', 'leaf1', 'leaf2']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('device failures', () => {
  it('reports DeviceUnreachable while a PE is down, writes nothing on the other, and recovers by itself', async () => {
    const port = sros('pe2').port;
    await sros('pe2').close();
    await lab.apply([vrf('amber', ['pe1', 'pe2'])]);
    // Whichever notices first — the transaction, or the NetworkDevice reconcile the VRF waits
    // for — the VRF says DeviceUnreachable and names pe2.
    const o = await lab.waitCondition('VRF', 'amber', 'Ready', 'False', 'DeviceUnreachable');
    expect(o.status!.conditions!.find((c) => c.type === 'Ready')!.message).toMatch(/^pe2: |NetworkDevice \S+\/pe2 \(DeviceUnreachable\)/);
    await lab.waitCondition('NetworkDevice', 'pe2', 'Reachable', 'False');
    expect(sros('pe1').runningXml()).not.toContain(svc('amber'));
    await lab.startSros('pe2', port); // back, empty, same host key
    await lab.waitCondition('VRF', 'amber', 'Ready', 'True', undefined, 30_000);
    expect(sros('pe2').runningXml()).toContain(svc('amber'));
    expect(sros('pe1').runningXml()).toContain(svc('amber'));
    await lab.waitCondition('NetworkDevice', 'pe2', 'Ready', 'True');
  }, 60_000);

  it('leaves no config on either PE when one of them rejects the commit', async () => {
    const pe1Commits = sros('pe1').commits;
    sros('pe2').faults.rejectCommits = 'simulated: commit refused by pe2';
    await lab.apply([vrf('red', ['pe1', 'pe2'])]);
    const o = await lab.waitCondition('VRF', 'red', 'Synced', 'False', 'CommitRejected');
    expect(o.status!.conditions!.find((c) => c.type === 'Synced')!.message).toContain('simulated: commit refused by pe2');
    // Retries go on with backoff, and mid-transaction pe1 briefly holds the confirmed commit:
    // pause the intent and let the last attempt finish before looking at the devices.
    await lab.patch('VRF', 'red', { metadata: { annotations: { 'netintent.dev/paused': 'true' } } });
    await lab.waitCondition('VRF', 'red', 'Ready', 'False', 'Paused');
    await lab.controller!.engine.idle();
    expect(sros('pe1').commits).toBeGreaterThan(pe1Commits); // pe1 had committed (confirmed) ...
    expect(sros('pe1').runningXml()).not.toContain(svc('red')); // ... and was rolled back
    expect(sros('pe2').runningXml()).not.toContain(svc('red'));
    const events = await lab.events('red');
    expect(events.some((e) => e.type === 'Warning' && e.reason === 'CommitRejected')).toBe(true);
    sros('pe2').faults.rejectCommits = undefined;
    await lab.patch('VRF', 'red', { metadata: { annotations: { 'netintent.dev/paused': null } } });
    await lab.waitCondition('VRF', 'red', 'Ready', 'True', undefined, 30_000);
    expect(sros('pe1').runningXml()).toContain(svc('red'));
  }, 60_000);

  // A dangling leafref passes the schema check (the type is right) but not the device's
  // validation of the whole datastore, so the device is what refuses it.
  it('splits a rejected batch: the bad intent fails with the device error, the others land', async () => {
    await lab.apply([enc('good-a', { 'customer-id': 501 }), enc('bad', { 'customer-id': 502, 'apply-groups': ['no-such-group'] }), enc('good-b', { 'customer-id': 503 })]);
    await lab.waitCondition('SROSConfig', 'good-a', 'Ready', 'True');
    await lab.waitCondition('SROSConfig', 'good-b', 'Ready', 'True');
    const bad = await lab.waitCondition('SROSConfig', 'bad', 'Synced', 'False', 'CommitRejected');
    expect(bad.status!.conditions!.find((c) => c.type === 'Synced')!.message).toMatch(/apply-groups/);
    expect(sros('pe1').runningXml()).toContain('<customer-name>good-a</customer-name>');
    expect(sros('pe1').runningXml()).not.toContain('<customer-name>bad</customer-name>');
  }, 60_000);
});

describe('drift', () => {
  it('reverts a manual change on a NETCONF device (periodic get-config) and records it', async () => {
    await lab.apply([vrf('teal', ['pe1'])]);
    await lab.waitCondition('VRF', 'teal', 'Ready', 'True');
    sros('pe1').setRunning(sros('pe1').runningXml().replace('<description>tenant teal</description>', '<description>hand edit</description>'));
    await waitFor('pe1 reverted', () => sros('pe1').runningXml().includes('<description>tenant teal</description>'), 20_000);
    const o = await lab.waitCondition('VRF', 'teal', 'Drifted', 'False', 'DriftReverted');
    expect(String(o.status!.diff)).toContain('hand edit');
    expect((await lab.events('teal')).some((e) => e.reason === 'DriftReverted')).toBe(true);
  }, 60_000);

  it('only reports drift on a gNMI device when drift-policy is report', async () => {
    await lab.apply([leafVpls('watch', 410, { 'netintent.dev/drift-policy': 'report' })]);
    await lab.waitCondition('VPLS', 'watch', 'Ready', 'True');
    const sets = srl('leaf1').sets;
    srl('leaf1').setDocument(JSON.parse(JSON.stringify(srl('leaf1').doc).replace('"tenant watch"', '"hand edit"')));
    const o = await lab.waitCondition('VPLS', 'watch', 'Drifted', 'True', 'DriftDetected', 20_000);
    expect(String(o.status!.diff)).toContain('hand edit');
    expect(o.status!.conditions!.find((c) => c.type === 'Ready')!.reason).toBe('Drifted');
    await sleep(2000);
    expect(JSON.stringify(srl('leaf1').doc)).toContain('hand edit');
    expect(srl('leaf1').sets).toBe(sets);
  }, 60_000);

  it('reverts drift on a gNMI device (ON_CHANGE)', async () => {
    await lab.apply([leafVpls('guard', 420)]);
    await lab.waitCondition('VPLS', 'guard', 'Ready', 'True');
    srl('leaf2').setDocument(JSON.parse(JSON.stringify(srl('leaf2').doc).replace('"tenant guard"', '"hand edit"')));
    await waitFor('leaf2 reverted', () => JSON.stringify(srl('leaf2').doc).includes('"tenant guard"'), 20_000);
    await lab.waitCondition('VPLS', 'guard', 'Drifted', 'False', 'DriftReverted');
  }, 60_000);
});

describe('endpoint conflicts', () => {
  it('refuses a VRF on a port and VLAN another VRF holds, naming it, and proceeds once it moves', async () => {
    await lab.apply([vrf('dup', ['pe1'])]); // 1/1/c3/1 VLAN 303 on pe1, like red
    const o = await lab.waitCondition('VRF', 'dup', 'Ready', 'False', 'EndpointConflict');
    expect(o.status!.conditions!.find((c) => c.type === 'Ready')!.message).toContain(`spec.endpoints[0]: 1/1/c3/1 VLAN 303 on pe1 is already used by VRF ${lab.ns}/red`);
    expect(sros('pe1').runningXml()).not.toContain(svc('dup'));
    expect((await lab.events('dup')).some((e) => e.reason === 'EndpointConflict')).toBe(true);
    await lab.waitCondition('VRF', 'red', 'Ready', 'True'); // the holder is untouched
    await lab.patch('VRF', 'dup', { spec: { endpoints: [{ device: 'pe1', port: '1/1/c3/1', vlan: 333, ipv4: '10.1.3.1/24' }] } });
    await lab.waitCondition('VRF', 'dup', 'Ready', 'True');
    expect(sros('pe1').runningXml()).toContain(svc('dup'));
  }, 60_000);
});

describe('restart', () => {
  it('a restarted controller writes nothing to devices that already match', async () => {
    for (const [k, n] of [['VRF', 'teal'], ['VRF', 'red'], ['VRF', 'amber'], ['VPLS', 'guard']]) await lab.waitCondition(k!, n!, 'Ready', 'True');
    await lab.controller!.stop();
    const before = { pe1: sros('pe1').commits, pe2: sros('pe2').commits, leaf1: srl('leaf1').sets, leaf2: srl('leaf2').sets };
    const c = await lab.startController({ resyncMs: 60_000 });
    await waitFor('every object seen', async () => c.engine.reads >= 4 && c.reporter.writes >= 0);
    await sleep(3000);
    await c.engine.idle();
    expect(c.engine.reads).toBeGreaterThan(0);
    expect(c.engine.commits).toBe(0);
    expect({ pe1: sros('pe1').commits, pe2: sros('pe2').commits, leaf1: srl('leaf1').sets, leaf2: srl('leaf2').sets }).toEqual(before);
  }, 60_000);
});
