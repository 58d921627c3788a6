// Temporal away: the PE side still converges, the L3VPN says EgressReady=False with reason
// TemporalUnavailable, and once a Temporal dev server of its own (stopped and started again
// on the same address and database) is back, controller and worker carry on by themselves.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTemporal, type TemporalServer } from '../../lab/stack/temporal.js';
import { Lab } from './controller-lab.js';
import { clusterObjects, egressExample, installEgressCRDs, startWorker, workloadSecret, type CliProcess } from './egress-lab.js';

let lab: Lab;
let temporal: TemporalServer | undefined;
let worker: CliProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'netintent-temporal-outage-'));
let port: number;

beforeAll(async () => {
  lab = await Lab.create('tmpout');
  await installEgressCRDs(lab);
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2')]);
  // Started once to learn a port, then stopped: the controller starts with Temporal down.
  temporal = await startTemporal(dir);
  port = Number(temporal.address.split(':')[1]);
  await temporal.stop();
  temporal = undefined;
  await lab.startController({ resyncMs: 5000, temporal: { address: `127.0.0.1:${port}`, namespace: 'default', taskQueue: 'outage' } });
  await lab.apply([...lab.devices(), workloadSecret()]);
}, 120_000);

afterAll(async () => {
  await worker?.kill();
  await temporal?.stop();
  await lab?.stop();
});

describe('Temporal unavailable', () => {
  it('keeps the PE side working, says TemporalUnavailable, and recovers when Temporal is back', async () => {
    await lab.apply(egressExample('blue', 'blue'));
    const down = await lab.waitCondition('L3VPN', 'blue', 'EgressReady', 'False', 'TemporalUnavailable', 60_000);
    expect(down.status!.conditions!.find((c) => c.type === 'EgressReady')!.message).toContain(`127.0.0.1:${port}`);
    await lab.waitCondition('L3VPN', 'blue', 'Synced', 'True');
    await lab.waitCondition('VRF', 'blue', 'Ready', 'True');
    expect(lab.sros.get('pe1')!.runningXml()).toContain(`${lab.ns}.blue`);

    temporal = await startTemporal(dir, () => undefined, port);
    worker = await startWorker(temporal.address, 'outage');
    await lab.waitCondition('L3VPN', 'blue', 'Ready', 'True', undefined, 60_000);
    expect((await clusterObjects(lab, down.metadata.uid!)).size).toBe(2);
  }, 150_000);

  it('rides out Temporal going away while running: a change made meanwhile lands once it is back', async () => {
    await temporal!.stop();
    temporal = undefined;
    await lab.patch('L3VPN', 'blue', { spec: { clusterEgress: { destinationCIDRs: ['10.99.0.0/16'] } } });
    await lab.waitCondition('L3VPN', 'blue', 'EgressReady', 'False', 'TemporalUnavailable', 60_000);
    temporal = await startTemporal(dir, () => undefined, port);
    // The same worker process reconnects by itself.
    const vpn = await lab.waitCondition('L3VPN', 'blue', 'Ready', 'True', undefined, 90_000);
    const policy = [...(await clusterObjects(lab, vpn.metadata.uid!)).values()].find((o) => o.kind === 'CiliumSRv6EgressPolicy')!;
    expect(policy.spec.destinationCIDRs).toEqual(['10.99.0.0/16']);
  }, 150_000);
});
