// NETCONF event notifications (RFC 5277) as netintent reads them: the create-subscription
// body, and a <notification> parsed into what changed on the device and who changed it.
//
// SR OS (System Management Guide, "NETCONF notifications", 7750 SR 22.7 and later): SR OS
// outputs log events as NETCONF notifications; NETCONF is one destination of an event log
// (`configure log log-id N destination netconf`, with `netconf-stream` naming the stream,
// nokia-conf-log.yang). The server advertises :notification and :interleave, so RPCs keep
// working on a session that holds a subscription; a session subscribes to one stream; a
// subscription lives as long as its session; <filter> is not supported (so filtering is ours).
// The configuration-change events of the `change` source are what netintent listens to:
// - `netconf-config-change` (RFC 6470, ietf-netconf-notifications, which SR OS ships in its
//   YANG set): `changed-by` (user, session-id; 0 for a non-NETCONF session such as the CLI)
//   and an `edit` list whose `target` is an instance-identifier of the changed node;
// - SR OS's own log-event notifications (`sros-config-change-event`, `sros-log-generic-event`,
//   ...: sequence-number, severity, application, event-id, event-name, router-name, subject,
//   message, event-params) name no data node, so they mean "something changed".
import { XMLParser } from 'fast-xml-parser';
import { formatPath, parsePath, PathSyntaxError, sameElem } from '../yang/path.js';
import type { PathElem, YPath } from '../yang/tree.js';

export const NOTIFICATION_NS = 'urn:ietf:params:xml:ns:netconf:notification:1.0';
export const NETCONF_NOTIFICATIONS_NS = 'urn:ietf:params:xml:ns:yang:ietf-netconf-notifications';
export const NOTIFICATION_CAP = {
  notification: 'urn:ietf:params:netconf:capability:notification:1.0',
  interleave: 'urn:ietf:params:netconf:capability:interleave:1.0',
} as const;
/** RFC 5277 3.2.3: the default stream, which a subscription without <stream> gets. */
export const DEFAULT_STREAM = 'NETCONF';

export interface Notification {
  eventTime: string;
  /** The event element's name (`netconf-config-change`, `sros-config-change-event`, ...). */
  event: string;
  /** A configuration change (RFC 6470 netconf-config-change, or an SR OS config-change log event). */
  configChange: boolean;
  /** Who made the change, when the notification says (netconf-config-change). */
  changedBy?: { server: true } | { username?: string; sessionId?: number };
  /**
   * The changed nodes in pathString's form, as the renderers' fragments name them
   * (`/configure/service/vprn[service-name=x]`), when the notification names them; undefined
   * when it does not (then anything may have changed).
   */
  paths?: string[];
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });
type XNode = Record<string, unknown>;
const nameOf = (n: XNode) => Object.keys(n).find((k) => k !== ':@' && k !== '#text');
const kids = (n: XNode): XNode[] => (n[nameOf(n) ?? ''] as XNode[] | undefined) ?? [];
const find = (ns: XNode[], name: string) => ns.find((n) => nameOf(n) === name);
const text = (n: XNode | undefined) => {
  const t = n && kids(n).find((k) => '#text' in k)?.['#text'];
  return t === undefined ? undefined : String(t);
};

/** The `<create-subscription>` body for `NetconfSession.rpc` (stream only: SR OS has no filter). */
export function createSubscriptionBody(stream = DEFAULT_STREAM): Record<string, unknown> {
  return { '@_xmlns': NOTIFICATION_NS, stream };
}

/** A <notification> message, or undefined for anything else (replies, junk). */
export function parseNotification(xml: string): Notification | undefined {
  let doc: XNode[];
  try {
    doc = parser.parse(xml) as XNode[];
  } catch {
    return undefined;
  }
  const top = doc.find((n) => nameOf(n) === 'notification');
  if (!top) return undefined;
  const children = kids(top);
  const body = children.find((n) => nameOf(n) && nameOf(n) !== 'eventTime');
  if (!body) return undefined;
  const event = nameOf(body)!;
  const eventTime = text(find(children, 'eventTime')) ?? '';
  if (event === 'netconf-config-change') return { eventTime, event, configChange: true, ...configChange(kids(body)) };
  // The stream netintent subscribes to is fed by a log whose only source is `change`, so any
  // event but RFC 6470's session and capability events may be a configuration change; which
  // SR OS event names a config change carries is not documented publicly, and a missed one
  // would leave drift to the slow resync.
  return { eventTime, event, configChange: !NOT_CONFIG_EVENTS.has(event) };
}

/** RFC 6470 events that never mean the configuration changed. */
const NOT_CONFIG_EVENTS = new Set(['netconf-session-start', 'netconf-session-end', 'netconf-capability-change']);

function configChange(fields: XNode[]): Pick<Notification, 'changedBy' | 'paths'> {
  const out: Pick<Notification, 'changedBy' | 'paths'> = {};
  const by = find(fields, 'changed-by');
  if (by) {
    const f = kids(by);
    const sid = text(find(f, 'session-id'));
    const username = text(find(f, 'username'));
    out.changedBy = find(f, 'server') ? { server: true } : { ...(username !== undefined ? { username } : {}), ...(sid !== undefined ? { sessionId: Number(sid) } : {}) };
  }
  const edits = fields.filter((n) => nameOf(n) === 'edit');
  // RFC 6470: the edit list MAY be omitted, and an edit's target MAY be omitted when the exact
  // node is not known. Either way the change cannot be narrowed down.
  const targets = edits.map((e) => text(find(kids(e), 'target')));
  if (edits.length && targets.every((t) => t !== undefined)) {
    const paths = targets.map((t) => configurePath(t!));
    if (paths.every((p) => p !== undefined)) out.paths = paths as string[];
  }
  return out;
}

/**
 * An instance-identifier under nokia-conf's <configure> as a path in pathString's form (module
 * prefixes dropped): `/conf:configure/conf:service/conf:vprn[conf:service-name='a b']` →
 * `/configure/service/vprn[service-name=a b]`. Undefined for a node outside <configure> or a
 * form this does not read (then the caller assumes anything changed).
 */
export function configurePath(target: string): string | undefined {
  const elems: YPath = [];
  let i = 0;
  const s = target.trim();
  while (i < s.length) {
    if (s[i] !== '/') return undefined;
    i++;
    let name = '';
    while (i < s.length && s[i] !== '/' && s[i] !== '[') name += s[i++];
    name = name.slice(name.indexOf(':') + 1);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return undefined;
    const elem: PathElem = { name };
    while (s[i] === '[') {
      const m = /^\[\s*(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)\s*=\s*(?:'([^']*)'|"([^"]*)")\s*\]/.exec(s.slice(i));
      if (!m) return undefined;
      (elem.keys ??= {})[m[1]!] = m[2] ?? m[3]!;
      i += m[0].length;
    }
    elems.push(elem);
  }
  return elems[0]?.name === 'configure' && !elems[0].keys ? formatPath(elems) : undefined;
}

/**
 * Whether a change at `changed` can touch what is at `owned` (both in pathString's form):
 * one lies inside the other. An element without keys stands for every entry of its list.
 */
export function pathsOverlap(changed: string, owned: string): boolean {
  let a: YPath, b: YPath;
  try {
    [a, b] = [parsePath(changed), parsePath(owned)];
  } catch (e) {
    if (e instanceof PathSyntaxError) return true; // cannot be narrowed down: assume it touches
    throw e;
  }
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!sameElem(a[i]!, b[i]!)) return false;
  return true;
}
