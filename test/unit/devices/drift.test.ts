// DriftWatcher (devices/drift.ts) on fakes of our own interfaces: NETCONF devices are
// watched too, changes re-queue only the intents whose paths they touch, and a failing
// subscription is retried with backoff, reported once, and followed by a catch-up.
import { describe, expect, it } from '@jest/globals';
import { DriftWatcher } from '../../../devices/drift.js';
import type { DeviceConnections } from '../../../devices/connections.js';
import type { Obj } from '../../../apis/objects.js';
import type { Part } from '../../../devices/transactions.js';

const device = (name: string, protocol: 'netconf' | 'gnmi') => ({ apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name, namespace: 'ns' }, spec: { protocol } }) as unknown as Obj;
const part = (d: Obj, ...paths: [string, Record<string, string>?][]) =>
  ({ device: d, fragments: [{ updates: paths.map(([name, keys]) => ({ path: [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name, ...(keys ? { keys } : {}) }], value: {} })), deletes: [] }] }) as unknown as Part;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class FakeDriver {
  watches: { paths: string[]; onChange: (c: string[]) => void; end: (e?: Error) => void; cancelled: boolean }[] = [];
  failNext = 0;
  watch(paths: string[], onChange: (c: string[]) => void) {
    let end!: (e?: Error) => void;
    const done = new Promise<void>((res, rej) => (end = (e) => (e ? rej(e) : res())));
    const w = { paths, onChange, end, cancelled: false };
    this.watches.push(w);
    const synced = this.failNext > 0 ? (this.failNext--, Promise.reject(new Error('create-subscription refused'))) : Promise.resolve();
    synced.catch((e: Error) => end(e));
    return { synced, done, cancel: () => ((w.cancelled = true), end()) };
  }
  live() {
    return this.watches.filter((w) => !w.cancelled).at(-1)!;
  }
}

function setup(driver: FakeDriver) {
  const conns = { get: async () => ({ driver }) } as unknown as DeviceConnections;
  const queued: string[] = [];
  const errors: string[] = [];
  const watcher = new DriftWatcher(conns, (k) => queued.push(k), (d, e) => errors.push(`${d}: ${String(e)}`), { retryMs: 20, maxRetryMs: 80 });
  return { watcher, queued, errors };
}

