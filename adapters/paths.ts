import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this module that holds package.json. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the netintent project root (package.json)');
    dir = up;
  }
  return dir;
}

/** Where built binaries are cached between runs; outside the repo so clones share it. */
export function cacheDir(): string {
  return process.env.NETINTENT_CACHE ?? join(homedir(), '.cache', 'netintent');
}
