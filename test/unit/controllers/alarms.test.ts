// The alarm tracker: raised once when a condition turns, cleared once when it turns back or
// the object goes, the Prometheus series following the same decisions.
import { describe, expect, it } from '@jest/globals';
import { AlarmTracker, type AlarmEvent } from '../../../controllers/alarms.js';
import { Metrics } from '../../../controllers/metrics.js';
import type { Obj } from '../../../apis/objects.js';

const obj = (kind: string, name: string, conditions: [string, 'True' | 'False' | 'Unknown', string][], devices?: { name: string; state: string }[]): Obj => ({
  apiVersion: 'netintent.dev/v1alpha1',
  kind,
  metadata: { name, namespace: 'ns' },
  status: { conditions: conditions.map(([type, status, reason]) => ({ type, status, reason, message: `${type} ${reason}`, lastTransitionTime: '2026-01-01T00:00:00Z' })), ...(devices ? { devices } : {}) },
});

function tracker() {
  const metrics = new Metrics();
  const t = new AlarmTracker(metrics);
  const events: AlarmEvent[] = [];
  t.onChange((e) => events.push(e));
  const value = async (name: string, labels: Record<string, string>) =>
    (await metrics.registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;
  return { t, events, value };
}

describe('AlarmTracker', () => {
  it('raises DeviceUnreachable once while a device stays unreachable, and clears it when it is back', async () => {
    const { t, events, value } = tracker();
    const down = obj('NetworkDevice', 'pe1', [['Reachable', 'False', 'DeviceUnreachable'], ['Ready', 'False', 'DeviceUnreachable']]);
    t.observe(down);
    t.observe(down); // a resync
    expect(events.map((e) => [e.alarm, e.state, e.device, e.severity])).toEqual([['DeviceUnreachable', 'raised', 'pe1', 'critical']]);
    expect(await value('netintent_device_reachable', { device: 'pe1' })).toBe(0);
    expect(await value('netintent_alarm_active', { alarm: 'DeviceUnreachable', name: 'pe1' })).toBe(1);
    t.observe(obj('NetworkDevice', 'pe1', [['Reachable', 'True', 'Connected']]));
    expect(events.map((e) => e.state)).toEqual(['raised', 'cleared']);
    expect(await value('netintent_device_reachable', { device: 'pe1' })).toBe(1);
    expect(await value('netintent_alarm_active', { alarm: 'DeviceUnreachable', name: 'pe1' })).toBeUndefined();
    expect(t.list()).toEqual([]);
  });

  it("derives OperDown from Ready's reason and names the devices not Synced; deletion clears", async () => {
    const { t, events, value } = tracker();
    const down = obj('VRF', 'blue', [['Synced', 'True', 'InSync'], ['Ready', 'False', 'OperDown']], [{ name: 'pe1', state: 'Synced' }, { name: 'pe2', state: 'Synced' }]);
    t.observe(down);
    expect(events[0]).toMatchObject({ alarm: 'OperDown', severity: 'critical', state: 'raised', device: 'pe1,pe2', reason: 'OperDown', object: { kind: 'VRF', namespace: 'ns', name: 'blue' } });
    t.observe(down, true);
    expect(events.map((e) => `${e.alarm} ${e.state}`)).toEqual(['OperDown raised', 'OperDown cleared']);
    expect(await value('netintent_alarm_active', { alarm: 'OperDown' })).toBeUndefined();
  });

  it('keeps alarms of one object apart: CommitRejected clears while EgressFailed stands; a Ready reason other than OperDown raises nothing', () => {
    const { t, events } = tracker();
    t.observe(obj('L3VPN', 'x', [['Synced', 'False', 'CommitRejected'], ['EgressReady', 'False', 'EgressFailed'], ['Ready', 'False', 'CommitRejected']], [{ name: 'pe1', state: 'Failed' }, { name: 'pe2', state: 'Pending' }]));
    expect(events.map((e) => [e.alarm, e.device])).toEqual([['CommitRejected', 'pe1,pe2'], ['EgressFailed', 'pe1,pe2']]);
    t.observe(obj('L3VPN', 'x', [['Synced', 'True', 'InSync'], ['EgressReady', 'False', 'EgressFailed'], ['Ready', 'False', 'EgressNotReady']]));
    expect(events.slice(2).map((e) => `${e.alarm} ${e.state}`)).toEqual(['CommitRejected cleared']);
    expect(t.list().map((a) => a.alarm)).toEqual(['EgressFailed']);
    t.observe(obj('VRF', 'y', [['Ready', 'False', 'DeviceUnreachable'], ['Drifted', 'False', 'DriftReverted']]));
    expect(events).toHaveLength(3);
  });
});
