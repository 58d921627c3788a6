// Secret leaves. The generated table (gen/secrets.ts, from the models' types) is the truth:
// the router keeps those leaves encrypted or hashed and reads them back in that form, so they
// compare by presence only (drivers/compare.ts) and `redactSecrets` masks them on both sides
// before any diff is rendered. The name pattern below is the fallback where no schema path is
// known: the crash journal (devices/journal.ts) withholds a pre-image that holds one, and the
// transaction history (controllers/history/) masks native text and device errors with it.
import { SRL_SECRET_LEAVES, SROS_SECRET_LEAVES } from './gen/secrets.js';
import type { Platform } from './models.js';
import { unqualify, type YObject, type YValue } from './tree.js';

export const SECRET_MASK = '<secret>';

/** Whether the leaf at `schema` (unqualified, keyless) holds a secret. */
export function isSecretLeaf(platform: Platform, schema: string): boolean {
  return (platform === 'sros' ? SROS_SECRET_LEAVES : SRL_SECRET_LEAVES).has(schema);
}

/** Whether `schema` lies in either platform's table (SR OS speaks gNMI too, with the same paths). */
export const isAnySecretLeaf = (schema: string) => SROS_SECRET_LEAVES.has(schema) || SRL_SECRET_LEAVES.has(schema);

const isObj = (v: unknown): v is YObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` (the node at schema path `at`) with every secret leaf's value replaced by `to(value, its schema path)`. */
export function mapSecrets<T extends YValue | null | undefined>(platform: Platform, value: T, at: string, to: (v: YValue, at: string) => YValue): T {
  if (value === undefined || value === null) return value;
  if (!isObj(value) && !(Array.isArray(value) && value.some(isObj))) return (isSecretLeaf(platform, at) ? to(value, at) : value) as T;
  if (Array.isArray(value)) return value.map((e) => mapSecrets(platform, e as YValue, at, to)) as T;
  const out: YObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = mapSecrets(platform, v, `${at}/${unqualify(k)}`, to) as YValue | undefined;
  return out as T;
}

/** `value` (the node at schema path `at`) with every secret leaf's value replaced by SECRET_MASK. */
export const redactSecrets = <T extends YValue | null | undefined>(platform: Platform, value: T, at: string): T => mapSecrets(platform, value, at, () => SECRET_MASK);

/** Whether `value` (at schema path `at`) sets any secret leaf. */
export function hasSecret(platform: Platform, value: YValue | undefined, at: string): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.some((e) => isObj(e) && hasSecret(platform, e, at));
  if (!isObj(value)) return isSecretLeaf(platform, at);
  return Object.entries(value).some(([k, v]) => hasSecret(platform, v, `${at}/${unqualify(k)}`));
}

/**
 * Leaf names that look like secrets, without their module prefix: the fallback for what the
 * generated table cannot place (a spec's keys, a path outside the loaded models, an error text).
 */
export const SECRET_NAME = /(^|-)(password|secret|private-key|pre-shared-key|psk|authentication-key|auth-key|key-string|community)$/i;

export const isSecretName = (name: string) => SECRET_NAME.test(name.slice(name.indexOf(':') + 1));

/** The first secret-looking leaf name anywhere in a YANG JSON value (or object keys of a spec), if any. */
export function secretLeafIn(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.map(secretLeafIn).find(Boolean);
  if (v === null || typeof v !== 'object') return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (isSecretName(k)) return k.slice(k.indexOf(':') + 1);
    const inner = secretLeafIn(x);
    if (inner) return inner;
  }
  return undefined;
}

const LEAF = '(?:[A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)';

/**
 * Masks secret leaf values in native text: XML (`<auth-key>x</auth-key>`), JSON
 * (`"auth-key": "x"`) and CLI / error text (`auth-key "x"`, `password x`). The leaf name
 * stays, so a reader still sees that a secret changed, never what it is.
 */
export function redactSecretText(text: string): string {
  return text
    .replace(new RegExp(`(<${LEAF}(?:\\s[^>]*)?>)([^<]*)(</)`, 'g'), (m, open: string, name: string, _v: string, close: string) => (isSecretName(name) ? `${open}${SECRET_MASK}${close}` : m))
    .replace(new RegExp(`("${LEAF}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`, 'g'), (m, pre: string, name: string) => (isSecretName(name) ? `${pre}"${SECRET_MASK}"` : m))
    .replace(new RegExp(`(^|[\\s'(])${LEAF}(\\s+)("(?:[^"\\\\]|\\\\.)*"|[^\\s"<>]+)`, 'gm'), (m, lead: string, name: string, sp: string) =>
      isSecretName(name) ? `${lead}${name}${sp}${SECRET_MASK}` : m,
    );
}
