import { describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import { GnmiDriver } from '../../../devices/drivers/gnmi-driver.js';
import { GnmiError, type GnmiClient, type Notification } from '../../../adapters/gnmi/client.js';
import { nodeAtPath, type YPath } from '../../../adapters/yang/tree.js';

// A gNMI client fake of our own interface: Get answers from a table of path → notifications.
const fakeClient = (answers: Record<string, Notification['updates']>) =>
  ({
    get: (paths: string[]) => {
      const updates = answers[paths[0]!];
      if (!updates) return Promise.reject(new GnmiError(grpc.status.NOT_FOUND, `${paths[0]} not found`, 'Get'));
      return Promise.resolve([{ timestamp: 0n, updates, deletes: [] }]);
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

  it('takes a list answered one entry per update (keys from the device) and leaves absent paths out', async () => {
    const driver = new GnmiDriver(
      fakeClient({
        '/configure/router[router-name=Base]/isis': [
          { path: '/configure/router[router-name=Base]/isis[isis-instance=0]', value: { 'isis-instance': 0, 'admin-state': 'enable' } },
          { path: '/configure/router[router-name=Base]/isis[isis-instance=1]/admin-state', value: 'disable' },
        ],
      }),
      'sros',
    );
    const doc = await driver.readConfig([ISIS, [{ name: 'nokia-conf:configure' }, { name: 'fwd-path-ext' }]]);
    expect(nodeAtPath(doc, [...ISIS.slice(0, 2), { name: 'isis', keys: { 'isis-instance': 0 } }])).toEqual({ 'isis-instance': 0, 'admin-state': 'enable' });
    expect(nodeAtPath(doc, [...ISIS.slice(0, 2), { name: 'isis', keys: { 'isis-instance': '1' } }, { name: 'admin-state' }])).toBe('disable');
    expect(nodeAtPath(doc, [{ name: 'configure' }, { name: 'fwd-path-ext' }])).toBeUndefined();
  });

  it('passes other errors on', async () => {
    const driver = new GnmiDriver({ get: () => Promise.reject(new GnmiError(grpc.status.UNAVAILABLE, 'down', 'Get')) } as unknown as GnmiClient);
    await expect(driver.readConfig([BGP])).rejects.toThrow('UNAVAILABLE');
  });
});
