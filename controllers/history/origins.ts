// What the history needs of an intent when it is submitted: who asked (managedFields) and the
// spec that was on the devices before, so that `netintent revert` can put it back. The
// previous spec is the last one this process saw committed (or found synced when it
// started); a change made while no controller ran has none, and its record says so.
import { condition, objKey, type Obj } from '../../apis/objects.js';
import type { IntentOrigin } from '../../devices/history.js';
import { requestedBy, type ManagedFieldsEntry } from './requested-by.js';

type Spec = Record<string, unknown>;

export class Origins {
  /** Intent key → the generation and spec its devices were last seen to hold (the informer's spec objects, not copies). */
  private readonly applied = new Map<string, { generation: number; spec: Spec }>();

  /** An object as a reconcile finds it: a spec synced for its generation is what the devices hold. */
  seen(o: Obj) {
    const c = condition(o, 'Synced');
    const generation = o.metadata.generation ?? 0;
    if (c?.status === 'True' && c.observedGeneration === generation && o.status?.observedGeneration === generation && o.spec) this.keep(objKey(o), generation, o.spec);
  }

  /** The devices hold `o`'s spec now. */
  committed(o: Obj) {
    if (o.spec) this.keep(objKey(o), o.metadata.generation ?? 0, o.spec);
  }

  forget(key: string) {
    this.applied.delete(key);
  }

  private keep(key: string, generation: number, spec: Spec) {
    const had = this.applied.get(key);
    if (!had || had.generation <= generation) this.applied.set(key, { generation, spec });
  }

  origin(o: Obj, cause: IntentOrigin['cause']): IntentOrigin {
    const generation = o.metadata.generation ?? 0;
    const before = this.applied.get(objKey(o));
    const by = cause === 'Change' ? requestedBy((o.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields) : undefined;
    return {
      apiVersion: o.apiVersion,
      kind: o.kind,
      namespace: o.metadata.namespace ?? 'default',
      name: o.metadata.name,
      ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
      generation,
      cause,
      ...(by ? { requestedBy: by } : {}),
      ...(cause === 'Change' && before && before.generation < generation ? { previous: before } : {}),
    };
  }
}
