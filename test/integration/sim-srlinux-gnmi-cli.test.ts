// `netintent sim srlinux` from the command line, over TLS verified against a CA, driven
// by gnmi_cli (github.com/openconfig/gnmi/cmd/gnmi_cli, a client nobody here wrote).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCerts, type KubeCerts } from '../../lab/stack/certs.js';
import { cacheDir, projectRoot } from '../../adapters/paths.js';

const root = projectRoot();
const gnmiCli = join(cacheDir(), 'go-bin', 'gnmi_cli');
let sim: ChildProcess;
let address: string;
let certs: KubeCerts;

beforeAll(async () => {
  certs = await makeCerts(mkdtempSync(join(tmpdir(), 'netintent-srl-tls-')));
  sim = spawn('node', [join(root, 'dist', 'cli', 'main.js'), 'sim', 'srlinux', '--listen', '127.0.0.1:0', '--tls-cert', certs.serverCert, '--tls-key', certs.serverKey], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  address = await new Promise<string>((resolve, reject) => {
    let out = '';
    sim.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    sim.once('exit', (code) => reject(new Error(`sim exited with ${code}`)));
  });
});
afterAll(() => {
  sim?.kill('SIGTERM');
});

const cli = (...args: string[]) => {
  const r = spawnSync(gnmiCli, ['-address', address, '-ca_crt', certs.ca, '-timeout', '10s', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: r.stdout + r.stderr };
};
const json = (v: unknown) => JSON.stringify(JSON.stringify(v)); // a text-format bytes literal

describe('netintent sim srlinux × gnmi_cli', () => {
  it('answers Capabilities with the srl_nokia models', () => {
    const r = cli('-capabilities');
    expect(r.status).toBe(0);
    expect(r.out).toContain('name: "srl_nokia-network-instance"');
    expect(r.out).toContain('JSON_IETF');
  });

  it('takes a JSON_IETF Set, returns it on Get, and once on Subscribe', () => {
    const ni = { name: 'blue', type: 'srl_nokia-network-instance:ip-vrf', 'admin-state': 'enable', description: 'set by gnmi_cli' };
    const set = cli('-set', '-proto', `update: <path: <elem: <name: "network-instance" key: <key: "name" value: "blue">>> val: <json_ietf_val: ${json(ni)}>>`);
    expect(set.status).toBe(0);
    expect(set.out).toContain('op: UPDATE');
    const get = cli('-get', '-proto', 'path: <elem: <name: "network-instance" key: <key: "name" value: "blue">> elem: <name: "description">> encoding: JSON_IETF');
    expect(get.status).toBe(0);
    expect(get.out).toContain('json_ietf_val: "\\"set by gnmi_cli\\""');
    const once = cli('-query', '/network-instance[name=blue]/admin-state', '-qt', 'o');
    expect(once.status).toBe(0);
    expect(once.out).toContain('enable');
  });

  it('refuses a Set the SR Linux models reject, and keeps the old value', () => {
    const bad = cli('-set', '-proto', `update: <path: <elem: <name: "network-instance" key: <key: "name" value: "blue">> elem: <name: "admin-state">> val: <json_ietf_val: ${json('sideways')}>>`);
    expect(bad.status).not.toBe(0);
    expect(bad.out).toContain('InvalidArgument');
    expect(cli('-query', '/network-instance[name=blue]/admin-state', '-qt', 'o').out).toContain('enable');
  });

  // srl_nokia-common.yang typedef routing-password: stored encrypted, read back encrypted, the
  // encrypted form accepted as input (lab/sim/secrets.ts).
  it('answers a routing-password set in clear text in its encrypted $..$..$.. form, and takes that form back unchanged', () => {
    const bgp = { 'autonomous-system': 65001, 'router-id': '10.0.0.1', 'afi-safi': [{ 'afi-safi-name': 'srl_nokia-common:ipv4-unicast', 'admin-state': 'enable' }], group: [{ 'group-name': 'g', authentication: { password: 'clear-pw-1' } }] };
    const bgpPath = 'path: <elem: <name: "network-instance" key: <key: "name" value: "blue">> elem: <name: "protocols"> elem: <name: "srl_nokia-bgp:bgp">>';
    const set = cli('-set', '-proto', `update: <${bgpPath} val: <json_ietf_val: ${json(bgp)}>>`);
    expect(set.status === 0 ? '' : set.out).toBe('');
    const pwPath = 'path: <elem: <name: "network-instance" key: <key: "name" value: "blue">> elem: <name: "protocols"> elem: <name: "bgp"> elem: <name: "group" key: <key: "group-name" value: "g">> elem: <name: "authentication"> elem: <name: "password">> encoding: JSON_IETF';
    const get = cli('-get', '-proto', pwPath);
    expect(get.status).toBe(0);
    expect(get.out).not.toContain('clear-pw-1');
    const sealed = /json_ietf_val: "\\"(\$aes1\$[^$"\\]+\$[^"\\]+)\\""/.exec(get.out)?.[1];
    expect(sealed).toBeDefined();
    const back = { ...bgp, group: [{ 'group-name': 'g', authentication: { password: sealed } }] };
    expect(cli('-set', '-proto', `update: <${bgpPath} val: <json_ietf_val: ${json(back)}>>`).status).toBe(0);
    expect(cli('-get', '-proto', pwPath).out).toContain(sealed!);
  });
});
