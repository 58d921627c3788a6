// Prerequisites on the real API server with the simulators as devices: an SR OS PE whose
// underlay does not advertise its SRv6 locator in IS-IS, and an SR Linux leaf without EVPN
// in its default network-instance BGP, are not Ready (PrerequisitesMet=False, naming what is
// missing); an intent on the PE waits and nothing is pushed. The underlay fixed out of band
// (as an operator would, at the CLI) unblocks both without a controller restart, and the
// intent converges. The opt-out annotation skips the check.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { exampleUnderlay, Lab, loadConfig, waitFor } from './controller-lab.js';

let lab: Lab;
const ISIS_LOCATOR = /^\/configure router "Base" isis 0 segment-routing-v6 locator .*$/m;
const SRL_EVPN = /^set \/ network-instance default protocols bgp (group overlay )?afi-safi evpn admin-state enable$/gm;

const vrf: KubernetesObject = {
  apiVersion: 'netintent.dev/v1alpha1',
  kind: 'VRF',
  metadata: { name: 'red' },
  spec: { customer: '1', endpoints: [{ device: 'pe1', port: '1/1/c2/1', vlan: 200, ipv4: '192.168.200.1/24' }], srv6: { locator: 'loc1' } },
} as KubernetesObject;

const cond = (o: { status?: { conditions?: { type: string }[] } } | undefined, type: string) => o?.status?.conditions?.find((c) => c.type === type) as { status: string; reason: string; message: string } | undefined;

beforeAll(async () => {
  lab = await Lab.create('prereq');
  expect(exampleUnderlay('pe1')).toMatch(ISIS_LOCATOR); // what is taken out below is really there
  expect(exampleUnderlay('leaf1').match(SRL_EVPN)).toHaveLength(2);
  await Promise.all([
    lab.startSros('pe1', undefined, exampleUnderlay('pe1').replace(ISIS_LOCATOR, '')),
    lab.startSrl('leaf1', undefined, exampleUnderlay('leaf1').replace(SRL_EVPN, '')),
    lab.startSrl('leaf2', undefined, exampleUnderlay('leaf2').replace(SRL_EVPN, '')),
  ]);
  // Resync often: an operator's fix is found by the re-check, not by a restart.
  await lab.startController({ resyncMs: 2000 });
  const devices = lab.devices() as (KubernetesObject & { metadata: { annotations?: Record<string, string> } })[];
  const leaf2 = devices.find((d) => d.kind === 'NetworkDevice' && d.metadata.name === 'leaf2')!;
  leaf2.metadata.annotations = { ...leaf2.metadata.annotations, 'netintent.dev/skip-prerequisites': 'true' };
  await lab.apply([...devices, vrf]);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('prerequisites', () => {
  it('keep an SR OS PE without the IS-IS locator advertisement, and its intents, off the device', async () => {
    const pe1 = await lab.waitCondition('NetworkDevice', 'pe1', 'PrerequisitesMet', 'False', 'PrerequisitesMissing', 60_000);
    const met = cond(pe1, 'PrerequisitesMet')!;
    expect(met.message).toContain('no IS-IS instance advertises SRv6 locator "loc1": configure `/configure router "Base" isis <n> segment-routing-v6 locator "loc1"`');
    // Only that: FPEs and BGP families are in the underlay.
    expect(met.message).not.toMatch(/FPE|BGP/);
    expect(cond(pe1, 'Ready')).toMatchObject({ status: 'False', reason: 'PrerequisitesMissing' });
    expect(cond(pe1, 'Reachable')).toMatchObject({ status: 'True' });
    // The intent says why it waits (from its next reconcile on: at the latest the resync).
    const waiting = `NetworkDevice ${lab.ns}/pe1 (PrerequisitesMissing: see its PrerequisitesMet condition)`;
    const red = await waitFor('VRF red waiting on the prerequisites', async () => {
      const o = await lab.get('VRF', 'red');
      return cond(o, 'Ready')?.message.includes(waiting) ? o : undefined;
    });
    expect(cond(red, 'Ready')).toMatchObject({ status: 'False', reason: 'WaitingForDependency' });
    expect(lab.sros.get('pe1')!.commits).toBe(0); // nothing pushed, not even the SRv6 base
    expect((await lab.events('pe1')).some((e) => e.type === 'Warning' && e.reason === 'PrerequisitesMissing' && e.message.includes('"loc1"'))).toBe(true);
  }, 90_000);

  it('keep an SR Linux leaf without EVPN in the default BGP not Ready', async () => {
    const leaf1 = await lab.waitCondition('NetworkDevice', 'leaf1', 'PrerequisitesMet', 'False', 'PrerequisitesMissing', 60_000);
    expect(cond(leaf1, 'PrerequisitesMet')!.message).toContain(
      'no BGP neighbor in network-instance default has afi-safi evpn enabled: configure `set / network-instance default protocols bgp afi-safi evpn admin-state enable`',
    );
    expect(cond(leaf1, 'Ready')).toMatchObject({ status: 'False', reason: 'PrerequisitesMissing' });
  }, 90_000);

  it('are skipped on request: Unknown, Skipped, and the device Ready', async () => {
    const leaf2 = await lab.waitCondition('NetworkDevice', 'leaf2', 'Ready', 'True', undefined, 60_000);
    expect(cond(leaf2, 'PrerequisitesMet')).toMatchObject({ status: 'Unknown', reason: 'Skipped' });
    expect(cond(leaf2, 'Ready')!.message).toContain('prerequisites not checked');
  }, 90_000);

  it('unblock the device and its intents once the underlay is fixed out of band, without a restart', async () => {
    await loadConfig(lab.sros.get('pe1')!, exampleUnderlay('pe1'));
    await loadConfig(lab.srl.get('leaf1')!, exampleUnderlay('leaf1'));
    const pe1 = await lab.waitCondition('NetworkDevice', 'pe1', 'Ready', 'True', undefined, 60_000);
    expect(cond(pe1, 'PrerequisitesMet')).toMatchObject({ status: 'True', reason: 'PrerequisitesMet' });
    expect(cond(pe1, 'PrerequisitesMet')!.message).toContain('IS-IS advertises SRv6 locator "loc1"');
    await lab.waitCondition('VRF', 'red', 'Ready', 'True', undefined, 60_000);
    const running = lab.sros.get('pe1')!.runningXml();
    expect(running).toContain(`<service-name>${lab.ns}.red</service-name>`);
    // The underlay is still there: the push merged into it.
    expect(running).toMatch(/<isis>[\s\S]*<locator-name>loc1<\/locator-name>/);
    expect((await lab.events('pe1')).some((e) => e.type === 'Normal' && e.reason === 'PrerequisitesMet')).toBe(true);
    const leaf1 = await lab.waitCondition('NetworkDevice', 'leaf1', 'Ready', 'True', undefined, 60_000);
    expect(cond(leaf1, 'PrerequisitesMet')).toMatchObject({ status: 'True', reason: 'PrerequisitesMet' });
  }, 120_000);
});
