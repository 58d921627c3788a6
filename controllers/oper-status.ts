// Ready from the router's own operational state (issue 15): a committed intent whose
// service, interface, SAP or subinterface the router reports down is Ready=False, reason
// OperDown, with the router's own reasons in the message; Synced (committed) stays True.
import type { ServiceOper } from '../devices/drivers/oper.js';
import { operDown, sidInError } from '../devices/drivers/oper.js';
import type { DeviceResult } from '../devices/transactions.js';

/** The kinds whose devices hold a service with an operational state (ENC configs are raw configuration). */
export const OPER_KINDS = new Set(['VRF', 'VPLS']);

/** The condition reason other parts (alarms, dashboards) key on. */
export const OPER_DOWN = 'OperDown';

/** "vprn blue on pe1: oper-state up (interface if-1 down: port-down; sap 1/1/c1/1:100 down: port-oper-down)". */
export function describeDown(s: ServiceOper, device: string): string {
  const members = [
    ...s.members.filter((m) => !m.up).map((m) => `${m.kind} ${m.name} down${m.reason ? `: ${m.reason}` : ''}`),
    ...(s.sids ?? []).filter(sidInError).map((x) => `${x.function} SID ${x.sid}: ${x.status!}`),
  ];
  const own = s.up ? 'oper-state up' : (s.reason ?? 'oper-state down');
  return `${s.kind} ${s.name} on ${device}: ${own}${members.length ? ` (${members.join('; ')})` : ''}`;
}

export interface OperVerdict {
  down: boolean;
  /** What is down, in the router's words; or which devices' state could not be read. */
  message: string;
}

/** What the devices' results say of the intent's services; undefined when nothing was read. */
export function operVerdict(devices: DeviceResult[]): OperVerdict | undefined {
  const read = devices.filter((d) => d.oper !== undefined || d.operError !== undefined);
  if (!read.length) return undefined;
  const down = read.flatMap((d) => (d.oper ?? []).filter(operDown).map((s) => describeDown(s, d.device)));
  const unread = read.filter((d) => d.operError !== undefined).map((d) => `${d.device} (${d.operError})`);
  const note = unread.length ? `operational state not read on ${unread.join(', ')}` : '';
  if (down.length) return { down: true, message: [down.join('; '), note].filter(Boolean).join('; ') };
  const services = read.reduce((n, d) => n + (d.oper?.length ?? 0), 0);
  if (!services && !note) return undefined; // nothing the drivers could read (e.g. SR OS over gNMI)
  return { down: false, message: [services ? `the routers report ${services} service(s) up` : '', note].filter(Boolean).join('; ') };
}
