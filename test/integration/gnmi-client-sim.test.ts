// Our gNMI client against our SR Linux simulator: atomic Set, Get, every Subscribe mode,
// drift seen through ON_CHANGE, credentials, TLS verification, and awkward key values.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { GnmiClient, GnmiError, type Notification } from '../../adapters/gnmi/client.js';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { resolve } from '../../adapters/render/resolve.js';
import { setRequest } from '../../adapters/yang/gnmi-request.js';
import { makeCerts } from '../../lab/stack/certs.js';
import { projectRoot } from '../../adapters/paths.js';
import { SrlSimulator } from '../../lab/sim/srlinux/server.js';

let sim: SrlSimulator;
let ca: Buffer;
const clients: GnmiClient[] = [];
const client = (extra: object = {}) => {
  const c = new GnmiClient({ address: `127.0.0.1:${sim.port}`, ca, username: 'admin', password: 'pw', timeoutMs: 5000, ...extra });
  clients.push(c);
  return c;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ni = (name: string, extra: object = {}) => ({ name, type: 'srl_nokia-network-instance:mac-vrf', 'admin-state': 'enable', ...extra });

beforeAll(async () => {
  const certs = await makeCerts(mkdtempSync(join(tmpdir(), 'netintent-gnmi-tls-')));
  ca = readFileSync(certs.ca);
  sim = await SrlSimulator.start({ username: 'admin', password: 'pw', tls: { cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) } });
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await sim?.close();
});

