// Is this value a valid instance of that YANG leaf type? The lexical check libyang makes
// (RFC 7950 section 9, RFC 7951 for JSON_IETF), done in process so that a bad value is refused
// before a device or the judge sees it: integer bounds and `range`, string `length` and
// `pattern` (XSD regular expressions, translated where JavaScript can say the same thing),
// enumerations, booleans, unions. Leafrefs take their target's type; what a leafref points
// to, `must` and `when` stay the judge's business (they need the whole datastore).
import type { YangType } from './info.js';

/** XML: every scalar travels as text. JSON_IETF: numbers up to 32 bits as numbers, 64-bit ones as strings. */
export type Encoding = 'xml' | 'json';

const INT_BITS: Record<string, [bigint, bigint]> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};
const AS_STRING = new Set(['int64', 'uint64', 'decimal64']);

/**
 * RFC 7950 9.4: a string holds any Unicode character but C0 controls other than tab, CR and
 * LF, surrogates and non-characters. XML 1.0 cannot carry them either.
 */
// eslint-disable-next-line no-control-regex
export const BAD_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const show = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** `1..80 | 100 | min..max` → inclusive intervals (numbers as bigint or float, per the type). */
function intervals(spec: string, lo: number | bigint, hi: number | bigint, big: boolean): [number | bigint, number | bigint][] {
  const num = (t: string) => (t === 'min' ? lo : t === 'max' ? hi : big ? BigInt(t) : Number(t));
  return spec.split('|').map((part) => {
    const [a, b] = part.split('..').map((x) => x.trim());
    return [num(a!), num(b ?? a!)];
  });
}

function inRange(v: number | bigint, spec: string | undefined, lo: number | bigint, hi: number | bigint, big: boolean): boolean {
  if (v < lo || v > hi) return false;
  if (!spec) return true;
  try {
    return intervals(spec, lo, hi, big).some(([a, b]) => v >= a && v <= b);
  } catch {
    return true; // a range this reader does not understand: the judge decides
  }
}

const XSD_CLASS_ESCAPES: Record<string, [string, string]> = {
  // [outside a class, inside a class]
  d: ['\\p{Nd}', '\\p{Nd}'],
  D: ['\\P{Nd}', ''],
  s: ['[ \\t\\n\\r]', ' \\t\\n\\r'],
  S: ['[^ \\t\\n\\r]', ''],
  w: ['[^\\p{P}\\p{Z}\\p{C}]', '\\p{L}\\p{M}\\p{N}\\p{S}'],
  W: ['[\\p{P}\\p{Z}\\p{C}]', '\\p{P}\\p{Z}\\p{C}'],
};

/**
 * An XSD regular expression as a whole-value JavaScript one, or undefined when it uses what
 * JavaScript cannot say alike (`\i`, `\c`, block escapes, class subtraction): then the judge
 * decides. XSD has no anchors, so `^` and `$` outside a class are literal characters.
 */
export function xsdToRegExp(xsd: string): RegExp | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < xsd.length; i++) {
    const c = xsd[i]!;
    if (c === '\\') {
      const n = xsd[++i];
      if (n === undefined) return undefined;
      const cls = XSD_CLASS_ESCAPES[n];
      if (cls) {
        const form = inClass ? cls[1] : cls[0];
        if (!form) return undefined; // negated escapes inside a class
        out += form;
      } else if ('iIcC'.includes(n)) return undefined;
      else if (n === 'p' || n === 'P') {
        const m = /^\{([A-Za-z]+)\}/.exec(xsd.slice(i + 1));
        if (!m || m[1]!.startsWith('Is')) return undefined; // block escapes (IsBasicLatin): not in JavaScript
        out += `\\${n}{${m[1]}}`;
        i += m[0].length;
      } else if (/[nrt]/.test(n)) out += `\\${n}`;
      else out += /[A-Za-z0-9]/.test(n) ? n : `\\${n}`;
    } else if (inClass) {
      if (c === '-' && xsd[i + 1] === '[') return undefined; // class subtraction
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (xsd[i + 1] === '^') out += xsd[++i];
      if (xsd[i + 1] === ']') out += '\\' + xsd[++i]; // a `]` first in a class is literal
    } else if (c === '.') out += '[^\\n\\r]'; // XSD `.`: anything but CR and LF (JavaScript's also stops at U+2028/9)
    else out += c === '^' || c === '$' ? `\\${c}` : c;
  }
  try {
    return new RegExp(`^(?:${out})$`, 'u');
  } catch {
    return undefined;
  }
}

