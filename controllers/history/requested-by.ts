// Who asked for a spec change, from the object's managedFields: the most recent Update or
// Apply of the spec (not of status), by anyone but netintent's own controller. Works on the
// full managedFields and on the informer's trimmed copy, which keeps only the top-level
// field keys (fieldsV1 {"f:spec": {}}).

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string | Date;
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
}

/** The field manager netintent's controller writes with (status, finalizers): never "who asked". */
export const CONTROLLER_FIELD_MANAGER = 'netintent-controller';
/** The field manager of `netintent revert`. */
export const REVERT_FIELD_MANAGER = 'netintent-revert';

const epoch = (t: string | Date | undefined) => (t === undefined ? -Infinity : new Date(t).getTime() || -Infinity);

export function requestedBy(managedFields: readonly ManagedFieldsEntry[] | undefined, own = CONTROLLER_FIELD_MANAGER): string | undefined {
  let best: { manager: string; at: number } | undefined;
  for (const e of managedFields ?? []) {
    if (!e.manager || e.manager === own) continue;
    if (e.operation !== 'Update' && e.operation !== 'Apply') continue;
    if (e.subresource && e.subresource !== '') continue; // status (or scale): not the spec
    if (!e.fieldsV1 || !('f:spec' in e.fieldsV1)) continue;
    const at = epoch(e.time);
    if (!best || at >= best.at) best = { manager: e.manager, at }; // ties: the later entry
  }
  return best?.manager;
}

/** GitOps tools that re-sync an object they own (Argo CD, Flux's kustomize- and helm-controller). */
const GITOPS = /argocd|kustomize-controller|helm-controller|flux|gotk-/i;

/** The GitOps managers that own part of the spec: they will put their version back after a revert. */
export function gitOpsOwners(managedFields: readonly ManagedFieldsEntry[] | undefined): string[] {
  return [...new Set((managedFields ?? []).filter((e) => e.manager && GITOPS.test(e.manager) && e.fieldsV1 && 'f:spec' in e.fieldsV1).map((e) => e.manager!))];
}
