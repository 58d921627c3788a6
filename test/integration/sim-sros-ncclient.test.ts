// `netintent sim sros` from the command line, driven by ncclient (Debian python3-ncclient).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../adapters/paths.js';

const root = projectRoot();
let sim: ChildProcess;
let port: number;
let control: string;

beforeAll(async () => {
  sim = spawn('node', [join(root, 'dist', 'cli', 'main.js'), 'sim', 'sros', '--listen', '127.0.0.1:0', '--user', 'admin', '--password', 'NokiaSros1!', '--control', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    sim.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      const c = /control on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && c) {
        control = c[1]!;
        resolve(Number(m[1]));
      }
    });
    sim.once('exit', (code) => reject(new Error(`sim exited with ${code}`)));
  });
});
afterAll(() => {
  sim?.kill('SIGTERM');
});

describe('netintent sim sros × ncclient', () => {
  it('connects, edits the candidate, commits, reads back, and gets rpc-error for a bad value', () => {
    const r = spawnSync('/usr/bin/python3', [join(root, 'test', 'support', 'ncclient_sros.py'), '127.0.0.1', String(port), 'admin', 'NokiaSros1!'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.capabilities).toEqual(expect.arrayContaining(['urn:ietf:params:netconf:base:1.1', 'urn:ietf:params:netconf:capability:candidate:1.0', 'urn:ietf:params:netconf:capability:confirmed-commit:1.1']));
    expect(out.edit_ok).toBe(true);
    expect(out.commit_ok).toBe(true);
    expect(out.running).toContain('<service-name>ncclient-vprn</service-name><service-id>4242</service-id><customer>7</customer>');
    expect(out.bad_value).toMatchObject({ tag: 'invalid-value', path: "/nokia-conf:configure/service/vprn[service-name='ncclient-vprn']/service-id" });
    expect(out.bad_value.message).toContain('out of the allowed range');
  });

  it('takes out-of-band changes and faults through its control endpoint', async () => {
    const running = await (await fetch(`${control}/running`)).text();
    expect(running).toContain('<service-name>ncclient-vprn</service-name>');
    const edited = running.replace('<service-id>4242</service-id>', '<service-id>4343</service-id>');
    expect((await fetch(`${control}/running`, { method: 'PUT', body: edited })).status).toBe(204);
    expect(await (await fetch(`${control}/running`)).text()).toContain('<service-id>4343</service-id>');
    expect((await fetch(`${control}/faults`, { method: 'POST', body: JSON.stringify({ rejectNext: 'chaos says no' }) })).status).toBe(204);
    const r = spawnSync('/usr/bin/python3', ['-c', [
      'from ncclient import manager', 'from ncclient.operations.rpc import RPCError',
      `m = manager.connect(host="127.0.0.1", port=${port}, username="admin", password="NokiaSros1!", hostkey_verify=False, allow_agent=False, look_for_keys=False)`,
      'try:', '    m.commit()', '    print("committed")', 'except RPCError as e:', '    print("rejected:", e.message)',
    ].join('\n')], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout.trim()).toBe('rejected: chaos says no');
  });
});
