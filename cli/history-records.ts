// Reading the transaction history (DeviceTransactions) for `netintent history` and
// `netintent revert`: the parts of a transaction put back together, and the filters.
import { ApiError, type RestClient } from '../adapters/k8s/rest.js';
import { GROUP, VERSION } from '../apis/common.js';
import { KINDS } from '../apis/index.js';
import type { DeviceTransactionSpec } from '../apis/devicetransaction.js';

export type Transaction = Omit<DeviceTransactionSpec, 'part' | 'previousSpecs'> & { previousSpecs: Record<string, Record<string, unknown>> };

const base = (ns: string) => `/apis/${GROUP}/${VERSION}/namespaces/${encodeURIComponent(ns)}/devicetransactions`;

/** Every transaction recorded in `ns`, newest first (parts merged). */
export async function listTransactions(rest: RestClient, ns: string): Promise<Transaction[]> {
  const specs: DeviceTransactionSpec[] = [];
  let cont = '';
  try {
    do {
      const page = await rest.request<{ items: { spec: DeviceTransactionSpec }[]; metadata: { continue?: string } }>('GET', `${base(ns)}?limit=200${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      specs.push(...page.items.map((i) => i.spec));
      cont = page.metadata.continue ?? '';
    } while (cont);
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) throw new Error(`no transaction history in namespace ${ns}: is the DeviceTransaction CRD installed (netintent crds | kubectl apply -f -)?`);
    throw e;
  }
  const byId = new Map<string, Transaction>();
  for (const s of specs.sort((a, b) => (a.part?.index ?? 1) - (b.part?.index ?? 1))) {
    const { part: _part, previousSpecs, ...rest } = s;
    const specsOf = previousSpecs ? (JSON.parse(previousSpecs) as Transaction['previousSpecs']) : {};
    const t = byId.get(s.id);
    if (!t) byId.set(s.id, { ...rest, previousSpecs: specsOf });
    else {
      t.intents.push(...s.intents);
      t.devices.push(...s.devices);
      Object.assign(t.previousSpecs, specsOf);
    }
  }
  return [...byId.values()].sort((a, b) => b.time.localeCompare(a.time) || b.id.localeCompare(a.id));
}

/** `id` is the transaction's id, or the name of one of its parts (`<id>.<n>`). */
export async function getTransaction(rest: RestClient, ns: string, id: string): Promise<Transaction> {
  const all = await listTransactions(rest, ns);
  const t = all.find((x) => x.id === id) ?? all.find((x) => x.id === id.replace(/\.\d+$/, ''));
  if (!t) throw new Error(`no transaction ${id} in namespace ${ns} (netintent history lists them; old ones are pruned)`);
  return t;
}

/** `vrf/blue`, `VRF/blue`, `vrfs/blue` or a short name: the kind it names. */
export function kindOf(word: string): string {
  const w = word.toLowerCase();
  const def = KINDS.find((k) => k.kind.toLowerCase() === w || k.plural === w || k.shortNames.includes(w));
  if (!def) throw new Error(`unknown kind ${JSON.stringify(word)}: one of ${KINDS.map((k) => k.kind).join(', ')}`);
  return def.kind;
}

export interface Filter {
  kind?: string;
  name?: string;
  namespace: string;
  device?: string;
}

export function matches(t: Transaction, f: Filter): boolean {
  if (f.kind && !t.intents.some((i) => i.kind === f.kind && i.name === f.name && i.namespace === f.namespace)) return false;
  if (f.device && !t.devices.some((d) => d.name === f.device && d.namespace === f.namespace)) return false;
  return true;
}

/** Fixed-width columns, as kubectl prints them. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}

export function diffs(t: Transaction, device?: string): string {
  return (
    t.devices
      .filter((d) => !device || d.name === device)
      .map((d) => `--- ${d.name} (${d.state})\n${d.diff || '(no diff recorded)'}\n`)
      .join('') + (t.error ? `error: ${t.error.device}: ${t.error.reason}: ${t.error.message}\n` : '')
  );
}
