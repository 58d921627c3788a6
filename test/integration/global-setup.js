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
    await stopTemporal(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Temporal dev server started for a run (its pid file lives in the run's folder). */
export async function stopTemporal(dir) {
  const { stopGroup } = await import('../../dist/lab/stack/processes.js');
  try {
    await stopGroup(Number(readFileSync(join(dir, 'temporal.pid'), 'utf8')), 5000);
  } catch {
    /* never started, or already gone */
  }
}

export default async function globalSetup() {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const { startKube, stopKube } = await import('../../dist/lab/stack/kube.js');
  const { startTemporal } = await import('../../dist/lab/stack/temporal.js');
  await reapOrphans(stopKube);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  process.env.NETINTENT_IT_DIR = dir;
  const log = (l) => process.stderr.write(`testbed: ${l}\n`);
  const [stack, temporal] = await Promise.all([startKube(dir, log), startTemporal(dir, log)]);
  writeFileSync(join(dir, 'temporal.pid'), String(temporal.pid));
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.KUBECONFIG = stack.kubeconfig;
  process.env.NETINTENT_KUBECTL = join(stack.binDir, 'kubectl');
}
