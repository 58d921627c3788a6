// The controller against the real API server with simulators as devices: every kind
// converges (read back from the devices), updates and deletes reach the devices, manifests
// applied in reverse dependency order still converge, cycles are named, dry-run pushes
// nothing, pause stops reconciling.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { examples, Lab, waitFor } from './controller-lab.js';

let lab: Lab;
const pe1 = () => lab.sros.get('pe1')!.runningXml();
const pe2 = () => lab.sros.get('pe2')!.runningXml();
const svc = (n: string) => `<service-name>${lab.ns}.${n}</service-name>`;
const leaf = (n: string) => JSON.stringify(lab.srl.get(n)!.doc);

beforeAll(async () => {
  lab = await Lab.create('ctl');
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2'), lab.startSrl('leaf1'), lab.startSrl('leaf2')]);
  await lab.startController();
  // Reverse dependency order: intents first, the devices they need last.
  await lab.apply([...examples('30-srv6policy.yaml'), ...examples('20-vpls.yaml'), ...examples('10-l3vpn-srv6.yaml')]);
  await lab.apply(lab.devices());
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('convergence', () => {
  it('makes every example Ready, devices first, whatever the order they came in', async () => {
    for (const [kind, name] of [['NetworkDevice', 'pe1'], ['NetworkDevice', 'leaf1'], ['VRF', 'blue'], ['VPLS', 'green'], ['SRv6Policy', 'pe1-to-pe2-gold']]) {
      await lab.waitCondition(kind!, name!, 'Ready', 'True', undefined, 60_000);
    }
    // The example L3VPN also asks for cluster egress, and this controller has no Temporal:
    // its PE side converges, and it says why it is not Ready (egress.test.ts runs the rest).
    await lab.waitCondition('L3VPN', 'blue', 'Synced', 'True', undefined, 60_000);
    const vpn = await lab.waitCondition('L3VPN', 'blue', 'EgressReady', 'False', 'TemporalUnavailable');
    expect(vpn.status!.conditions!.find((c) => c.type === 'EgressReady')!.message).toContain('--temporal-address');
    expect(vpn.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'EgressNotReady' });
  }, 120_000);

  it('puts the configuration on the devices, with the allocations in status', async () => {
    const vrf = (await lab.get('VRF', 'blue'))!;
    const st = vrf.status as {
      serviceId: number;
      routeDistinguishers: { device: string; rd: string }[];
      routeTargets: { import: string };
      sids: { device: string; sid: string }[];
      deviceSummary: string;
    };
    expect(st.deviceSummary).toBe('2/2');
    expect(pe1()).toContain(svc('blue'));
    expect(pe2()).toContain(svc('blue'));
    expect(pe1()).toContain(`<service-id>${st.serviceId}</service-id>`);
    expect(st.sids.map((s) => s.device).sort()).toEqual(['pe1', 'pe2']);
    // One RD per PE, type 1 from its system address.
    const rds = Object.fromEntries(st.routeDistinguishers.map((r) => [r.device, r.rd]));
    expect(rds.pe1).toMatch(/^10\.0\.0\.1:\d+$/);
    expect(rds.pe2).toMatch(/^10\.0\.0\.2:\d+$/);
    expect(pe1()).toContain(rds.pe1);
    // The L3VPN's full-mesh route target is the one the VRF carries on the device.
    const vpn = (await lab.get('L3VPN', 'blue'))!;
    expect((vpn.status as { routeTargets: { shared: string } }).routeTargets.shared).toBe(st.routeTargets.import);
    expect(pe1()).toContain(st.routeTargets.import);
    // VPLS across a PE and two leaves; SRv6 policy on the head end; locators from the devices.
    expect(pe1()).toContain(svc('green'));
    expect(leaf('leaf1')).toContain('green');
    expect(leaf('leaf2')).toContain('green');
    expect(pe1()).toContain('pe1-to-pe2-gold');
    expect(pe1()).toContain('loc1');
    const policy = (await lab.get('SRv6Policy', 'pe1-to-pe2-gold'))!;
    // pe2's End SID as the segment; the binding SID the example names.
    expect(policy.status).toMatchObject({ bindingSid: 'fc00:0:1:100::', resolvedSegmentLists: [{ index: 1, sids: ['fc00:0:2:1::'] }] });
    const events = await lab.events('blue');
    expect(events.some((e) => e.reason === 'Committed' && /committed to pe1, pe2|committed to pe2, pe1/.test(e.message))).toBe(true);
  });

  it('shows READY and SYNCED through kubectl get netintent', async () => {
    const { kubectl } = await import('./kube.js');
    const out = kubectl('get', 'netintent', '-n', lab.ns);
    expect(out).toMatch(/vrf\.netintent\.dev\/blue\s+True\s+True/);
    expect(out).toMatch(/vpls\.netintent\.dev\/green\s+True\s+True/);
  });
});

describe('updates and deletes', () => {
  it('pushes a spec change to the devices', async () => {
    await lab.patch('VRF', 'blue', { spec: { description: 'tenant blue, updated' } });
    await waitFor('pe1 updated', () => pe1().includes('tenant blue, updated') && pe2().includes('tenant blue, updated'));
    await lab.waitCondition('VRF', 'blue', 'Ready', 'True');
  });

  it('keeps a VRF that an L3VPN still uses, and says who blocks', async () => {
    await lab.delete('VRF', 'blue');
    const o = await lab.waitCondition('VRF', 'blue', 'Ready', 'False', 'DeletionBlocked');
    expect(o.status!.conditions!.find((c) => c.type === 'Ready')!.message).toContain(`L3VPN ${lab.ns}/blue`);
    expect(pe1()).toContain(svc('blue'));
  });

  it('removes the device configuration and the finalizer on delete, in dependency order', async () => {
    await lab.delete('L3VPN', 'blue');
    await waitFor('L3VPN gone', async () => !(await lab.get('L3VPN', 'blue')));
    await waitFor('VRF gone', async () => !(await lab.get('VRF', 'blue')), 30_000);
    expect(pe1()).not.toContain(svc('blue'));
    expect(pe2()).not.toContain(svc('blue'));
    await lab.delete('VPLS', 'green');
    await waitFor('VPLS gone', async () => !(await lab.get('VPLS', 'green')));
    expect(pe1()).not.toContain(svc('green'));
    expect(leaf('leaf1')).not.toContain('green');
    // Allocations are released: no record names the deleted intents any more.
    const cms = await lab.rest.request<{ items: { data?: Record<string, string> }[] }>('GET', `/api/v1/namespaces/${lab.ns}-system/configmaps`);
    expect(JSON.stringify(cms.items.map((c) => c.data))).not.toMatch(/VRF\/[^"]*\/blue|VPLS\/[^"]*\/green/);
  }, 60_000);
});

describe('dependencies, dry-run and pause', () => {
  const enc = (name: string, deps: string[], extra: Record<string, string> = {}) =>
    ({
      apiVersion: 'nwi.enc.nokia.com/v1alpha2',
      kind: 'SROSConfig',
      metadata: {
        name,
        annotations: { ...(deps.length ? { 'netintent.dev/depends-on': JSON.stringify(deps.map((d) => ({ apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', name: d }))) } : {}), ...extra },
      },
      spec: { switchID: '172.20.20.200', path: `/service/customer[customer-name=${name}]`, properties: { 'customer-name': name, 'customer-id': 100 + name.length } },
    }) as KubernetesObject;

  it('names a dependency cycle', async () => {
    await lab.apply([enc('cyc-a', ['cyc-b']), enc('cyc-b', ['cyc-a'])]);
    const o = await lab.waitCondition('SROSConfig', 'cyc-a', 'DependenciesReady', 'False', 'DependencyCycle');
    expect(o.status!.conditions!.find((c) => c.type === 'DependenciesReady')!.message).toContain(`SROSConfig ${lab.ns}/cyc-b → SROSConfig ${lab.ns}/cyc-a`);
    expect(pe1()).not.toContain('cyc-a');
  });

  it('waits for a missing dependency and goes on as soon as it is Ready', async () => {
    await lab.apply([enc('late-b', ['late-a'])]);
    const o = await lab.waitCondition('SROSConfig', 'late-b', 'DependenciesReady', 'False', 'WaitingForDependency');
    expect(o.status!.conditions!.find((c) => c.type === 'Ready')!.message).toContain(`SROSConfig ${lab.ns}/late-a (not found)`);
    await lab.apply([enc('late-a', [])]);
    await lab.waitCondition('SROSConfig', 'late-b', 'Ready', 'True');
    expect(pe1()).toContain('<customer-name>late-b</customer-name>');
  });

  it('dry-run renders and diffs, and pushes nothing', async () => {
    const commits = lab.sros.get('pe1')!.commits;
    await lab.apply([enc('dry', [], { 'netintent.dev/dry-run': 'true' })]);
    const o = await lab.waitCondition('SROSConfig', 'dry', 'Synced', 'False', 'DryRun');
    expect(String(o.status!.diff)).toContain('+');
    expect(String(o.status!.diff)).toContain('<customer-name>dry</customer-name>');
    expect(pe1()).not.toContain('<customer-name>dry</customer-name>');
    expect(lab.sros.get('pe1')!.commits).toBe(commits);
  });

  it('pause stops reconciling and says so', async () => {
    await lab.apply([enc('held', [], { 'netintent.dev/paused': 'true' })]);
    await lab.waitCondition('SROSConfig', 'held', 'Ready', 'False', 'Paused');
    expect(pe1()).not.toContain('<customer-name>held</customer-name>');
    await lab.patch('SROSConfig', 'held', { metadata: { annotations: { 'netintent.dev/paused': null } } });
    await lab.waitCondition('SROSConfig', 'held', 'Ready', 'True');
    expect(pe1()).toContain('<customer-name>held</customer-name>');
  });
});
