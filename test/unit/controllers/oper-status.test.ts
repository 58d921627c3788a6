import { describe, expect, it } from '@jest/globals';
import { describeDown, operVerdict } from '../../../controllers/oper-status.js';
import type { DeviceResult } from '../../../devices/transactions.js';

const result = (device: string, extra: Partial<DeviceResult>): DeviceResult => ({ device, diff: '', upToDate: true, written: false, state: 'Synced', ...extra });

describe('OperDown from the routers’ state', () => {
  it("names what is down in the router's own words", () => {
    const s = { kind: 'vprn', name: 'blue', up: true, members: [{ kind: 'interface' as const, name: 'if-1', up: false, reason: 'port-down' }, { kind: 'sap' as const, name: '1/1/c1/1:100', up: false, reason: 'port-oper-down' }, { kind: 'sap' as const, name: '1/1/c2/1:7', up: true }] };
    expect(describeDown(s, 'pe1')).toBe('vprn blue on pe1: oper-state up (interface if-1 down: port-down; sap 1/1/c1/1:100 down: port-oper-down)');
    const sids = [{ function: 'end-dt46', sid: 'fc00:0:1:149::', status: 'locator-admin-down' }];
    expect(describeDown({ kind: 'vprn', name: 'blue', up: true, members: [], sids }, 'pe1')).toBe('vprn blue on pe1: oper-state up (end-dt46 SID fc00:0:1:149::: locator-admin-down)');
    expect(describeDown({ kind: 'network-instance', name: 'g', up: false, reason: 'oper-state down', members: [] }, 'leaf1')).toBe('network-instance g on leaf1: oper-state down');
  });

  it('is down when any device has a service or member down; up otherwise; nothing when nothing was read', () => {
    const up = { kind: 'vpls', name: 'g', up: true, members: [] };
    const down = { kind: 'vpls', name: 'g', up: false, reason: 'oper-state down', members: [] };
    expect(operVerdict([result('pe1', { oper: [up] }), result('pe2', { oper: [down] })])).toEqual({ down: true, message: 'vpls g on pe2: oper-state down' });
    expect(operVerdict([result('pe1', { oper: [up] }), result('pe2', { oper: [up] })])).toEqual({ down: false, message: 'the routers report 2 service(s) up' });
    expect(operVerdict([result('pe1', { oper: [up] }), result('pe2', { operError: 'timeout' })])).toEqual({ down: false, message: 'the routers report 1 service(s) up; operational state not read on pe2 (timeout)' });
    expect(operVerdict([result('pe1', {})])).toBeUndefined();
    expect(operVerdict([result('pe1', { oper: [] })])).toBeUndefined();
  });
});
