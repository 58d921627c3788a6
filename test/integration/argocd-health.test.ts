// deploy/argocd/health.lua on objects the controller wrote: a lab with two SR OS simulators and
// the real controller; every object is read back from the API server and judged by the health
// script in a real Lua VM, as Argo CD would. Also the docs' `kubectl wait` lines (docs/gitops.md).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Lab } from './controller-lab.js';
import { kubectl } from './kube.js';
import { argocdHealth, closeLua } from '../support/argocd-health.js';

let lab: Lab;

const vrf = (name: string, device: string, ipv4: string, annotations: Record<string, string> = {}) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name, annotations },
    spec: { description: `tenant ${name}`, endpoints: [{ device, port: '1/1/c3/1', vlan: 400 + name.length, ipv4 }] },
  }) as KubernetesObject;
const customer = (name: string) =>
  ({
    apiVersion: 'nwi.enc.nokia.com/v1alpha2',
    kind: 'SROSConfig',
    metadata: { name },
    spec: { switchID: '172.20.20.200', path: `/service/customer[customer-name=${name}]`, properties: { 'customer-name': name, 'customer-id': 4242 } },
  }) as KubernetesObject;

/** The health of the object as the API server holds it now. */
async function healthOf(kind: string, name: string) {
  const o = await lab.get(kind, name);
  if (!o) throw new Error(`${kind} ${name} not found`);
  return argocdHealth(o);
}

beforeAll(async () => {
  lab = await Lab.create('argohealth');
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2')]);
  await lab.startController({ resyncMs: 1500 });
  await lab.apply(lab.devices());
  for (const d of ['pe1', 'pe2']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
  closeLua();
});

describe('Argo CD health of objects the controller wrote', () => {
  it('Healthy: a converged VRF, an SROSConfig and their NetworkDevice; kubectl wait --for=condition=Ready returns', async () => {
    await lab.apply([vrf('good', 'pe1', '10.41.1.1/24'), customer('argo-cust')]);
    await lab.waitCondition('VRF', 'good', 'Ready', 'True', undefined, 60_000);
    await lab.waitCondition('SROSConfig', 'argo-cust', 'Ready', 'True', undefined, 60_000);
    expect(await healthOf('VRF', 'good')).toMatchObject({ status: 'Healthy' });
    expect(await healthOf('SROSConfig', 'argo-cust')).toMatchObject({ status: 'Healthy' });
    expect(await healthOf('NetworkDevice', 'pe1')).toMatchObject({ status: 'Healthy' });
    expect(kubectl('wait', '-n', lab.ns, '--for=condition=Ready', 'vrf/good', '--timeout=30s')).toContain('condition met');
    expect(kubectl('wait', '-n', lab.ns, "--for=jsonpath={.status.deviceSummary}=1/1", 'vrf/good', '--timeout=30s')).toContain('condition met');
  }, 90_000);

  it('Degraded: a VRF whose address the resolver refuses (ValidationFailed); kubectl wait times out', async () => {
    // 10.41.2.0/24 is the subnet's network address: no interface may hold it.
    await lab.apply([vrf('bad', 'pe1', '10.41.2.0/24')]);
    await lab.waitCondition('VRF', 'bad', 'Ready', 'False', 'ValidationFailed', 60_000);
    const h = await healthOf('VRF', 'bad');
    expect(h.status).toBe('Degraded');
    expect(h.message).toMatch(/^ValidationFailed: .*10\.41\.2\.0/);
    expect(() => kubectl('wait', '-n', lab.ns, '--for=condition=Ready', 'vrf/bad', '--timeout=2s')).toThrow(/timed out/);
  }, 90_000);

  it('Suspended: a paused VRF and a dry-run VRF', async () => {
    await lab.apply([vrf('held', 'pe1', '10.41.3.1/24', { 'netintent.dev/paused': 'true' }), vrf('trial', 'pe1', '10.41.4.1/24', { 'netintent.dev/dry-run': 'true' })]);
    await lab.waitCondition('VRF', 'held', 'Ready', 'False', 'Paused', 60_000);
    await lab.waitCondition('VRF', 'trial', 'Ready', 'False', 'DryRun', 60_000);
    expect(await healthOf('VRF', 'held')).toMatchObject({ status: 'Suspended', message: expect.stringContaining('netintent.dev/paused') });
    expect(await healthOf('VRF', 'trial')).toMatchObject({ status: 'Suspended', message: expect.stringMatching(/^DryRun: /) });
  }, 90_000);

  it('Progressing: a VRF on a device that is down (DeviceUnreachable), and that device; Healthy again once it is back', async () => {
    const port = lab.sros.get('pe2')!.port;
    await lab.sros.get('pe2')!.close();
    await lab.apply([vrf('away', 'pe2', '10.41.5.1/24')]);
    await lab.waitCondition('VRF', 'away', 'Ready', 'False', 'DeviceUnreachable', 60_000);
    expect(await healthOf('VRF', 'away')).toMatchObject({ status: 'Progressing', message: expect.stringMatching(/^DeviceUnreachable: /) });
    await lab.waitCondition('NetworkDevice', 'pe2', 'Ready', 'False', 'DeviceUnreachable', 60_000);
    expect((await healthOf('NetworkDevice', 'pe2')).status).toBe('Progressing');
    await lab.startSros('pe2', port);
    await lab.waitCondition('VRF', 'away', 'Ready', 'True', undefined, 60_000);
    expect((await healthOf('VRF', 'away')).status).toBe('Healthy');
  }, 120_000);

  it('Progressing: a spec change the controller has not yet seen, even though the status still says Ready', async () => {
    await lab.controller!.stop();
    lab.controller = undefined;
    await lab.patch('VRF', 'good', { spec: { description: 'tenant good, changed' } });
    const o = (await lab.get('VRF', 'good'))!;
    expect(o.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    expect(o.status!.observedGeneration).toBeLessThan(o.metadata.generation!);
    expect(await argocdHealth(o)).toMatchObject({ status: 'Progressing', message: expect.stringContaining(`generation ${o.metadata.generation}`) });
    // kubectl wait compares the condition's observedGeneration too: a stale Ready does not satisfy it (docs/gitops.md relies on this).
    expect(() => kubectl('wait', '-n', lab.ns, '--for=condition=Ready', 'vrf/good', '--timeout=2s')).toThrow(/timed out/);
  }, 60_000);
});