const compiled = new Map<string, RegExp | null>();
function patternOf(xsd: string): RegExp | undefined {
  if (!compiled.has(xsd)) compiled.set(xsd, xsdToRegExp(xsd) ?? null);
  return compiled.get(xsd) ?? undefined;
}

/** What is wrong with `v` as a value of a leaf of type `t`, or undefined when it is fine. */
export function leafValueProblem(t: YangType, v: unknown, enc: Encoding): string | undefined {
  if (t.name === 'union') {
    if (!t.members.length) return undefined;
    const problems = t.members.map((m) => leafValueProblem(m, v, enc));
    return problems.some((p) => p === undefined) ? undefined : `${show(v)} is none of the union's types (${problems[0]})`;
  }
  if (t.name === 'leafref') return t.members[0] ? leafValueProblem(t.members[0], v, enc) : undefined;
  if (t.name === 'empty') {
    const empty = v === null || (Array.isArray(v) && v.length === 1 && v[0] === null) || (enc === 'xml' && v === '');
    return empty ? undefined : `${show(v)}: an empty leaf takes no value (write [null])`;
  }
  if (v === null || typeof v === 'object') return `${show(v)} is not a ${t.name} value`;
  const text = String(v);
  if (BAD_CHARS.test(text)) return `${show(v)} holds a control character, a lone surrogate or a non-character`;
  const bits = INT_BITS[t.name];
  if (bits) {
    if (enc === 'json' && (AS_STRING.has(t.name) ? typeof v !== 'string' : typeof v !== 'number')) {
      return `${show(v)}: a ${t.name} is a JSON ${AS_STRING.has(t.name) ? 'string' : 'number'} in JSON_IETF`;
    }
    if (!/^-?[0-9]+$/.test(text)) return `${show(v)} is not an integer (${t.name})`;
    const n = BigInt(text);
    if (!inRange(n, t.range, bits[0], bits[1], true)) return `${text} is out of range for ${t.name}${t.range ? ` (${t.range})` : ''}`;
    return undefined;
  }
  if (t.name === 'decimal64') {
    if (enc === 'json' && typeof v !== 'string') return `${show(v)}: a decimal64 is a JSON string in JSON_IETF`;
    if (!/^-?[0-9]+(\.[0-9]+)?$/.test(text)) return `${show(v)} is not a decimal number`;
    if (!inRange(Number(text), t.range, -Infinity, Infinity, false)) return `${text} is out of range (${t.range})`;
    return undefined;
  }
  if (t.name === 'boolean') {
    if (enc === 'json' ? typeof v !== 'boolean' : text !== 'true' && text !== 'false') return `${show(v)} is not a boolean (true or false)`;
    return undefined;
  }
  if (enc === 'json' && typeof v !== 'string') return `${show(v)} is not a string (${t.name})`;
  if (t.name === 'enumeration') return t.enums.includes(text) ? undefined : `${show(v)} is not one of ${t.enums.slice(0, 12).join(', ')}${t.enums.length > 12 ? ', …' : ''}`;
  if (t.name === 'identityref' && !/^(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*$/.test(text)) return `${show(v)} is not an identity name`;
  if (t.name === 'string') {
    const chars = [...text].length;
    if (t.length && !inRange(chars, t.length, 0, Number.MAX_SAFE_INTEGER, false)) return `${show(v)} has ${chars} characters; the length must be ${t.length}`;
    for (const p of t.patterns ?? []) {
      const re = patternOf(p.regex);
      if (re && re.test(text) === p.invert) return `${show(v)} ${p.invert ? 'matches' : 'does not match'} the pattern ${p.regex}`;
    }
  }
  return undefined;
}
