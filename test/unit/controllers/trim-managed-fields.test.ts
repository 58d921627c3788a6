import type { KubernetesObject } from '@kubernetes/client-node';
import { trimManagedFields } from '../../../controllers/runtime/informer.js';

describe('trimManagedFields', () => {
  it('keeps who changed which top-level field, and drops the field sets below', () => {
    const obj = {
      metadata: {
        name: 'blue',
        managedFields: [
          { manager: 'kubectl', operation: 'Apply', time: '2026-12-02T10:00:00Z', fieldsV1: { 'f:spec': { 'f:description': {}, 'f:endpoints': {} }, 'f:metadata': { 'f:labels': { 'f:a': {} } } } },
          { manager: 'netintent', operation: 'Update', subresource: 'status', time: '2026-12-02T10:00:01Z', fieldsV1: { 'f:status': { 'f:conditions': {} } } },
          { manager: 'other', operation: 'Update' },
        ],
      },
      spec: { description: 'x' },
    };
    // As the watch delivers it: JSON, times as strings.
    const same = trimManagedFields(obj as unknown as KubernetesObject);
    expect(same).toBe(obj as unknown); // in place: the informer's cache holds this very object
    expect(obj.metadata.managedFields).toEqual([
      { manager: 'kubectl', operation: 'Apply', time: '2026-12-02T10:00:00Z', fieldsV1: { 'f:spec': {}, 'f:metadata': {} } },
      { manager: 'netintent', operation: 'Update', subresource: 'status', time: '2026-12-02T10:00:01Z', fieldsV1: { 'f:status': {} } },
      { manager: 'other', operation: 'Update' },
    ]);
    expect(obj.spec).toEqual({ description: 'x' });
  });
});
