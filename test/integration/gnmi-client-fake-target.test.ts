// Our gNMI client against openconfig's fake gNMI target (github.com/openconfig/gnmi
// testing/fake/gnmi/cmd/fake_server): a Subscribe-only Go implementation nobody here
// wrote, over TLS verified against our CA. (google/gnxi's gnmi_target is not available
// from this machine's Go module proxy.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GnmiClient, GnmiError, type Notification } from '../../adapters/gnmi/client.js';
import { makeCerts } from '../../lab/stack/certs.js';
import { cacheDir } from '../../adapters/paths.js';
import { freePort, startDetached, stopGroup, waitFor, type Started } from '../../lab/stack/processes.js';

let target: Started;
let port: number;
let ca: Buffer;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netintent-fake-gnmi-'));
  const certs = await makeCerts(dir);
  ca = readFileSync(certs.ca);
  writeFileSync(
    join(dir, 'config.pb.txt'),
    'target: "fake-device"\nseed: 12345\nvalues: <\n  path: "interfaces"\n  path: "interface"\n  path: "eth0"\n  path: "counters"\n  repeat: 3\n  int_value: <\n    value: 4\n  >\n>\nclient_type: GRPC_GNMI\n',
  );
  port = await freePort();
  target = startDetached('fake_server', join(cacheDir(), 'go-bin', 'fake_server'), [
    '--config', join(dir, 'config.pb.txt'), '--text', '--port', String(port),
    '--server_crt', certs.serverCert, '--server_key', certs.serverKey, '--allow_no_client_auth', '--logtostderr',
  ], join(dir, 'fake_server.log'));
  await waitFor('fake_server', async () => readFileSync(join(dir, 'fake_server.log'), 'utf8').includes('listening'), 15_000, target.pid, join(dir, 'fake_server.log'));
});
afterAll(() => target && stopGroup(target.pid, 3000));

describe('gNMI client × openconfig fake target', () => {
  it('receives a Subscribe ONCE: the updates, then sync_response, then the end', async () => {
    const c = new GnmiClient({ address: `127.0.0.1:${port}`, ca, serverName: 'localhost', timeoutMs: 5000 });
    const seen: Notification[] = [];
    const sub = c.subscribe(['/'], { mode: 'ONCE' }, (n) => seen.push(n));
    await sub.synced;
    await sub.done;
    c.close();
    expect(seen).toHaveLength(3);
    for (const n of seen) expect(n.updates).toEqual([{ path: '/interfaces/interface/eth0/counters', value: '4' }]);
  });

  it('maps an RPC the target lacks to a typed error', async () => {
    const c = new GnmiClient({ address: `127.0.0.1:${port}`, ca, serverName: 'localhost', timeoutMs: 5000 });
    const e = await c.capabilities().catch((x: unknown) => x);
    c.close();
    expect(e).toBeInstanceOf(GnmiError);
    expect((e as GnmiError).message).toContain('UNIMPLEMENTED');
  });
});
