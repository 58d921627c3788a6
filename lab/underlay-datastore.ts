// A device's datastore before netintent pushes anything, as a YANG document the judge merges
// the rendered change over: the underlay netintent expects (lab/underlay.ts) or the device's
// startup-config file. Used by `netintent render --validate` and the test/yang judge suites.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatformSchema } from '../adapters/yang/schema-index.js';
import { parseStartupConfig, readStartupConfig } from '../adapters/yang/startup-config.js';
import type { YObject } from '../adapters/yang/tree.js';
import { startupConfigFile } from './startup-configs.js';
import { underlayConfig, type UnderlayDevice } from './underlay.js';

/** The underlay netintent expects on `device` (BGP towards `peers`), as a document. */
export async function underlayDatastore(device: UnderlayDevice, peers: UnderlayDevice[]): Promise<YObject> {
  const platform = device.spec.platform;
  return parseStartupConfig(platform, underlayConfig(device, peers), await loadPlatformSchema(platform), `underlay of ${device.name}`);
}

/** The startup config of `device` in `dir` (`<name>.partial.cfg` / `<name>.cli`), as a document. */
export async function startupDatastore(dir: string, device: UnderlayDevice): Promise<YObject> {
  const file = join(dir, startupConfigFile(device.name, device.spec.platform));
  if (!existsSync(file)) throw new Error(`${file}: no base config for NetworkDevice ${device.name}`);
  return readStartupConfig(device.spec.platform, file);
}
