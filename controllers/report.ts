// Status and Events: what every reconciler reports, written only when it changes (so a
// resync of a converged object costs no API write), conditions in a stable order and with
// observedGeneration, through the status subresource with conflict retry.
import { CONDITION_TYPES, type Condition, type ConditionType } from '../apis/index.js';
import { canonicalJson } from '../adapters/canonical-json.js';
import { setCondition, type StatusWriter } from './runtime/status.js';
import type { EventKind, EventRecorder } from './runtime/events.js';
import type { Obj } from './objects.js';

export interface Cond {
  type: ConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

export const cond = (type: ConditionType, ok: boolean | 'Unknown', reason: string, message: string): Cond => ({
  type,
  status: ok === 'Unknown' ? 'Unknown' : ok ? 'True' : 'False',
  reason,
  message,
});

const order = (t: string) => CONDITION_TYPES.indexOf(t as ConditionType);

/** The next status: `conds` set, `fields` merged (undefined removes), `drop` conditions removed. */
export function nextStatus(status: Record<string, unknown>, generation: number, conds: Cond[], fields: Record<string, unknown>, drop: ConditionType[] = []) {
  let conditions = ((status.conditions as Condition[] | undefined) ?? []).filter((c) => !drop.includes(c.type as ConditionType));
  for (const c of conds) conditions = setCondition(conditions, { ...c, observedGeneration: generation });
  const out: Record<string, unknown> = { ...status, observedGeneration: generation, conditions: conditions.sort((a, b) => order(a.type) - order(b.type)) };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}


export class Reporter {
  writes = 0;

  constructor(
    private readonly status: StatusWriter,
    private readonly events: EventRecorder,
  ) {}

  async set(o: Obj, conds: Cond[], fields: Record<string, unknown> = {}, drop: ConditionType[] = []): Promise<void> {
    const gen = o.metadata.generation ?? 0;
    const current = (o.status ?? {}) as Record<string, unknown>;
    if (canonicalJson(nextStatus(current, gen, conds, fields, drop)) === canonicalJson(current)) return;
    this.writes++;
    await this.status.update({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? 'default', name: o.metadata.name }, (s, g) =>
      nextStatus(s, g, conds, fields, drop),
    );
  }

  event(o: Obj, type: EventKind, reason: string, message: string): Promise<void> {
    return this.events.record(o, type, reason, message);
  }
}
