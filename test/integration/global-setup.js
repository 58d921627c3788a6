// Starts the real test bed (etcd + kube-apiserver) once for the integration project.
// Jest loads this file outside its module system, so it uses the compiled launcher
// (built here first, so it is never stale). Tests find the bed through KUBECONFIG.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup() {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  const { startKube } = await import('../../dist/lab/stack/kube.js');
  const dir = mkdtempSync(join(tmpdir(), 'netintent-it-'));
  process.env.NETINTENT_IT_DIR = dir;
  const stack = await startKube(dir, (l) => process.stderr.write(`testbed: ${l}\n`));
  process.env.KUBECONFIG = stack.kubeconfig;
  process.env.NETINTENT_KUBECTL = join(stack.binDir, 'kubectl');
}
