// The simulator's NETCONF notifications, as SR OS sends them (System Management Guide, "NETCONF
// notifications"; the client side and the citations are in adapters/netconf/notifications.ts):
// - only events of a log directed to NETCONF reach subscribers: a `log log-id` whose
//   `destination` is `netconf`, whose `source change` is true (configuration changes are
//   change-source events) and that is not disabled, on the stream its `netconf-stream` names
//   (nokia-conf-log.yang). Without such a log, nothing is sent, as on the router;
// - a configuration change is RFC 6470 `netconf-config-change` (ietf-netconf-notifications, in
//   SR OS's YANG set): who changed it and one `edit` per topmost changed node, its `target` an
//   instance-identifier under nokia-conf's <configure>.
// Assumption (not stated in the documents found): a log without `netconf-stream` feeds the
// RFC 5277 default stream, NETCONF. The lab's startup config names the stream explicitly.
import { SROS_NAMESPACE } from '../../../adapters/yang/models.js';
import { DEFAULT_STREAM, NETCONF_NOTIFICATIONS_NS, NOTIFICATION_NS } from '../../../adapters/netconf/notifications.js';
import type { Tree, TreeValue } from './datastore.js';
import type { SchemaIndex } from './schema.js';

export interface ConfigEdit {
  /** instance-identifier, every node qualified with the `conf` prefix (nokia-conf's own). */
  target: string;
  operation: 'create' | 'delete' | 'replace' | 'merge';
}

export type ChangedBy = { server: true } | { username: string; sessionId: number };

const asTree = (v: TreeValue | undefined): Tree | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
const asList = (v: TreeValue | undefined): Tree[] => (v === undefined ? [] : Array.isArray(v) ? (v as Tree[]) : [v as Tree]);

/** The streams the running config's logs send configuration changes to. */
export function changeStreams(running: Tree): Set<string> {
  const streams = new Set<string>();
  for (const log of asList(asTree(running.log)?.['log-id'])) {
    const source = asTree(log.source);
    const destination = asTree(log.destination);
    if (log['admin-state'] === 'disable' || source?.change !== 'true' || !destination || !('netconf' in destination)) continue;
    streams.add(typeof log['netconf-stream'] === 'string' ? log['netconf-stream'] : DEFAULT_STREAM);
  }
  return streams;
}

const quote = (v: string) => (v.includes("'") ? `"${v}"` : `'${v}'`);

/** The topmost nodes that differ between two <configure> trees, as RFC 6470 edit records. */
export function configEdits(before: Tree, after: Tree, schema: SchemaIndex): ConfigEdit[] {
  const edits: ConfigEdit[] = [];
  const walk = (a: Tree, b: Tree, at: string, target: string) => {
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const [x, y] = [a[name], b[name]];
      const path = `${at}/${name}`;
      const here = `${target}/conf:${name}`;
      const entry = schema.get(path);
      if (JSON.stringify(x) === JSON.stringify(y)) continue;
      if (entry?.kind === 'list') {
        const keyOf = (e: Tree) => entry.keys.map((k) => `[conf:${k}=${quote(String(e[k] ?? ''))}]`).join('');
        const xs = new Map(asList(x).map((e) => [keyOf(e), e]));
        const ys = new Map(asList(y).map((e) => [keyOf(e), e]));
        for (const k of [...new Set([...xs.keys(), ...ys.keys()])].sort()) {
          const [ex, ey] = [xs.get(k), ys.get(k)];
          if (!ex) edits.push({ target: here + k, operation: 'create' });
          else if (!ey) edits.push({ target: here + k, operation: 'delete' });
          else walk(ex, ey, path, here + k);
        }
      } else if (entry?.kind === 'leaf-list') {
        // One record for the leaf-list's parent: RFC 6470 lets a server name an ancestor.
        edits.push({ target, operation: 'merge' });
      } else if (x === undefined) edits.push({ target: here, operation: 'create' });
      else if (y === undefined) edits.push({ target: here, operation: 'delete' });
      else if (asTree(x) && asTree(y)) walk(x as Tree, y as Tree, path, here);
      else edits.push({ target: here, operation: 'replace' });
    }
  };
  walk(before, after, '/configure', '/conf:configure');
  return edits.filter((e, i) => edits.findIndex((o) => o.target === e.target && o.operation === e.operation) === i);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The <notification> message for one configuration change. */
export function configChangeNotification(changedBy: ChangedBy, edits: ConfigEdit[], eventTime = new Date()): string {
  const by =
    'server' in changedBy
      ? '<server/>'
      : `<username>${esc(changedBy.username)}</username><session-id>${changedBy.sessionId}</session-id>`;
  const records = edits
    .map((e) => `<edit><target xmlns:conf="${SROS_NAMESPACE}">${esc(e.target)}</target><operation>${e.operation}</operation></edit>`)
    .join('');
  return (
    `<notification xmlns="${NOTIFICATION_NS}"><eventTime>${eventTime.toISOString()}</eventTime>` +
    `<netconf-config-change xmlns="${NETCONF_NOTIFICATIONS_NS}"><changed-by>${by}</changed-by>` +
    `<datastore>running</datastore>${records}</netconf-config-change></notification>`
  );
}
