// A shipped containerlab topology copied into a fresh temp folder with its startup configs,
// so that a test's lab writes its clab-<name>/ there and never into the checkout.
import { copyFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../adapters/paths.js';

export function copyTopology(file: string, prefix = 'netintent-clab-'): string {
  const src = join(projectRoot(), 'lab', 'topologies');
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copyFileSync(join(src, file), join(dir, file));
  cpSync(join(src, 'configs'), join(dir, 'configs'), { recursive: true });
  return join(dir, file);
}
