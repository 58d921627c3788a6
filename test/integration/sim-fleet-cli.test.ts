// `netintent sim fleet` as the scale bench runs it: a separate process that prints one JSON
// line naming its devices and control endpoint, serves them (SR Linux over TLS), counts what
// they are asked on /stats, says loudly that validation is off, and exits on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GnmiClient } from '../../adapters/gnmi/client.js';
import { NetconfSession } from '../../adapters/netconf/session.js';
import { projectRoot } from '../../adapters/paths.js';
import type { FleetDevice, FleetStats } from '../../lab/sim/fleet.js';
import { makeCerts, type KubeCerts } from '../../lab/stack/certs.js';

let fleet: ChildProcess;
let ready: { devices: FleetDevice[]; control: string };
let stderr = '';
let certs: KubeCerts;

beforeAll(async () => {
  certs = await makeCerts(mkdtempSync(join(tmpdir(), 'netintent-fleet-tls-')));
  const args = ['sim', 'fleet', '--sros', '2', '--srlinux', '1', '--rtt', '3', '--no-validate', '--name-prefix', 'cli'];
  fleet = spawn('node', [join(projectRoot(), 'dist', 'cli', 'main.js'), ...args, '--tls-cert', certs.serverCert, '--tls-key', certs.serverKey], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NETINTENT_SIM_PASSWORD: 'fleet-pw' },
  });
  fleet.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    fleet.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    fleet.once('exit', (code) => reject(new Error(`sim fleet exited with ${code}: ${stderr}`)));
  });
  ready = JSON.parse(line) as typeof ready;
}, 120_000);
afterAll(() => {
  if (fleet?.exitCode === null) fleet.kill('SIGKILL');
});

describe('netintent sim fleet', () => {
  it('prints one JSON line naming every device and the control endpoint', () => {
    expect(ready.devices.map((d) => [d.name, d.platform])).toEqual([
      ['cli-sros-1', 'sros'],
      ['cli-sros-2', 'sros'],
      ['cli-srlinux-1', 'srlinux'],
    ]);
    expect(ready.devices[0]!.hostKeyFingerprint).toMatch(/^SHA256:/);
    expect(ready.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stderr).toContain('validation OFF (benchmark only)');
  });

  it('serves the devices with the given credentials, and counts their RPCs', async () => {
    const [pe1, , leaf] = ready.devices;
    const s = await NetconfSession.connect({ host: '127.0.0.1', port: pe1!.port, username: 'admin', password: 'fleet-pw', hostKeyFingerprint: pe1!.hostKeyFingerprint!, timeoutMs: 15_000 });
    expect(await s.getConfig('running')).toContain('iom-1');
    await s.close();
    const c = new GnmiClient({ address: `127.0.0.1:${leaf!.port}`, ca: readFileSync(certs.ca), username: 'admin', password: 'fleet-pw', timeoutMs: 15_000 });
    await c.set({ update: [{ path: '/network-instance[name=x]', value: { name: 'x', type: 'srl_nokia-network-instance:ip-vrf' } }] });
    c.close();
    const stats = (await (await fetch(`${ready.control}/stats`)).json()) as FleetStats;
    // get-config and close-session; one Set that changed the document.
    expect(stats.devices['cli-sros-1']).toEqual({ rpcs: 2, commits: 0 });
    expect(stats.devices['cli-srlinux-1']).toEqual({ rpcs: 1, commits: 1 });
    expect(stats.totals).toEqual({ rpcs: 3, commits: 1 });
  });

  it('exits cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => fleet.once('exit', (code) => r(code)));
    fleet.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
