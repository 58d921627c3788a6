// A real NETCONF server for the client's tests: yuma123 `netconfd` (Debian) behind the
// OpenSSH daemon's netconf subsystem, on a loopback port, with a YANG module loaded.
// Key-based login as the current user; the host key fingerprint is returned for pinning.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { freePort, run, startDetached, stopGroup, waitFor, type Started } from './processes.js';

export interface NetconfdServer {
  host: string;
  port: number;
  username: string;
  privateKey: Buffer;
  hostKeyFingerprint: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startNetconfd(module: string): Promise<NetconfdServer> {
  for (const bin of ['/usr/sbin/netconfd', '/usr/sbin/sshd', '/usr/sbin/netconf-subsystem']) {
    if (!existsSync(bin)) throw new Error(`${bin} missing: apt-get install netconfd openssh-server`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'netintent-netconfd-'));
  const port = await freePort();
  const sock = join(dir, 'ncx.sock');
  const processes: Started[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await stopGroup(p.pid, 3000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const k of ['host_key', 'client_key']) await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, k)]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
    // netconfd only accepts sessions arriving on ports it was told about (--port).
    processes.push(
      startDetached('netconfd', '/usr/sbin/netconfd', [
        `--ncxserver-sockname=${sock}`, `--port=${port}`, '--target=candidate', '--no-startup',
        `--superuser=${userInfo().username}`, `--modpath=${dirname(module)}`, `--module=${basename(module, '.yang')}`, '--log-level=info',
      ], join(dir, 'netconfd.log')),
    );
    await waitFor('netconfd', async () => existsSync(sock), 15_000, processes[0]!.pid, join(dir, 'netconfd.log'));
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
        'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no',
        // netconf-subsystem reads "<ssh port>@<socket>" and relays the session to netconfd.
        `Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=${port}@${sock}`, '',
      ].join('\n'),
    );
    mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory
    processes.push(startDetached('sshd', '/usr/sbin/sshd', ['-D', '-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')], join(dir, 'sshd.out')));
    await waitFor('sshd', async () => readFileSync(join(dir, 'sshd.log'), 'utf8').includes('Server listening'), 15_000, processes[1]!.pid, join(dir, 'sshd.log'));
    const { stdout } = await run('ssh-keygen', ['-lf', join(dir, 'host_key.pub')]);
    return {
      host: '127.0.0.1',
      port,
      username: userInfo().username,
      privateKey: readFileSync(join(dir, 'client_key')),
      hostKeyFingerprint: stdout.split(' ')[1]!,
      dir,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
