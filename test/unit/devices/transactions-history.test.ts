// The engine hands the transaction history one record per device transaction: never for a
// round that found the devices matching, and with the outcome and error of a failed one.
import { describe, expect, it } from '@jest/globals';
import { pathString, type Fragment } from '../../../adapters/yang/tree.js';
import type { DeviceConnections } from '../../../devices/connections.js';
import type { Obj } from '../../../apis/objects.js';
import type { IntentOrigin, TransactionRecord } from '../../../devices/history.js';
import { TransactionEngine } from '../../../devices/transactions.js';
import { FakeConnections, FakeDevice, rpcError } from '../../support/fake-devices.js';

const device = (name: string): Obj => ({ apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name, namespace: 'ns' }, spec: { protocol: 'netconf' } });
const vprnPath = (s: string) => [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vprn', keys: { 'service-name': s } }];
const vprn = (s: string): Fragment => ({ updates: [{ path: vprnPath(s), value: { 'service-name': s, 'admin-state': 'enable' }, replace: true }], deletes: [] });
const origin = (name: string): IntentOrigin => ({ apiVersion: 'netintent.dev/v1alpha1', kind: 'VRF', namespace: 'ns', name, generation: 2, cause: 'Change', requestedBy: 'alice' });

function setup(devices: FakeDevice[]) {
  const records: TransactionRecord[] = [];
  const engine = new TransactionEngine(new FakeConnections().add(...devices) as unknown as DeviceConnections, { lingerMs: 2, onRecord: (r) => records.push(r) });
  return { engine, records };
}

describe('TransactionEngine history records', () => {
  it('records a committed transaction with its intents, origins and per-device diffs, and nothing for a round that changes nothing', async () => {
    const { engine, records } = setup([new FakeDevice('pe1'), new FakeDevice('pe2')]);
    const submit = (name: string) => engine.submit({ intent: `VRF/ns/${name}`, mode: 'apply', origin: origin(name), parts: [{ device: device('pe1'), fragments: [vprn(name)] }, { device: device('pe2'), fragments: [vprn(name)] }] });
    const [a, b] = await Promise.all([submit('a'), submit('b')]);
    expect(a!.ok && b!.ok).toBe(true);
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(r).toMatchObject({ id: a!.transaction, outcome: 'Committed' });
    expect(r.intents.map((i) => i.key).sort()).toEqual(['VRF/ns/a', 'VRF/ns/b']);
    expect(r.intents[0]!.origin).toMatchObject({ requestedBy: 'alice', generation: 2 });
    expect(r.devices.map((d) => [d.name, d.state])).toEqual([['pe1', 'Synced'], ['pe2', 'Synced']]);
    expect(r.devices[0]!.diff).toContain('# VRF/ns/a');
    expect(r.devices[0]!.diff).toContain('# VRF/ns/b');
    // The same again: the devices match, no transaction, no record.
    await Promise.all([submit('a'), submit('b')]);
    expect(records).toHaveLength(1);
  });

  it('records a rejected transaction as RolledBack (or Failed when nothing was activated) with the error', async () => {
    const { engine, records } = setup([new FakeDevice('pe1'), new FakeDevice('pe2', { commitError: rpcError('commit', 'invalid route-distinguisher') })]);
    const o = await engine.submit({ intent: 'VRF/ns/a', mode: 'apply', origin: origin('a'), parts: [{ device: device('pe1'), fragments: [vprn('a')] }, { device: device('pe2'), fragments: [vprn('a')] }] });
    expect(o.ok).toBe(false);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'RolledBack', error: { device: 'pe2', reason: 'CommitRejected' } });
    expect(records[0]!.error!.message).toContain('invalid route-distinguisher');

    const p = setup([new FakeDevice('pe1', { rejectPath: pathString(vprnPath('b')) })]);
    const bad = await p.engine.submit({ intent: 'VRF/ns/b', mode: 'apply', parts: [{ device: device('pe1'), fragments: [vprn('b')] }] });
    expect(bad.ok).toBe(false);
    expect(p.records.map((r) => [r.outcome, r.devices[0]!.state])).toEqual([['Failed', 'Unchanged']]);
  });

  it('never fails a transaction because the history throws', async () => {
    const engine = new TransactionEngine(new FakeConnections().add(new FakeDevice('pe1')) as unknown as DeviceConnections, {
      lingerMs: 2,
      onRecord: () => {
        throw new Error('history is broken');
      },
    });
    const o = await engine.submit({ intent: 'VRF/ns/a', mode: 'apply', parts: [{ device: device('pe1'), fragments: [vprn('a')] }] });
    expect(o.ok).toBe(true);
  });
});
