// status.devices[].configHash: what a device was last synced with, so that a restart can tell
// a configuration it already holds from a new one (secrets compare by presence only, so a
// rotated key is found by the hash alone). The hash is in status, which more people read than
// the intent's secrets: a secret enters it only as a slow, salted scrypt fingerprint, so that a
// weak key cannot be guessed by hashing candidates the way the truncated SHA-256 of the clear
// text allowed (one guess costs ~50 ms and 32 MiB here, once per value per process).
import { createHash, scryptSync } from 'node:crypto';
import { schemaPath, type YValue } from '../adapters/yang/tree.js';
import { mapSecrets } from '../adapters/yang/secrets.js';
import type { Part } from '../devices/transactions.js';

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const fingerprints = new Map<string, string>();

function fingerprint(v: YValue, at: string): string {
  const key = `${at}\0${String(v)}`;
  let f = fingerprints.get(key);
  if (!f) {
    f = scryptSync(String(v), `netintent-config-hash:${at}`, 16, SCRYPT).toString('hex');
    if (fingerprints.size >= 10_000) fingerprints.clear();
    fingerprints.set(key, f);
  }
  return `<secret ${f}>`;
}

export function configHash(p: Part): string {
  const platform = p.device.spec?.platform === 'sros' ? 'sros' : 'srlinux';
  const fragments = p.fragments.map((f) => ({ ...f, updates: f.updates.map((u) => ({ ...u, value: mapSecrets(platform, u.value, schemaPath(u.path), fingerprint) })) }));
  return createHash('sha256').update(JSON.stringify(fragments)).digest('hex').slice(0, 16);
}
