// scripts/bootstrap.sh's first second (issue 13): on a machine that lacks a prerequisite it
// names everything missing in one message, with the exact apt-get command, and builds nothing.
// The machine is simulated with a PATH of our own: no openssl or yanglint on it, `id` says
// "not root", there is no sudo, and `go` is absent or too old.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../adapters/paths.js';

function machine(go?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'netintent-bootstrap-'));
  const bin = join(dir, 'bin');
  spawnSync('mkdir', [bin]);
  for (const tool of ['bash', 'dirname', 'apt-get']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  symlinkSync(process.execPath, join(bin, 'node'));
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/usr/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('id', 'echo 1000');
  if (go) script('go', `[[ "$*" == "env GOVERSION" ]] && echo ${go}`);
  return { cache: join(dir, 'cache'), path: bin };
}

function bootstrap(m: { cache: string; path: string }) {
  const started = Date.now();
  const r = spawnSync('/usr/bin/bash', [join(projectRoot(), 'scripts', 'bootstrap.sh')], {
    env: { PATH: m.path, HOME: m.cache, NETINTENT_CACHE: m.cache },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { ...r, ms: Date.now() - started };
}

describe('bootstrap on a machine that is not ready', () => {
  it('names Go and the one apt-get command at once, and builds nothing', () => {
    const m = machine();
    const r = bootstrap(m);
    expect(r.status).toBe(1);
    expect(r.ms).toBeLessThan(1000);
    expect(r.stderr).toContain('Go 1.24+ is not installed');
    expect(r.stderr).toContain('sudo apt-get install -y openssl libyang2-tools');
    expect(r.stderr.match(/^bootstrap:/gm)).toHaveLength(1);
    expect(existsSync(m.cache)).toBe(false);
  });

  it('refuses a Go older than 1.24', () => {
    const r = bootstrap(machine('go1.22.5'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Go 1.22.5 is too old');
  });
});
