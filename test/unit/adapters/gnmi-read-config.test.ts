import { describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import { GnmiDriver } from '../../../devices/drivers/gnmi-driver.js';
import { GnmiError, type GnmiClient, type Notification } from '../../../adapters/gnmi/client.js';
import { nodeAtPath, type YPath } from '../../../adapters/yang/tree.js';

// A gNMI client fake of our own interface: Get answers from a table of path → notifications,
// and, as the gNMI specification §3.3.4 says, NOT_FOUND for the whole Get when one path is missing.
const fakeClient = (answers: Record<string, Notification['updates']>, calls: string[][] = []) =>
  ({
    get: (paths: string[]) => {
      calls.push(paths);
      const missing = paths.find((p) => !answers[p]);
      if (missing) return Promise.reject(new GnmiError(grpc.status.NOT_FOUND, `${missing} not found`, 'Get'));
      return Promise.resolve(paths.map((p) => ({ timestamp: 0n, updates: answers[p]!, deletes: [] })));
    },
  }) as unknown as GnmiClient;

const BGP: YPath = [{ name: 'srl_nokia-network-instance:network-instance', keys: { name: 'default' } }, { name: 'protocols' }, { name: 'srl_nokia-bgp:bgp' }];
const ISIS: YPath = [{ name: 'nokia-conf:configure' }, { name: 'router', keys: { 'router-name': 'Base' } }, { name: 'isis' }];

describe('GnmiDriver.readConfig', () => {
  it('places each subtree at the asked path, module-qualified names kept', async () => {
    const bgp = { 'admin-state': 'enable', 'afi-safi': [{ 'afi-safi-name': 'srl_nokia-common:evpn', 'admin-state': 'enable' }] };
    const driver = new GnmiDriver(fakeClient({ '/network-instance[name=default]/protocols/bgp': [{ path: '/network-instance[name=default]/protocols/bgp', value: bgp }] }));
    const doc = await driver.readConfig([BGP]);
    expect(doc).toEqual({ 'srl_nokia-network-instance:network-instance': [{ name: 'default', protocols: { 'srl_nokia-bgp:bgp': bgp } }] });
    expect(nodeAtPath(doc, BGP)).toEqual(bgp);
  });

  it('takes a list answered one entry per update (keys from the device)', async () => {
    const driver = new GnmiDriver(
      fakeClient({
        '/configure/router[router-name=Base]/isis': [
          { path: '/configure/router[router-name=Base]/isis[isis-instance=0]', value: { 'isis-instance': 0, 'admin-state': 'enable' } },
          { path: '/configure/router[router-name=Base]/isis[isis-instance=1]/admin-state', value: 'disable' },
        ],
      }),
      'sros',
    );
    const doc = await driver.readConfig([ISIS]);
    expect(nodeAtPath(doc, [...ISIS.slice(0, 2), { name: 'isis', keys: { 'isis-instance': 0 } }])).toEqual({ 'isis-instance': 0, 'admin-state': 'enable' });
    expect(nodeAtPath(doc, [...ISIS.slice(0, 2), { name: 'isis', keys: { 'isis-instance': '1' } }, { name: 'admin-state' }])).toBe('disable');
  });

  it('reads every path in one Get when they all exist', async () => {
    const calls: string[][] = [];
    const vrf = { name: 'a', type: 'ip-vrf' };
    const driver = new GnmiDriver(
      fakeClient({ '/network-instance[name=default]/protocols/bgp': [{ path: '/network-instance[name=default]/protocols/bgp', value: { 'admin-state': 'enable' } }], '/network-instance[name=a]': [{ path: '/network-instance[name=a]', value: vrf }] }, calls),
    );
    const A: YPath = [{ name: 'network-instance', keys: { name: 'a' } }];
    const doc = await driver.readConfig([BGP, A, A]);
    expect(calls).toEqual([['/network-instance[name=default]/protocols/bgp', '/network-instance[name=a]']]);
    expect(nodeAtPath(doc, A)).toEqual(vrf);
    expect(nodeAtPath(doc, [...BGP, { name: 'admin-state' }])).toBe('enable');
  });

  it('when a path is missing, reads the lists the paths lie in in one Get, then each alone if one of those is missing too', async () => {
    const calls: string[][] = [];
    const FWD: YPath = [{ name: 'nokia-conf:configure' }, { name: 'fwd-path-ext' }];
    const driver = new GnmiDriver(
      fakeClient({ '/configure/router': [{ path: '/configure/router', value: [{ 'router-name': 'Base', isis: [{ 'isis-instance': 0, 'admin-state': 'enable' }] }] }] }, calls),
      'sros',
    );
    const doc = await driver.readConfig([ISIS, FWD]);
    expect(calls).toEqual([
      ['/configure/router[router-name=Base]/isis', '/configure/fwd-path-ext'],
      ['/configure/router', '/configure/fwd-path-ext'],
      ['/configure/router'],
      ['/configure/fwd-path-ext'],
    ]);
    expect(nodeAtPath(doc, [...ISIS.slice(0, 2), { name: 'isis', keys: { 'isis-instance': 0 } }, { name: 'admin-state' }])).toBe('enable');
    expect(nodeAtPath(doc, FWD)).toBeUndefined();
  });

  it('passes other errors on', async () => {
    const driver = new GnmiDriver({ get: () => Promise.reject(new GnmiError(grpc.status.UNAVAILABLE, 'down', 'Get')) } as unknown as GnmiClient);
    await expect(driver.readConfig([BGP])).rejects.toThrow('UNAVAILABLE');
  });
});
