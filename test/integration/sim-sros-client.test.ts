// Our NETCONF client against our SR OS simulator: what the real peers cannot show —
// nokia-conf validation, SR OS's implicit candidate lock, confirmed-commit rollback,
// persist ids, faults, out-of-band changes, and rendered payloads applied as they are.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { RpcError } from '../../adapters/netconf/messages.js';
import { NetconfSession, NetconfTimeout } from '../../adapters/netconf/session.js';
import { resolve } from '../../adapters/render/resolve.js';
import { editConfigXml } from '../../adapters/yang/xml.js';
import { projectRoot } from '../../adapters/paths.js';
import { SrosSimulator } from '../../lab/sim/sros/server.js';

const NS = 'urn:nokia.com:sros:ns:yang:sr:conf';
let sim: SrosSimulator;
const open: NetconfSession[] = [];
const connect = async (extra: object = {}) => {
  const s = await NetconfSession.connect({ host: '127.0.0.1', port: sim.port, username: 'admin', password: 'secret', hostKeyFingerprint: sim.hostKeyFingerprint, timeoutMs: 10_000, ...extra });
  open.push(s);
  return s;
};
const vprn = (name: string, id: number | string, op = '') =>
  `<configure xmlns="${NS}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><service><customer><customer-name>1</customer-name></customer><vprn${op ? ` nc:operation="${op}"` : ''}><service-name>${name}</service-name><service-id>${id}</service-id><customer>1</customer></vprn></service></configure>`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rpcError = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as RpcError);

beforeAll(async () => {
  // As the emulated lab's pe1: the SR-1 platform base plus the lab's startup config (underlay).
  sim = await SrosSimulator.start({ username: 'admin', password: 'secret', startupConfig: { file: join(projectRoot(), 'lab', 'topologies', 'configs', 'pe1.partial.cfg') } });
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  Object.assign(sim.faults, { latencyMs: 0, hang: false, rejectNextCommit: undefined });
});
afterAll(() => sim?.close());