describe('DriftWatcher', () => {
  it('watches a NETCONF device and re-queues only the intents whose paths a change touches', async () => {
    const driver = new FakeDriver();
    const { watcher, queued } = setup(driver);
    const pe1 = device('pe1', 'netconf');
    watcher.track('ns/blue', [part(pe1, ['vprn', { 'service-name': 'blue' }])]);
    watcher.track('ns/red', [part(pe1, ['vprn', { 'service-name': 'red' }])]);
    await sleep(10);
    const w = driver.live();
    expect(w.paths).toEqual(['/configure/service/vprn[service-name=blue]', '/configure/service/vprn[service-name=red]']);
    w.onChange(['/configure/service/vprn[service-name=blue]/description']);
    expect(queued).toEqual(['ns/blue']);
    w.onChange(['/']); // a notification that names no node
    expect(queued.sort()).toEqual(['ns/blue', 'ns/blue', 'ns/red']);
    watcher.stop();
  });

  it('subscribes a gNMI device to its top-level nodes, and wakes only the intent whose network-instance changed', async () => {
    const driver = new FakeDriver();
    const { watcher, queued } = setup(driver);
    const leaf = device('leaf1', 'gnmi');
    const ni = (name: string) => ({ device: leaf, fragments: [{ updates: [{ path: [{ name: 'srl_nokia-network-instance:network-instance', keys: { name } }], value: {} }], deletes: [] }] }) as unknown as Part;
    watcher.track('ns/blue', [ni('blue')]);
    watcher.track('ns/red', [ni('red')]);
    await sleep(10);
    const w = driver.live();
    expect(w.paths).toEqual(['/network-instance']);
    // SR Linux names the changed leaf, module-qualified.
    w.onChange(['/srl_nokia-network-instance:network-instance[name=red]/admin-state']);
    expect(queued).toEqual(['ns/red']);
    w.onChange(['/network-instance']); // the whole list
    expect(queued.sort()).toEqual(['ns/blue', 'ns/red', 'ns/red']);
    watcher.stop();
  });

  it('tells apart two services on one SR Linux port: a changed subinterface wakes only its owner', async () => {
    const driver = new FakeDriver();
    const { watcher, queued } = setup(driver);
    const leaf = { ...device('leaf1', 'gnmi'), spec: { protocol: 'gnmi', platform: 'srlinux' } } as unknown as Obj;
    // As the renderer writes it: the port's interface (a shared parent) holding the service's subinterface.
    const sub = (index: number) =>
      ({ device: leaf, fragments: [{ updates: [{ path: [{ name: 'srl_nokia-interfaces:interface', keys: { name: 'ethernet-1/1' } }], value: { name: 'ethernet-1/1', subinterface: [{ index, type: 'routed' }] } }], deletes: [] }] }) as unknown as Part;
    watcher.track('ns/a', [sub(10)]);
    watcher.track('ns/b', [sub(11)]);
    await sleep(10);
    const w = driver.live();
    expect(w.paths).toEqual(['/interface']);
    w.onChange(['/interface[name=ethernet-1/1]/subinterface[index=11]/type']);
    expect(queued).toEqual(['ns/b']);
    w.onChange(['/interface[name=ethernet-1/1]/subinterface[index=10]/description']); // added under a's entry
    expect(queued).toEqual(['ns/b', 'ns/a']);
    w.onChange(['/interface[name=ethernet-1/1]/subinterface[index=12]/type', '/system/name/host-name']); // another service's, and elsewhere
    expect(queued).toEqual(['ns/b', 'ns/a']);
    watcher.stop();
  });

  it('wakes the owner of a replaced subtree for a node added anywhere under it', async () => {
    const driver = new FakeDriver();
    const { watcher, queued } = setup(driver);
    const leaf = { ...device('leaf1', 'gnmi'), spec: { protocol: 'gnmi', platform: 'srlinux' } } as unknown as Obj;
    const enc = { device: leaf, fragments: [{ updates: [{ path: [{ name: 'srl_nokia-system:system' }, { name: 'banner' }], value: { 'login-banner': 'hi' }, replace: true }], deletes: [] }] } as unknown as Part;
    watcher.track('ns/banner', [enc]);
    await sleep(10);
    driver.live().onChange(['/system/banner/motd-banner']);
    expect(queued).toEqual(['ns/banner']);
    driver.live().onChange(['/system/name/host-name']);
    expect(queued).toEqual(['ns/banner']);
    watcher.stop();
  });

  it('retries a failing subscription with backoff, reports it once, and catches up when it is back', async () => {
    const driver = new FakeDriver();
    driver.failNext = 3;
    const { watcher, queued, errors } = setup(driver);
    watcher.track('ns/blue', [part(device('pe1', 'netconf'), ['vprn', { 'service-name': 'blue' }])]);
    // 20 + 40 + 80 ms of backoff, then the fourth attempt syncs.
    for (let i = 0; i < 100 && driver.watches.length < 4; i++) await sleep(10);
    await sleep(10);
    expect(driver.watches).toHaveLength(4);
    expect(errors).toEqual(['NetworkDevice/ns/pe1: Error: create-subscription refused']);
    expect(queued).toEqual(['ns/blue']); // the catch-up: changes during the outage went unseen
    // The session drops later: reported again (a new outage), and resubscribed.
    driver.live().end(new Error('NETCONF session closed by the server'));
    for (let i = 0; i < 50 && driver.watches.length < 5; i++) await sleep(10);
    expect(driver.watches).toHaveLength(5);
    expect(errors).toHaveLength(2);
    watcher.stop();
  });

  it('drops the watch when no intent is left on the device', async () => {
    const driver = new FakeDriver();
    const { watcher } = setup(driver);
    watcher.track('ns/blue', [part(device('pe1', 'netconf'), ['vprn', { 'service-name': 'blue' }])]);
    await sleep(10);
    watcher.untrack('ns/blue');
    expect(driver.watches[0]!.cancelled).toBe(true);
    await sleep(50);
    expect(driver.watches).toHaveLength(1);
    watcher.stop();
  });
});
