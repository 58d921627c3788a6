// Which YANG leaves hold secrets on SR OS / SR Linux (passwords, keys, communities), hashed
// or not, and how to keep them out of what netintent writes down: the crash journal
// (devices/journal.ts) withholds a pre-image that holds one, and the transaction history
// (controllers/history/) masks their values in native diffs and device errors.

/** Leaf names that hold secrets, without their module prefix. */
export const SECRET_LEAF = /(^|-)(password|secret|private-key|pre-shared-key|psk|authentication-key|auth-key|key-string|community)$/i;

export const isSecretLeaf = (name: string) => SECRET_LEAF.test(name.slice(name.indexOf(':') + 1));

/** The first secret-looking leaf name anywhere in a YANG JSON value (or object keys of a spec), if any. */
export function secretLeafIn(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.map(secretLeafIn).find(Boolean);
  if (v === null || typeof v !== 'object') return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (isSecretLeaf(k)) return k.slice(k.indexOf(':') + 1);
    const inner = secretLeafIn(x);
    if (inner) return inner;
  }
  return undefined;
}

const LEAF = '(?:[A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)';
export const REDACTED = '<redacted>';

/**
 * Masks secret leaf values in native text: XML (`<auth-key>x</auth-key>`), JSON
 * (`"auth-key": "x"`) and CLI / error text (`auth-key "x"`, `password x`). The leaf name
 * stays, so a reader still sees that a secret changed, never what it is.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(new RegExp(`(<${LEAF}(?:\\s[^>]*)?>)([^<]*)(</)`, 'g'), (m, open: string, name: string, _v: string, close: string) => (isSecretLeaf(name) ? `${open}${REDACTED}${close}` : m))
    .replace(new RegExp(`("${LEAF}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`, 'g'), (m, pre: string, name: string) => (isSecretLeaf(name) ? `${pre}"${REDACTED}"` : m))
    .replace(new RegExp(`(^|[\\s'(])${LEAF}(\\s+)("(?:[^"\\\\]|\\\\.)*"|[^\\s"<>]+)`, 'gm'), (m, lead: string, name: string, sp: string) =>
      isSecretLeaf(name) ? `${lead}${name}${sp}${REDACTED}` : m,
    );
}
