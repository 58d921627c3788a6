// Our NETCONF client against a real server: yuma123 netconfd behind OpenSSH's netconf
// subsystem (candidate datastore, confirmed commit), with the netintent-lab module.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { CAP, RpcError } from '../../adapters/netconf/messages.js';
import { HostKeyError, NetconfSession } from '../../adapters/netconf/session.js';
import { startNetconfd, type NetconfdServer } from '../../lab/stack/netconfd.js';
import { projectRoot } from '../../adapters/paths.js';

let server: NetconfdServer;
const open: NetconfSession[] = [];
const connect = (extra: object = {}) =>
  NetconfSession.connect({
    host: server.host,
    port: server.port,
    username: server.username,
    privateKey: server.privateKey,
    hostKeyFingerprint: server.hostKeyFingerprint,
    timeoutMs: 10_000,
    ...extra,
  }).then((s) => (open.push(s), s));
const vprn = (name: string, id: number | string) =>
  `<service xmlns="urn:netintent:lab"><vprn><service-name>${name}</service-name><service-id>${id}</service-id></vprn></service>`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startNetconfd(join(projectRoot(), 'test', 'fixtures', 'yang', 'netintent-lab.yang'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(() => server?.stop());

describe('NETCONF client × netconfd', () => {
  it('exchanges hellos and speaks base:1.1 chunked framing', async () => {
    const s = await connect();
    expect(s.framing).toBe('chunked');
    expect(s.has(CAP.candidate)).toBe(true);
    expect(s.sessionId).toBeGreaterThan(0);
    await s.close();
  });

  it('falls back to base:1.0 end-of-message framing', async () => {
    const s = await connect({ base10Only: true });
    expect(s.framing).toBe('eom');
    expect(await s.getConfig('running')).toContain('nacm');
    await s.close();
  });

  it('locks, edits the candidate, commits, reads back, unlocks', async () => {
    const s = await connect();
    await s.lock('running');
    await s.lock('candidate');
    await s.editConfig(vprn('blue', 100));
    await s.commit();
    await s.unlock('candidate');
    await s.unlock('running');
    expect(await s.getConfig('running', '<service xmlns="urn:netintent:lab"/>')).toContain('<service-name>blue</service-name><service-id>100</service-id>');
    await s.close();
  });

  it('turns <rpc-error> into a typed error with every detail', async () => {
    const s = await connect();
    const e = await s.editConfig(vprn('bad', 0)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcError);
    const err = e as RpcError;
    expect(err.errors[0]).toMatchObject({ type: 'protocol', tag: 'invalid-value', severity: 'error', appTag: 'not-in-range' });
    expect(err.errors[0]!.path).toContain('service-id');
    expect(err.message).toContain('value not in range');
    await s.discardChanges();
    await s.close();
  });

  it('keeps a confirmed commit once confirmed', async () => {
    const s = await connect();
    await s.editConfig(vprn('kept', 200));
    await s.commit({ confirmed: true, confirmTimeout: 30 });
    await s.commit(); // the confirming commit
    await sleep(1500);
    expect(await s.getConfig('running')).toContain('<service-name>kept</service-name>');
    await s.close();
  });

  it('rolls a confirmed commit back when it is not confirmed in time', async () => {
    const s = await connect();
    await s.editConfig(vprn('expires', 300));
    await s.commit({ confirmed: true, confirmTimeout: 2 });
    expect(await s.getConfig('running')).toContain('<service-name>expires</service-name>');
    // netconfd runs its timers only after a second without traffic: poll slower than that.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await s.getConfig('running')).includes('expires')) await sleep(1500);
    expect(await s.getConfig('running')).not.toContain('<service-name>expires</service-name>');
    await s.close();
  }, 30_000);

  it('cancels a pending confirmed commit', async () => {
    const s = await connect();
    await s.editConfig(vprn('cancelled', 400));
    await s.commit({ confirmed: true, confirmTimeout: 60 });
    await s.cancelCommit();
    expect(await s.getConfig('running')).not.toContain('cancelled');
    await s.close();
  });

  it('refuses a server whose host key does not match the pin', async () => {
    const wrong = 'SHA256:' + 'A'.repeat(43);
    await expect(connect({ hostKeyFingerprint: wrong })).rejects.toThrow(HostKeyError);
    await expect(connect({ hostKeyFingerprint: wrong })).rejects.toThrow(/does not match the pinned/);
  });

  it('refuses to connect with no pin unless told to skip verification', async () => {
    await expect(connect({ hostKeyFingerprint: undefined })).rejects.toThrow(/no host key fingerprint/);
    const s = await connect({ hostKeyFingerprint: undefined, insecureIgnoreHostKey: true });
    await s.close();
  });
  it('validates the candidate', async () => {
    const s = await connect();
    await s.editConfig(vprn('checked', 101));
    await expect(s.validate()).resolves.toBeUndefined();
    // netconfd 2.13 treats a commit after <validate> as having nothing to do; start over.
    await s.discardChanges();
    await s.close();
  });
});
