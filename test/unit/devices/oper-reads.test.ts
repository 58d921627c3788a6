// The engine's operational-state read (issue 15): one state RPC per device per round for
// every request that asked, results on each device's outcome, never a failed commit for a
// state that could not be read.
import { describe, expect, it } from '@jest/globals';
import type { Fragment } from '../../../adapters/yang/tree.js';
import type { Obj } from '../../../apis/objects.js';
import type { DeviceConnections } from '../../../devices/connections.js';
import type { ServiceOper } from '../../../devices/drivers/oper.js';
import { TransactionEngine, type Mode, type Request } from '../../../devices/transactions.js';
import { FakeConnections, FakeDevice } from '../../support/fake-devices.js';

/** A fake that also answers readOperState: each vprn is down when its name is in `down`. */
class StatefulDevice extends FakeDevice {
  down = new Set<string>();
  failState?: Error;
  override async readOperState(groups: Fragment[][]): Promise<ServiceOper[][]> {
    this.log.push(`oper(${groups.length})`);
    if (this.failState) throw this.failState;
    return groups.map((g) =>
      g.flatMap((f) => f.updates).map((u) => {
        const name = String(u.path.at(-1)!.keys!['service-name']);
        return { kind: 'vprn', name, up: !this.down.has(name), members: [] };
      }),
    );
  }
}

const device = (name: string): Obj => ({ apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name, namespace: 'ns' }, spec: { protocol: 'netconf' } });
const vprn = (service: string): Fragment => ({
  updates: [{ path: [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vprn', keys: { 'service-name': service } }], value: { 'service-name': service }, replace: true }],
  deletes: [],
});
const req = (intent: string, parts: [Obj, Fragment[]][], mode: Mode = 'apply', operState = true): Request => ({ intent, mode, operState, parts: parts.map(([d, fragments]) => ({ device: d, fragments })) });

function setup(...devices: FakeDevice[]) {
  const conns = new FakeConnections().add(...devices);
  return new TransactionEngine(conns as unknown as DeviceConnections, { lingerMs: 2 });
}

describe('operational state after a round', () => {
  it('reads it once per device for every request of the round, after the commit, and puts it on each device', async () => {
    const d1 = new StatefulDevice('pe1');
    const d2 = new StatefulDevice('pe2');
    d2.down.add('B');
    const engine = setup(d1, d2);
    const [pe1, pe2] = [device('pe1'), device('pe2')];
    const [a, b] = await Promise.all([engine.submit(req('vrf/a', [[pe1, [vprn('A')]], [pe2, [vprn('A')]]])), engine.submit(req('vrf/b', [[pe1, [vprn('B')]], [pe2, [vprn('B')]]]))]);
    expect(d1.log).toEqual(['observe(2)', 'prepare', 'commit', 'confirm', 'oper(2)']);
    expect(d2.log).toEqual(['observe(2)', 'prepare', 'commit', 'confirm', 'oper(2)']);
    expect(engine.operReads).toBe(2);
    expect(a!.ok).toBe(true);
    expect(a!.devices.map((d) => d.oper)).toEqual([[{ kind: 'vprn', name: 'A', up: true, members: [] }], [{ kind: 'vprn', name: 'A', up: true, members: [] }]]);
    expect(b!.devices.find((d) => d.device === 'pe2')!.oper).toEqual([{ kind: 'vprn', name: 'B', up: false, members: [] }]);
  });

  it('reads it on a resync that writes nothing, and not for observe-only requests or requests that did not ask', async () => {
    const d1 = new StatefulDevice('pe1');
    const engine = setup(d1);
    const pe1 = device('pe1');
    await engine.submit(req('vrf/a', [[pe1, [vprn('A')]]]));
    d1.log = [];
    const again = await engine.submit(req('vrf/a', [[pe1, [vprn('A')]]]));
    expect(d1.log).toEqual(['observe(1)', 'oper(1)']);
    expect(again.devices[0]).toMatchObject({ written: false, upToDate: true, oper: [{ name: 'A', up: true }] });
    d1.log = [];
    await engine.submit(req('vrf/a', [[pe1, [vprn('A')]]], 'observe'));
    await engine.submit(req('enc/x', [[pe1, [vprn('A')]]], 'apply', false));
    expect(d1.log).toEqual(['observe(1)', 'observe(1)']);
  });

  it('keeps a commit that went through when the state cannot be read, and says why', async () => {
    const d1 = new StatefulDevice('pe1');
    d1.failState = new Error('state read refused');
    const out = await setup(d1).submit(req('vrf/a', [[device('pe1'), [vprn('A')]]]));
    expect(out.ok).toBe(true);
    expect(out.devices[0]).toMatchObject({ written: true, state: 'Synced', operError: expect.stringContaining('state read refused') });
    expect(out.devices[0]!.oper).toBeUndefined();
  });
});
