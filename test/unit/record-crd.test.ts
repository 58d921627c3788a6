// The DeviceTransaction CRD: a record kind (no status, its own columns, immutable spec), and
// in the generated CRD files.
import { describe, expect, it } from '@jest/globals';
import { allCrds, recordCrdFor } from '../../apis/crd.js';
import { DeviceTransaction, KINDS } from '../../apis/index.js';

describe('DeviceTransaction CRD', () => {
  const crd = recordCrdFor(DeviceTransaction) as any;
  const v = crd.spec.versions[0];

  it('has no status subresource and prints Time, Outcome, Devices, Intents, RequestedBy, then Age', () => {
    expect(v.subresources).toBeUndefined();
    expect(v.schema.openAPIV3Schema.properties.status).toBeUndefined();
    expect(v.additionalPrinterColumns.filter((c: { priority?: number }) => !c.priority).map((c: { name: string }) => c.name)).toEqual(['Time', 'Outcome', 'Devices', 'Intents', 'RequestedBy', 'Age']);
    expect(crd.spec.names.categories).toEqual(['netintent-history']);
  });

  it('makes the spec immutable with CEL', () => {
    expect(v.schema.openAPIV3Schema.properties.spec['x-kubernetes-validations']).toEqual([{ rule: 'self == oldSelf', message: expect.stringContaining('cannot change') }]);
  });

  it('is served with the intents', () => {
    expect(allCrds().map((c) => (c.metadata as { name: string }).name)).toEqual([...KINDS.map((k) => `${k.plural}.${k.group}`), 'devicetransactions.netintent.dev']);
  });
});
