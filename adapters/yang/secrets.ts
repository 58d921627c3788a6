// Secret leaves (generated from the models' types: gen/secrets.ts): the router keeps them
// encrypted or hashed and reads them back in that form, so they compare by presence only
// (drivers/compare.ts) and never show in a diff, a status or an event: `redactSecrets`
// masks them on both sides before any diff is rendered.
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

/** `value` (the node at schema path `at`) with every secret leaf's value replaced by SECRET_MASK. */
export function redactSecrets<T extends YValue | null | undefined>(platform: Platform, value: T, at: string): T {
  if (value === undefined || value === null) return value;
  if (!isObj(value) && !(Array.isArray(value) && value.some(isObj))) return (isSecretLeaf(platform, at) ? SECRET_MASK : value) as T;
  if (Array.isArray(value)) return value.map((e) => redactSecrets(platform, e as YValue, at)) as T;
  const out: YObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactSecrets(platform, v, `${at}/${unqualify(k)}`) as YValue | undefined;
  return out as T;
}

/** Whether `value` (at schema path `at`) sets any secret leaf. */
export function hasSecret(platform: Platform, value: YValue | undefined, at: string): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.some((e) => isObj(e) && hasSecret(platform, e, at));
  if (!isObj(value)) return isSecretLeaf(platform, at);
  return Object.entries(value).some(([k, v]) => hasSecret(platform, v, `${at}/${unqualify(k)}`));
}
