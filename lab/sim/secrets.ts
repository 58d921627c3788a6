// Secret leaves as the routers keep them: a value given in clear text is stored encrypted (or
// hashed) and every read answers that form; a value given already encrypted is kept as given.
// - SR OS, nokia-types-sros.yang `typedef encrypted-leaf`: "Input is accepted in clear text or
//   encrypted formats ... <encrypted password> hash2 ... The output format (for a get/read ...)
//   ... can be set to always return encrypted values"; `typedef hashed-leaf`: "The output format
//   ... is always the hashed form." (the MD-CLI shows `authentication-key "<...>" hash2`).
// - SR Linux, srl_nokia-common.yang `typedef routing-password`: "The system stores these
//   passwords in encrypted form and always returns the encrypted string when management server
//   reads a leaf of this type ... An encrypted password is recognized when the string starts
//   with a '$' character and has two further '$' characters ..."; `typedef user-password`
//   likewise hashes on input.
// The simulators' "encryption" is a keyed hash: what matters is that the clear text never
// comes back and that the stored form is accepted back unchanged.
import { createHash } from 'node:crypto';
import { isSecretLeaf } from '../../adapters/yang/secrets.js';
import type { Platform } from '../../adapters/yang/models.js';
import { unqualify } from '../../adapters/yang/tree.js';

const digest = (platform: Platform, clear: string) => createHash('sha256').update(`netintent-sim-${platform}\0${clear}`).digest('base64');

/** SR OS: `<encrypted> hash2` (kept as given when it already ends in hash, hash2 or custom). */
export function sealSros(value: string): string {
  return /\s(hash|hash2|custom)$/.test(value) ? value : `${digest('sros', value)} hash2`;
}

/** SR Linux: `$aes1$<salt>$<data>` (kept as given when it already has that shape). */
export function sealSrl(value: string): string {
  return /^\$[^$]+\$[^$]*\$.+/.test(value) ? value : `$aes1$${digest('srlinux', 'salt' + value).slice(0, 12)}$${digest('srlinux', value)}`;
}

/** Seals, in place, every secret leaf of a JSON_IETF document (at schema path `at`). */
export function sealSecretsIn(platform: Platform, node: unknown, at = ''): void {
  if (Array.isArray(node)) {
    for (const e of node) sealSecretsIn(platform, e, at);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    const path = `${at}/${unqualify(k)}`;
    if (typeof v === 'string' && isSecretLeaf(platform, path)) o[k] = platform === 'sros' ? sealSros(v) : sealSrl(v);
    else sealSecretsIn(platform, v, path);
  }
}