describe('gNMI client × SR Linux simulator', () => {
  it('lists the srl_nokia models and JSON_IETF', async () => {
    const caps = await client().capabilities();
    expect(caps.models.map((m) => m.name)).toContain('srl_nokia-network-instance');
    expect(caps.encodings).toContain('JSON_IETF');
  });

  it('applies what the renderer produces for a leaf, and reads it back', async () => {
    const { devices } = resolve(loadSources(join(projectRoot(), 'examples')));
    const req = setRequest(devices.find((d) => d.device.name === 'leaf1')!.fragments.map((f) => f.fragment));
    const c = client();
    await c.set({ replace: req.replaces, update: req.updates, delete: req.deletes });
    const [n] = await c.get(['/network-instance[name=green]/vxlan-interface[name=vxlan1.200]']);
    expect(n!.updates[0]!.value).toEqual({ name: 'vxlan1.200' });
  });

  it('applies a Set all or nothing', async () => {
    const c = client();
    const e = await c
      .set({ update: [{ path: '/network-instance[name=atomic-a]', value: ni('atomic-a') }, { path: '/network-instance[name=atomic-b]', value: ni('atomic-b', { 'admin-state': 'sideways' }) }] })
      .catch((x: unknown) => x as GnmiError);
    expect(e).toBeInstanceOf(GnmiError);
    expect((e as GnmiError).message).toContain('INVALID_ARGUMENT');
    await expect(c.get(['/network-instance[name=atomic-a]'])).rejects.toThrow(/NOT_FOUND/);
  });

  it('replaces, updates and deletes in one request', async () => {
    const c = client();
    await c.set({ update: [{ path: '/network-instance[name=r1]', value: ni('r1', { description: 'old' }) }] });
    await c.set({ replace: [{ path: '/network-instance[name=r1]', value: ni('r1') }], delete: [] });
    const [n] = await c.get(['/network-instance[name=r1]']);
    expect(n!.updates[0]!.value).toEqual(ni('r1'));
    await c.set({ delete: ['/network-instance[name=r1]'] });
    await expect(c.get(['/network-instance[name=r1]'])).rejects.toThrow(/NOT_FOUND/);
  });

  it('keeps key values with ], / and = inside their key', async () => {
    const c = client();
    // The SR Linux model forbids ] and / in names, so the device's own complaint shows the
    // key arrived whole: one value, nothing split off into another element or key.
    const name = 'odd]/=name\\x';
    const path = `/network-instance[name=${name.replace(/[\\\]]/g, (ch) => '\\' + ch)}]`;
    const e = await c.set({ update: [{ path, value: ni(name) }] }).catch((x: unknown) => x as GnmiError);
    expect((e as GnmiError).details).toContain(`"${name}" does not conform`);
    const allowed = 'odd=name+x';
    await c.set({ update: [{ path: `/network-instance[name=${allowed}]`, value: ni(allowed) }] });
    const [n] = await c.get([`/network-instance[name=${allowed}]/name`]);
    expect(n!.updates[0]).toEqual({ path: `/network-instance[name=${allowed}]/name`, value: allowed });
  });

  it('answers Subscribe ONCE, then ends', async () => {
    const seen: Notification[] = [];
    const sub = client().subscribe(['/network-instance[name=green]/type'], { mode: 'ONCE' }, (n) => seen.push(n));
    await sub.synced;
    await sub.done;
    expect(seen[0]!.updates[0]!.value).toBe('srl_nokia-network-instance:mac-vrf');
  });

  it('answers each POLL', async () => {
    const seen: Notification[] = [];
    const sub = client().subscribe(['/network-instance[name=green]/admin-state'], { mode: 'POLL' }, (n) => seen.push(n));
    await sub.synced;
    sub.poll();
    sub.poll();
    await sleep(300);
    sub.cancel();
    expect(seen.length).toBe(3);
  });

  it('streams ON_CHANGE updates for changes by any client, and out-of-band ones (drift)', async () => {
    const seen: Notification[] = [];
    const sub = client().subscribe(['/network-instance[name=green]/description'], { mode: 'STREAM', streamMode: 'ON_CHANGE', updatesOnly: true }, (n) => seen.push(n));
    await sub.synced;
    await client().set({ update: [{ path: '/network-instance[name=green]/description', value: 'by another client' }] });
    const doc = structuredClone(sim.doc) as any;
    doc['srl_nokia-network-instance:network-instance'].find((x: any) => x.name === 'green').description = 'by a NOC engineer';
    sim.setDocument(doc);
    await sleep(300);
    sub.cancel();
    expect(seen.map((n) => n.updates[0]?.value)).toEqual(['by another client', 'by a NOC engineer']);
  });

  it('samples at the requested interval', async () => {
    const seen: Notification[] = [];
    const sub = client().subscribe(['/network-instance[name=green]/admin-state'], { mode: 'STREAM', streamMode: 'SAMPLE', sampleIntervalMs: 100 }, (n) => seen.push(n));
    await sub.synced;
    await sleep(450);
    sub.cancel();
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses wrong credentials', async () => {
    await expect(client({ password: 'nope' }).capabilities()).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('refuses a server certificate its CA does not sign, unless told to skip verification', async () => {
    const other = await makeCerts(mkdtempSync(join(tmpdir(), 'netintent-other-ca-')));
    await expect(client({ ca: readFileSync(other.ca) }).capabilities()).rejects.toThrow(/UNAVAILABLE/);
    await expect(client({ ca: undefined, skipVerify: true }).capabilities()).resolves.toMatchObject({ version: '0.10.0' });
    expect(() => new GnmiClient({ address: 'x:1' })).toThrow(/needs the CA/);
  });

  it('times out when the target hangs, and ends streams when it drops connections', async () => {
    sim.faults.hang = true;
    await expect(client({ timeoutMs: 300 }).capabilities()).rejects.toThrow(/DEADLINE_EXCEEDED/);
    sim.faults.hang = false;
    const c = client();
    const sub = c.subscribe(['/network-instance[name=green]/admin-state'], { mode: 'STREAM', streamMode: 'ON_CHANGE' }, () => undefined);
    await sub.synced;
    await sim.dropConnections();
    await expect(sub.done).rejects.toThrow(/UNAVAILABLE|CANCELLED|INTERNAL/);
    await expect(c.capabilities()).resolves.toMatchObject({ version: '0.10.0' }); // the channel reconnects by itself
  });

  it('reports an injected Set rejection', async () => {
    sim.faults.rejectNextSet = 'simulated: commit rejected';
    await expect(client().set({ update: [{ path: '/network-instance[name=green]/description', value: 'x' }] })).rejects.toThrow(/ABORTED: simulated: commit rejected/);
  });
});
