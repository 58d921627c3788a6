// The DeviceTransaction CRD: a record kind (a status only for repeats, its own columns, immutable spec), and
// in the generated CRD files.
import { describe, expect, it } from '@jest/globals';
import { allCrds, recordCrdFor } from '../../apis/crd.js';
import { DeviceTransaction, KINDS } from '../../apis/index.js';

describe('DeviceTransaction CRD', () => {
  const crd = recordCrdFor(DeviceTransaction) as any;
  const v = crd.spec.versions[0];

  it('has a status only for repeated failures, and prints Time, Outcome, Devices, Intents, RequestedBy, then Age', () => {
    expect(v.subresources).toEqual({ status: {} });
    expect(Object.keys(v.schema.openAPIV3Schema.properties.status.properties).sort()).toEqual(['lastTime', 'lastTransaction', 'repeats']);
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
