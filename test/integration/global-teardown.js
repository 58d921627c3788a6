import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const dir = process.env.NETINTENT_IT_DIR;
  if (!dir) return;
  const { stopKube } = await import('../../dist/lab/stack/kube.js');
  await stopKube(dir);
  const { stopTemporal } = await import('./global-setup.js');
  await stopTemporal(dir);
  rmSync(dir, { recursive: true, force: true });
}