describe('NETCONF client × SR OS simulator', () => {
  it('applies what the renderer produces for the examples, unchanged', async () => {
    const { devices } = resolve(loadSources(join(projectRoot(), 'examples')));
    const pe1 = devices.find((d) => d.device.name === 'pe1')!;
    const s = await connect();
    await s.editConfig(editConfigXml(pe1.fragments.map((f) => f.fragment)));
    await s.validate();
    await s.commit();
    const running = await s.getConfig('running', `<configure xmlns="${NS}"><service><vprn><service-name>blue</service-name></vprn></service></configure>`);
    expect(running).toContain('<service-name>blue</service-name>');
    expect(running).toContain('<default-locator>loc1</default-locator>');
    expect(running).not.toContain('vpls');
  });

  it('refuses data the nokia-conf model does not allow, naming the path', async () => {
    const s = await connect();
    const e = await rpcError(s.editConfig(vprn('bad', 2147483648)));
    expect(e).toBeInstanceOf(RpcError);
    expect(e!.errors[0]).toMatchObject({ tag: 'invalid-value', path: "/nokia-conf:configure/service/vprn[service-name='bad']/service-id" });
    const unknown = await rpcError(s.editConfig(`<configure xmlns="${NS}"><service><no-such-thing>1</no-such-thing></service></configure>`));
    expect(unknown!.errors[0]!.tag).toMatch(/invalid-value|unknown-element/);
    await s.discardChanges();
  });

  it('refuses, as SR OS does, a SAP that another service already uses', async () => {
    const s = await connect();
    const withSap = (name: string, id: number) =>
      `<configure xmlns="${NS}"><service><customer><customer-name>1</customer-name></customer><vpls><service-name>${name}</service-name><service-id>${id}</service-id><customer>1</customer><sap><sap-id>1/1/c4/1:77</sap-id></sap></vpls></service></configure>`;
    await s.editConfig(withSap('first', 701));
    await s.commit();
    await s.editConfig(withSap('second', 702));
    const e = await rpcError(s.validate());
    expect(e!.errors[0]!.message).toContain('SAP 1/1/c4/1:77 is already in use by vpls "first"; it cannot also be in vpls "second"');
    expect(await rpcError(s.commit())).toBeInstanceOf(RpcError);
    await s.discardChanges();
    expect(sim.runningXml()).not.toContain('<service-name>second</service-name>');
  });

  it('starts from its startup config: running holds the underlay before any client writes', async () => {
    const s = await connect();
    const running = await s.getConfig('running', `<configure xmlns="${NS}"><fwd-path-ext/></configure>`);
    expect(running).toContain('<fpe-id>2</fpe-id>');
    expect(sim.runningXml()).toContain('<mda-type>me12-100gb-qsfp28</mda-type>');
    expect(sim.runningXml()).toContain('<locator-name>loc1</locator-name>');
  });

  it('refuses, as SR OS does, a static SRv6 function value outside the locator static range', async () => {
    const s = await connect();
    const vprnSrv6 = (value: number) =>
      `<configure xmlns="${NS}"><service><customer><customer-name>1</customer-name></customer><vprn><service-name>srv6-static</service-name><service-id>801</service-id><customer>1</customer>` +
      `<segment-routing-v6><instance>1</instance><locator><locator-name>loc1</locator-name><function><end-dt46><value>${value}</value></end-dt46></function></locator></segment-routing-v6></vprn></service></configure>`;
    await s.editConfig(vprnSrv6(64490));
    const e = await rpcError(s.commit());
    expect(e!.errors[0]).toMatchObject({
      tag: 'operation-failed',
      message: 'MINOR: SRV6: vprn "srv6-static" locator "loc1" end-dt46: static function value 64490 is not allowed: locator "loc1" has its static range 1..1024',
    });
    await s.discardChanges();
    await s.editConfig(vprnSrv6(7));
    await s.commit();
    expect(sim.runningXml()).toContain('<service-name>srv6-static</service-name>');
  });

  it("refuses, as SR OS does, a SAP whose tags do not match the port's encap-type", async () => {
    const s = await connect();
    await s.editConfig(`<configure xmlns="${NS}"><service><customer><customer-name>1</customer-name></customer><vpls><service-name>qinq</service-name><service-id>802</service-id><customer>1</customer><sap><sap-id>1/1/c5/1:10.20</sap-id></sap></vpls></service></configure>`);
    const e = await rpcError(s.validate());
    expect(e!.errors[0]!.message).toBe('MINOR: SVCMGR: vpls "qinq" SAP 1/1/c5/1:10.20: encapsulation with 2 tag(s) does not match port 1/1/c5/1 encap-type dot1q (1 tag(s))');
    await s.discardChanges();
  });

  it('keeps values that look like markup inside their element', async () => {
    const s = await connect();
    const evil = 'a</description><x>&amp;';
    await s.editConfig(`<configure xmlns="${NS}"><service><vprn><service-name>esc</service-name><service-id>77</service-id><customer>1</customer><description>${evil.replace(/&amp;/, '&amp;amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</description></vprn></service></configure>`);
    await s.commit();
    expect(sim.runningXml()).toContain('<description>a&lt;/description&gt;&lt;x&gt;&amp;amp;</description>');
  });

  it('implements create, delete, remove and replace', async () => {
    const s = await connect();
    await s.editConfig(vprn('ops', 10));
    await s.commit();
    expect((await rpcError(s.editConfig(vprn('ops', 10, 'create'))))!.errors[0]!.tag).toBe('data-exists');
    await s.discardChanges();
    await s.editConfig(`<configure xmlns="${NS}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><service><vprn nc:operation="delete"><service-name>ops</service-name></vprn></service></configure>`);
    expect((await rpcError(s.editConfig(`<configure xmlns="${NS}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><service><vprn nc:operation="delete"><service-name>ops</service-name></vprn></service></configure>`)))!.errors[0]!.tag).toBe('data-missing');
    await s.editConfig(`<configure xmlns="${NS}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><service><vprn nc:operation="remove"><service-name>ops</service-name></vprn></service></configure>`);
    await s.commit();
    expect(sim.runningXml()).not.toContain('<service-name>ops</service-name>');
  });

  it('refuses edits to <running>, as SR OS does with nokia-conf', async () => {
    const s = await connect();
    const e = await rpcError(s.editConfig(vprn('r', 11), { target: 'running' }));
    expect(e!.errors[0]!.tag).toBe('operation-not-supported');
  });

  it('locks the candidate implicitly for the session that changes it', async () => {
    const a = await connect();
    const b = await connect();
    await a.editConfig(vprn('mine', 12));
    expect((await rpcError(b.editConfig(vprn('theirs', 13))))!.errors[0]!.tag).toBe('in-use');
    expect((await rpcError(b.lock()))!.errors[0]!.tag).toBe('lock-denied');
    await a.commit();
    await b.editConfig(vprn('theirs', 13));
    await b.discardChanges();
  });

  it('rolls back a confirmed commit that is not confirmed, and keeps a confirmed one', async () => {
    const s = await connect();
    await s.editConfig(vprn('temp', 20));
    await s.commit({ confirmed: true, confirmTimeout: 1 });
    expect(sim.runningXml()).toContain('temp');
    await sleep(1500);
    expect(sim.runningXml()).not.toContain('temp');
    await s.editConfig(vprn('kept', 21));
    await s.commit({ confirmed: true, confirmTimeout: 1 });
    await s.commit();
    await sleep(1500);
    expect(sim.runningXml()).toContain('kept');
  });

  it('cancels a persistent confirmed commit from another session with its persist-id', async () => {
    const a = await connect();
    await a.editConfig(vprn('persisted', 30));
    await a.commit({ confirmed: true, confirmTimeout: 60, persist: 'tx-1' });
    await a.close();
    expect(sim.runningXml()).toContain('persisted'); // survives its session
    const b = await connect();
    expect((await rpcError(b.cancelCommit('wrong')))!.errors[0]!.tag).toBe('invalid-value');
    await b.cancelCommit('tx-1');
    expect(sim.runningXml()).not.toContain('persisted');
  });

  it('reports an injected commit failure and then commits again', async () => {
    const s = await connect();
    await s.editConfig(vprn('flaky', 40));
    sim.faults.rejectNextCommit = 'MINOR: MGMT_CORE #2203: simulated commit failure';
    const e = await rpcError(s.commit());
    expect(e!.message).toContain('simulated commit failure');
    await s.commit();
    expect(sim.runningXml()).toContain('flaky');
  });

  it('times out an RPC the device does not answer', async () => {
    const s = await connect({ timeoutMs: 500 });
    sim.faults.latencyMs = 2000;
    await expect(s.getConfig()).rejects.toThrow(NetconfTimeout);
  });

  it('fails pending RPCs when the device drops the connection', async () => {
    const s = await connect();
    sim.faults.hang = true;
    const pending = s.getConfig();
    await sleep(100);
    sim.dropConnections();
    await expect(pending).rejects.toThrow(/closed/);
  });

  it('shows an out-of-band change of the running config', async () => {
    sim.setRunning(vprn('manual', 99));
    const s = await connect();
    expect(await s.getConfig('running')).toContain('<service-name>manual</service-name>');
  });
});
