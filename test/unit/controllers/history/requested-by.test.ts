// "Who asked" from managedFields, on the API server's full form and on the informer's
// trimmed copy (top-level field keys only).
import { describe, expect, it } from '@jest/globals';
import { gitOpsOwners, requestedBy, type ManagedFieldsEntry } from '../../../../controllers/history/requested-by.js';

const full: ManagedFieldsEntry[] = [
  { manager: 'kubectl-client-side-apply', operation: 'Update', time: '2026-01-01T10:00:00Z', fieldsV1: { 'f:metadata': { 'f:annotations': {} }, 'f:spec': { 'f:endpoints': {}, 'f:name': {} } } },
  { manager: 'netintent-controller', operation: 'Update', time: '2026-01-01T10:05:00Z', fieldsV1: { 'f:metadata': { 'f:finalizers': {} } } },
  { manager: 'Go-http-client', operation: 'Update', subresource: 'status', time: '2026-01-01T10:06:00Z', fieldsV1: { 'f:status': { 'f:conditions': {} } } },
  { manager: 'noc-alice', operation: 'Apply', time: '2026-01-01T11:00:00Z', fieldsV1: { 'f:spec': { 'f:endpoints': {} } } },
  { manager: 'labeller', operation: 'Update', time: '2026-01-01T12:00:00Z', fieldsV1: { 'f:metadata': { 'f:labels': {} } } },
];
/** What the informer keeps: manager, operation, time, subresource and the top-level keys. */
const trimmed = full.map((e) => ({ ...e, fieldsV1: Object.fromEntries(Object.keys(e.fieldsV1!).map((k) => [k, {}])) }));

describe('requestedBy', () => {
  it.each([['full', full], ['trimmed', trimmed]])('names the latest spec writer on the %s managedFields', (_form, mf) => {
    expect(requestedBy(mf)).toBe('noc-alice');
  });

  it.each([['full', full], ['trimmed', trimmed]])('ignores status writes, metadata-only writes and netintent itself (%s)', (_form, mf) => {
    const later = [...mf, { manager: 'netintent-controller', operation: 'Update', time: '2026-01-02T00:00:00Z', fieldsV1: { 'f:spec': {} } }];
    expect(requestedBy(later)).toBe('noc-alice');
    expect(requestedBy(mf.filter((e) => e.manager !== 'noc-alice'))).toBe('kubectl-client-side-apply');
    expect(requestedBy(mf.filter((e) => !e.fieldsV1 || !('f:spec' in e.fieldsV1)))).toBeUndefined();
  });

  it('takes Date times (as the client library parses them) and the later entry on a tie', () => {
    const t = new Date('2026-01-01T00:00:00Z');
    expect(requestedBy([{ manager: 'a', operation: 'Update', time: t, fieldsV1: { 'f:spec': {} } }, { manager: 'b', operation: 'Apply', time: t, fieldsV1: { 'f:spec': {} } }])).toBe('b');
    expect(requestedBy(undefined)).toBeUndefined();
  });

  it('finds GitOps owners of the spec', () => {
    expect(gitOpsOwners([...full, { manager: 'argocd-controller', operation: 'Apply', fieldsV1: { 'f:spec': {} } }, { manager: 'kustomize-controller', operation: 'Apply', fieldsV1: { 'f:metadata': {} } }])).toEqual(['argocd-controller']);
    expect(gitOpsOwners(full)).toEqual([]);
  });
});
