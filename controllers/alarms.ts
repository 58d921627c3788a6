// Alarms a NOC is paged for, read from the objects' conditions as the informer shows them:
// the one place that decides whether an alarm stands. Both the Prometheus series
// (netintent_alarm_active, netintent_device_reachable) and the webhook's raise/clear events
// come from here, so the two never disagree. A raise is sent once when an alarm starts and a
// clear once when it ends (or its object is deleted); a resync of an object in alarm sends
// nothing. A new leader starts with no alarms, so what still stands is raised again.
import { condition, objKey, type Obj } from '../apis/objects.js';
import type { Metrics } from './metrics.js';

export type Severity = 'critical' | 'warning';

export interface Alarm {
  alarm: string;
  severity: Severity;
  object: { apiVersion: string; kind: string; namespace: string; name: string };
  /** The devices concerned, comma-separated (the device itself for a NetworkDevice alarm). */
  device?: string;
  reason: string;
  message: string;
}

export interface AlarmEvent extends Alarm {
  state: 'raised' | 'cleared';
  time: string;
}

interface Rule {
  severity: Severity;
  /** Which condition, in which state, means the alarm stands. */
  test: (o: Obj) => { reason: string; message: string } | undefined;
  devices?: boolean;
}

const when = (type: string, status: string, reason?: string) => (o: Obj) => {
  const c = condition(o, type);
  return c && c.status === status && (!reason || c.reason === reason) ? { reason: c.reason, message: c.message } : undefined;
};

/** Alarm name → rule. The Prometheus rules (deploy/helm/netintent/files/prometheus-rules.yaml) page on the same names. */
export const ALARMS: Record<string, Rule & { kinds: 'devices' | 'intents' }> = {
  // Any Reachable=False (also AuthenticationFailed, HostKeyMismatch...): netintent cannot
  // reach the device's configuration, as netintent_device_reachable == 0 says to Prometheus.
  DeviceUnreachable: { severity: 'critical', kinds: 'devices', test: when('Reachable', 'False') },
  CommitRejected: { severity: 'warning', kinds: 'intents', test: when('Synced', 'False', 'CommitRejected') },
  DriftDetected: { severity: 'warning', kinds: 'intents', test: when('Drifted', 'True') },
  // Ready's reason OperDown: the router reports the service down (issue 15, item 1).
  OperDown: { severity: 'critical', kinds: 'intents', test: when('Ready', 'False', 'OperDown') },
  EgressFailed: { severity: 'warning', kinds: 'intents', test: when('EgressReady', 'False', 'EgressFailed') },
};

/** The devices an intent names in status.devices that are not Synced (all of them when every one is). */
function devicesOf(o: Obj): string | undefined {
  if (o.kind === 'NetworkDevice') return o.metadata.name;
  const ds = (o.status?.devices as { name: string; state?: string }[] | undefined) ?? [];
  const off = ds.filter((d) => d.state !== 'Synced');
  const names = (off.length ? off : ds).map((d) => d.name);
  return names.length ? names.join(',') : undefined;
}

export class AlarmTracker {
  /** Object key → alarm name → the alarm standing. */
  private readonly active = new Map<string, Map<string, Alarm>>();
  private readonly listeners: ((e: AlarmEvent) => void)[] = [];

  constructor(private readonly metrics: Metrics) {}

  onChange(listener: (e: AlarmEvent) => void) {
    this.listeners.push(listener);
  }

  /** Every alarm standing now. */
  list(): Alarm[] {
    return [...this.active.values()].flatMap((m) => [...m.values()]);
  }

  /** An object as the informer shows it now; `deleted`: it is gone, and so are its alarms. */
  observe(o: Obj, deleted = false) {
    const key = objKey(o);
    const ns = o.metadata.namespace ?? 'default';
    const isDevice = o.kind === 'NetworkDevice';
    if (isDevice) {
      const r = condition(o, 'Reachable')?.status;
      const labels = { namespace: ns, device: o.metadata.name };
      if (deleted || (r !== 'True' && r !== 'False')) this.metrics.deviceReachable.remove(labels);
      else this.metrics.deviceReachable.set(labels, r === 'True' ? 1 : 0);
    }
    const before = this.active.get(key) ?? new Map<string, Alarm>();
    const now = new Map<string, Alarm>();
    for (const [name, rule] of Object.entries(ALARMS)) {
      if (deleted || (rule.kinds === 'devices') !== isDevice) continue;
      const hit = rule.test(o);
      if (!hit) continue;
      const device = devicesOf(o);
      const object = { apiVersion: o.apiVersion, kind: o.kind, namespace: ns, name: o.metadata.name };
      now.set(name, before.get(name) ?? { alarm: name, severity: rule.severity, object, ...(device ? { device } : {}), ...hit });
    }
    for (const [name, a] of before) if (!now.has(name)) this.emit(a, 'cleared');
    for (const [name, a] of now) if (!before.has(name)) this.emit(a, 'raised');
    if (now.size) this.active.set(key, now);
    else this.active.delete(key);
  }

  private emit(a: Alarm, state: AlarmEvent['state']) {
    const labels = { alarm: a.alarm, severity: a.severity, kind: a.object.kind, namespace: a.object.namespace, name: a.object.name };
    if (state === 'raised') this.metrics.alarmActive.set(labels, 1);
    else this.metrics.alarmActive.remove(labels);
    const e: AlarmEvent = { ...a, state, time: new Date().toISOString() };
    for (const l of this.listeners) l(e);
  }
}
