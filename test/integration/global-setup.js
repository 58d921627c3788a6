// Starts the real test bed (etcd + kube-apiserver) once for the integration project.
// Jest loads this file outside its module system, so it uses the compiled launcher
// (built here first, so it is never stale). Tests find the bed through KUBECONFIG.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'netintent-it-';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A Jest run that was killed never ran its teardown: stop what it left behind. */
async function reapOrphans(stopKube) {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = join(tmpdir(), name);
    let owner;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (alive(owner)) continue;
    await stopKube(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function globalSetup() {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const { startKube, stopKube } = await import('../../dist/lab/stack/kube.js');
  await reapOrphans(stopKube);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  process.env.NETINTENT_IT_DIR = dir;
  const stack = await startKube(dir, (l) => process.stderr.write(`testbed: ${l}\n`));
  process.env.KUBECONFIG = stack.kubeconfig;
  process.env.NETINTENT_KUBECTL = join(stack.binDir, 'kubectl');
}
