// One engine TransactionRecord → the DeviceTransaction object(s) that record it. Secrets are
// masked in diffs and errors, a previous spec that holds one is withheld, and a record stays
// well under the API server's object size: diffs share a budget and are cut with a marker,
// and a transaction over more intents or devices than one record holds is split in parts.
import { GROUP, VERSION } from '../../apis/common.js';
import { RECORD_LIMITS, type DeviceTransactionSpec } from '../../apis/devicetransaction.js';
import { parseKey } from '../../apis/objects.js';
import { redactSecretText, secretLeafIn } from '../../adapters/yang/secrets.js';
import type { TransactionRecord } from '../../devices/history.js';

/** Diff bytes one record carries in all (etcd takes 1.5 MiB, kubectl and watches like far less). */
export const DIFF_BUDGET = 128 * 1024;
const SPECS_BUDGET = 96 * 1024;

export interface DeviceTransactionObject {
  apiVersion: string;
  kind: 'DeviceTransaction';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: DeviceTransactionSpec;
}

/** Cuts `text` to `max` characters, saying how much was left out. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = `\n... [truncated: ${text.length - max} more characters not recorded]`;
  return text.slice(0, Math.max(0, max - marker.length)) + marker;
}

/** Shares `budget` among texts: short ones keep all they have, the rest split what is left evenly. */
export function share(lengths: number[], budget: number): number[] {
  const caps = lengths.map(() => 0);
  let left = budget;
  const order = lengths.map((n, i) => [n, i] as const).sort((a, b) => a[0] - b[0]);
  order.forEach(([n, i], k) => {
    caps[i] = Math.min(n, Math.floor(left / (order.length - k)));
    left -= caps[i]!;
  });
  return caps;
}

const list = (items: string[], max = 3) => (items.length <= max ? items.join(',') : `${items.slice(0, max).join(',')} +${items.length - max} more`);

export function deviceTransactions(r: TransactionRecord, namespace: string): DeviceTransactionObject[] {
  const intents = r.intents.map(({ key, origin }) => {
    const k = parseKey(key);
    const secret = origin?.previous && secretLeafIn(origin.previous.spec);
    const spec = origin?.previous && !secret ? JSON.stringify(origin.previous.spec) : undefined;
    const withheld = secret ? `it holds a secret (${secret})` : spec && spec.length > SPECS_BUDGET ? 'it is too large to record' : undefined;
    return {
      key,
      spec: withheld ? undefined : spec,
      entry: {
        apiVersion: origin?.apiVersion ?? `${GROUP}/${VERSION}`,
        kind: k.kind,
        namespace: k.namespace,
        name: k.name,
        ...(origin?.uid ? { uid: origin.uid } : {}),
        ...(origin?.generation !== undefined ? { generation: origin.generation } : {}),
        cause: origin?.cause ?? 'Change',
        ...(origin?.requestedBy ? { requestedBy: origin.requestedBy } : {}),
        ...(origin?.previous ? { previousGeneration: origin.previous.generation } : {}),
        ...(withheld ? { previousSpecWithheld: withheld } : {}),
      },
    };
  });
  // Parts: intents by count and by the size of their previous specs; devices by count.
  const intentParts: (typeof intents)[] = [[]];
  let specBytes = 0;
  for (const i of intents) {
    const n = i.spec?.length ?? 0;
    if (intentParts.at(-1)!.length >= RECORD_LIMITS.intents || specBytes + n > SPECS_BUDGET) {
      intentParts.push([]);
      specBytes = 0;
    }
    intentParts.at(-1)!.push(i);
    specBytes += n;
  }
  const deviceParts: TransactionRecord['devices'][] = [];
  for (let i = 0; i < r.devices.length || !deviceParts.length; i += RECORD_LIMITS.devices) deviceParts.push(r.devices.slice(i, i + RECORD_LIMITS.devices));
  const parts = Math.max(intentParts.length, deviceParts.length);
  const by = requesters(r);
  return Array.from({ length: parts }, (_, p) => {
    const ins = intentParts[p] ?? [];
    const devs = deviceParts[p] ?? [];
    const diffs = devs.map((d) => redactSecretText(d.diff));
    const caps = share(diffs.map((d) => d.length), DIFF_BUDGET);
    const specs = Object.fromEntries(ins.filter((i) => i.spec).map((i) => [i.key, JSON.parse(i.spec!) as unknown]));
    const spec: DeviceTransactionSpec = {
      id: r.id,
      time: r.time.toISOString(),
      ...(parts > 1 ? { part: { index: p + 1, of: parts } } : {}),
      outcome: r.outcome,
      requestedBy: cut(by, 253),
      summary: { devices: cut(list(r.devices.map((d) => d.name)), 253), intents: cut(list(r.intents.map((i) => { const k = parseKey(i.key); return `${k.kind}/${k.name}`; })), 253) },
      intents: ins.map((i) => i.entry),
      devices: devs.map((d, i) => ({ name: d.name, namespace: d.namespace, state: d.state, diff: cut(diffs[i]!, Math.min(caps[i]!, RECORD_LIMITS.diff)) })),
      ...(Object.keys(specs).length ? { previousSpecs: JSON.stringify(specs) } : {}),
      ...(r.error ? { error: { device: r.error.device, reason: r.error.reason, message: cut(redactSecretText(r.error.message), RECORD_LIMITS.text) } } : {}),
    };
    return {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'DeviceTransaction' as const,
      metadata: { name: parts > 1 ? `${r.id}.${p + 1}` : r.id, namespace, labels: { 'app.kubernetes.io/managed-by': 'netintent', [`${GROUP}/outcome`]: r.outcome } },
      spec,
    };
  });
}

/** Who asked, for the whole transaction: the requesters of its changes, or netintent for reverted drift. */
function requesters(r: TransactionRecord): string {
  const names = r.intents.map(({ origin }) =>
    origin?.cause === 'DriftRevert' ? 'netintent (drift revert)' : origin?.cause === 'Removal' ? 'deletion' : origin?.cause === 'OutOfBand' ? 'out of band (on the device)' : (origin?.requestedBy ?? 'unknown'),
  );
  return list([...new Set(names)]);
}
