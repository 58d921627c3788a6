// The one path grammar, shared by ENC spec.path, the gNMI client and simulator, and every path
// netintent prints (status messages, drift and ownership keys, gNMI request paths):
//
//   path  = "/" | ["/"] elem *("/" elem)
//   elem  = name *("[" name "=" value "]")          name: [A-Za-z_][A-Za-z0-9_.:-]*
//   value = '"' *(not '"') '"' | "'" *(not "'") "'"  quoted: taken literally (ENC's `[k="v 2"]`)
//         | *(char | "\" ("\" | "]" | '"' | "'"))    bare: up to the first unescaped `]`
//
// Bare values follow the gNMI path convention (openconfig/reference, gnmi-path-conventions.md):
// `]` and `\` are escaped with a backslash, `/` and `=` need none. A backslash before any other
// character is that backslash, as ENC paths have always read it. The printer escapes `\`, `]`
// and a leading quote, so whatever it prints parses back to the same path.
import type { PathElem, YPath } from './tree.js';

export class PathSyntaxError extends Error {}

const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const ESCAPED = new Set(['\\', ']', '"', "'"]);

/** Parses a path string into its elements; `/` and `` are the root (no elements). */
export function parsePath(text: string): YPath {
  const fail = (why: string): never => {
    throw new PathSyntaxError(`${why} in ${JSON.stringify(text.slice(0, 200))}`);
  };
  const name = (at: number, what: string) => {
    NAME.lastIndex = at;
    const m = NAME.exec(text);
    return m ? m[0] : fail(`${what} expected at ${at}`);
  };
  const elems: YPath = [];
  let i = text.startsWith('/') ? 1 : 0;
  if (i >= text.length) return elems;
  for (;;) {
    const elem: PathElem = { name: name(i, 'a node name') };
    i += elem.name.length;
    while (text[i] === '[') {
      const key = name(i + 1, 'a key name');
      i += 1 + key.length;
      if (text[i] !== '=') fail(`"=" expected after key ${key}`);
      let value = '';
      const quote = text[i + 1];
      const close = quote === '"' || quote === "'" ? text.indexOf(quote, i + 2) : -1;
      if (close > 0 && text[close + 1] === ']') {
        value = text.slice(i + 2, close);
        i = close + 1;
      } else {
        for (i++; i < text.length && text[i] !== ']'; i++) value += text[i] === '\\' && ESCAPED.has(text[i + 1]!) ? text[++i] : text[i];
      }
      if (text[i] !== ']') fail(`unclosed [${key}=`);
      i++;
      elem.keys ??= {};
      if (key in elem.keys) fail(`key ${key} given twice`);
      elem.keys[key] = value;
    }
    elems.push(elem);
    if (i >= text.length) return elems;
    if (text[i] !== '/') fail(`unexpected ${JSON.stringify(text[i])} at ${i}`);
    i++;
  }
}

const escapeValue = (v: string | number) =>
  String(v)
    .replace(/[\\\]]/g, (c) => '\\' + c)
    .replace(/^["']/, (c) => '\\' + c);

/**
 * The canonical text of a path: `/a/b[k1=v1][k2=v2]`, keys in code-point order (gNMI keys are
 * a map, so two spellings of one entry print alike), `/` for the root. `nameOf` maps each name,
 * e.g. to drop module prefixes.
 */
export function formatPath(path: YPath, nameOf: (name: string) => string = (n) => n): string {
  if (!path.length) return '/';
  let out = '';
  for (const e of path) out += '/' + formatElem(e, nameOf);
  return out;
}

/** One element in the canonical form, without its slash: `b[k1=v1][k2=v2]`. */
export function formatElem(e: PathElem, nameOf: (name: string) => string = (n) => n): string {
  let out = nameOf(e.name);
  if (e.keys) for (const k of Object.keys(e.keys).sort()) out += `[${k}=${escapeValue(e.keys[k]!)}]`;
  return out;
}

/** Whether two elements name the same node: same name and, when both have keys, the same keys. */
export function sameElem(a: PathElem, b: PathElem): boolean {
  if (a.name !== b.name) return false;
  if (!a.keys || !b.keys) return true;
  const ka = Object.keys(a.keys);
  return ka.length === Object.keys(b.keys).length && ka.every((k) => k in b.keys! && String(a.keys![k]) === String(b.keys![k]));
}
