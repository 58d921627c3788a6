// RFC 5277 notifications between our NETCONF client (session, NetconfDriver.watch) and our SR OS
// simulator: nothing is sent until a log directs change events to NETCONF, as on the router;
// then every change of running (another session's commit, an out-of-band change, a
// confirmed-commit rollback) reaches the subscribers, naming who changed what.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { NetconfDriver } from '../../devices/drivers/netconf-driver.js';
import { RpcError } from '../../adapters/netconf/messages.js';
import { NOTIFICATION_CAP, type Notification } from '../../adapters/netconf/notifications.js';
import { NetconfSession } from '../../adapters/netconf/session.js';
import { projectRoot } from '../../adapters/paths.js';
import { SrosSimulator } from '../../lab/sim/sros/server.js';

const NS = 'urn:nokia.com:sros:ns:yang:sr:conf';
let bare: SrosSimulator; // the SR-1 platform base only: no log to NETCONF
let lab: SrosSimulator; // the lab's pe1 startup config, which has the change log
const open: NetconfSession[] = [];
const connect = async (sim: SrosSimulator) => {
  const s = await NetconfSession.connect({ host: '127.0.0.1', port: sim.port, username: 'admin', password: 'secret', hostKeyFingerprint: sim.hostKeyFingerprint, timeoutMs: 10_000 });
  open.push(s);
  return s;
};
const customer = (name: string, id: number) =>
  `<configure xmlns="${NS}"><service><customer><customer-name>${name}</customer-name><customer-id>${id}</customer-id></customer></service></configure>`;
const changeLog = `<configure xmlns="${NS}"><log><log-id><name>61</name><netconf-stream>NETCONF</netconf-stream><source><change>true</change></source><destination><netconf/></destination></log-id></log></configure>`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const commit = async (s: NetconfSession, xml: string, confirmTimeout?: number) => {
  await s.editConfig(xml);
  await s.commit(confirmTimeout ? { confirmed: true, confirmTimeout } : {});
};
const collect = (s: NetconfSession) => {
  const got: Notification[] = [];
  s.onNotification((n) => got.push(n));
  return got;
};
const waitFor = async <T>(what: string, f: () => T | undefined, ms = 5000): Promise<T> => {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(20)) {
    const v = f();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
};

beforeAll(async () => {
  bare = await SrosSimulator.start({ username: 'admin', password: 'secret' });
  lab = await SrosSimulator.start({ username: 'admin', password: 'secret', startupConfig: { file: join(projectRoot(), 'lab', 'topologies', 'configs', 'pe1.partial.cfg') } });
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(async () => {
  await bare?.close();
  await lab?.close();
});

describe('SR OS simulator notifications × our client', () => {
  it('advertises :notification and :interleave, and sends nothing until a log directs change events to NETCONF', async () => {
    const sub = await connect(bare);
    expect(sub.has(NOTIFICATION_CAP.notification) && sub.has(NOTIFICATION_CAP.interleave)).toBe(true);
    const got = collect(sub);
    await sub.createSubscription();
    const other = await connect(bare);
    await commit(other, customer('quiet', 901));
    await sleep(500);
    expect(got).toEqual([]);
    // The log arrives by a commit like any other config; from then on changes are sent.
    await commit(other, changeLog);
    await commit(other, customer('loud', 902));
    const n = await waitFor('a notification', () => got.find((x) => x.paths?.some((p) => p.includes('loud'))));
    expect(n).toMatchObject({ event: 'netconf-config-change', configChange: true, changedBy: { username: 'admin', sessionId: other.sessionId } });
    expect(n.paths).toEqual(['/configure/service/customer[customer-name=loud]']);
    // Interleave: RPCs go on on the subscribed session.
    expect(await sub.getConfig('running', `<configure xmlns="${NS}"><service><customer><customer-name>loud</customer-name></customer></service></configure>`)).toContain('902');
  });

  it('refuses a second subscription on a session, a filter, and a stream no log feeds', async () => {
    const s = await connect(lab);
    await s.createSubscription();
    await expect(s.createSubscription()).rejects.toThrow(/already subscribed/);
    const t = await connect(lab);
    const e = await t.createSubscription('nosuchstream').then(() => undefined, (x: unknown) => x as RpcError);
    expect(e).toBeInstanceOf(RpcError);
    expect(e!.errors[0]).toMatchObject({ tag: 'invalid-value' });
    const f = await t.rpc('create-subscription', { '@_xmlns': 'urn:ietf:params:xml:ns:netconf:notification:1.0', filter: { '@_type': 'subtree' } }).then(() => undefined, (x: unknown) => x as RpcError);
    expect(f!.errors[0]).toMatchObject({ tag: 'operation-not-supported' });
  });

  it('sends out-of-band changes (session-id 0) and confirmed-commit rollbacks (by the server)', async () => {
    const sub = await connect(lab);
    const got = collect(sub);
    await sub.createSubscription();
    lab.setRunning(lab.runningXml().replace('<name>pe1</name>', '<name>pe1-hand-edit</name>'));
    const oob = await waitFor('the out-of-band change', () => got.find((x) => x.paths?.includes('/configure/system/name')));
    expect(oob.changedBy).toEqual({ username: 'admin', sessionId: 0 });
    const other = await connect(lab);
    await commit(other, customer('rollback', 903), 1);
    await waitFor('the rollback', () => got.find((x) => x.changedBy && 'server' in x.changedBy));
    // pe1's startup config has no services: the rollback removes the whole <service> it had added.
    expect(got.find((x) => x.changedBy && 'server' in x.changedBy)!.paths).toEqual(['/configure/service']);
  });

  it('NetconfDriver.watch: changes of other sessions under the watched paths, not its own commits', async () => {
    const session = await connect(lab);
    const driver = new NetconfDriver(session);
    const seen: string[][] = [];
    const w = driver.watch(['/configure/service/customer[customer-name=mine]'], (c) => seen.push(c));
    await w.synced;
    // A second watcher shares the session's one subscription.
    const all: string[][] = [];
    const w2 = driver.watch(['/'], (c) => all.push(c));
    await w2.synced;
    await commit(session, customer('mine', 904)); // our own commit: not drift
    const other = await connect(lab);
    await commit(other, customer('theirs', 905)); // outside the watched path
    await waitFor('the other session\'s change', () => (all.length ? true : undefined));
    expect(seen).toEqual([]);
    await commit(other, customer('mine', 906).replace('<customer-id>906</customer-id>', '<description>hand edit</description>'));
    await waitFor('the change under the watched path', () => (seen.length ? true : undefined));
    expect(seen).toEqual([['/configure/service/customer[customer-name=mine]/description']]);
    expect(all.flat()).not.toContain('/configure/service/customer[customer-name=mine]/customer-id');
    w.cancel();
    await expect(w.done).resolves.toBeUndefined();
    await commit(other, `<configure xmlns="${NS}"><service><customer><customer-name>mine</customer-name><description>again</description></customer></service></configure>`);
    await waitFor('w2 still served', () => (all.some((c) => c.some((p) => p.includes('mine'))) ? true : undefined));
    expect(seen).toHaveLength(1);
    // The session ends: the watch ends with it (the DriftWatcher then resubscribes).
    await session.close();
    await expect(w2.done).rejects.toThrow(/closed/);
  });
});
