// The "fixed copy" of the SR Linux 25.3.1 models (../shared/yang/README.md, "Two traps").
// The models' must/when statements are written for SR Linux's own XPath reading, which
// differs from XPath 1.0 as libyang evaluates it, so full validation refuses valid data:
// - 113 statements compare a boolean leaf with true()/false(); XPath 1.0 turns the node-set
//   into a boolean there, so an existing leaf is true whatever its value: every default
//   `false` fails `. = false() or …`, and `X = true()` checks nothing;
// - identities are named without their module (`type != 'bridged'`, `afi-safi-name='evpn'`):
//   libyang resolves them in the leaf's own module, where they do not exist;
// - `X != 'v'` fails for an absent X (a routed subinterface has no `type`).
// The judge runs against a copy in which those comparisons say what they mean (see
// rewriteExpression). The originals are never edited; the copy lives in the cache, named by
// a hash of the originals and of these rules, and is built once (atomically).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { cacheDir } from '../paths.js';

/** Bump when the rewrite rules below change: the copy's name depends on it. */
const RULES_VERSION = 5;

const PATH_CHAR = /[A-Za-z0-9_\-.:/@*]/;
const NAME_CHAR = /[A-Za-z0-9_\-.:]/;

/** The index of the bracket matching the closing one at `close`, scanning left (quotes skipped). */
function openingBefore(s: string, close: number): number {
  const pair: Record<string, string> = { ')': '(', ']': '[' };
  const stack: string[] = [];
  let quote = '';
  for (let i = close; i >= 0; i--) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ')' || c === ']') stack.push(pair[c]!);
    else if (c === '(' || c === '[') {
      if (stack.pop() !== c) return -1;
      if (!stack.length) return i;
    }
  }
  return -1;
}

/** The index of the bracket matching the opening one at `open`, scanning right (quotes skipped). */
function closingAfter(s: string, open: number): number {
  const pair: Record<string, string> = { '(': ')', '[': ']' };
  const stack: string[] = [];
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') stack.push(pair[c]!);
    else if (c === ')' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (!stack.length) return i;
    }
  }
  return -1;
}

/**
 * Where the location path that ends just before `end` starts, or -1 when what ends there is
 * not a path (a function call such as `boolean(x)` already yields a boolean: left alone).
 */
function pathStart(s: string, end: number): number {
  let i = end - 1;
  while (i >= 0) {
    const c = s[i]!;
    if (PATH_CHAR.test(c)) i--;
    else if (c === ']') {
      const open = openingBefore(s, i);
      if (open < 0) return -1;
      i = open - 1;
    } else if (c === ')') {
      const open = openingBefore(s, i);
      if (open < 0) return -1;
      let name = open;
      while (name > 0 && NAME_CHAR.test(s[name - 1]!)) name--;
      const fn = s.slice(name, open);
      if (fn === 'current' && open === i - 1) i = name - 1;
      else if (fn) return -1;
      else if (pathStart(s, i) !== open + 1) return -1; // ( expression ): only a parenthesised path
      else i = open - 1;
    } else break;
  }
  return i + 1 < end ? i + 1 : -1;
}

/** Where the location path that starts at `start` ends (exclusive), or -1. */
function pathEnd(s: string, start: number): number {
  let i = start;
  while (i < s.length) {
    const c = s[i]!;
    if (s.startsWith('current()', i)) i += 'current()'.length;
    else if (PATH_CHAR.test(c)) i++;
    else if (c === '[') {
      const close = closingAfter(s, i);
      if (close < 0) return -1;
      i = close + 1;
    } else if (c === '(' && i === start) {
      const close = closingAfter(s, i);
      if (close < 0 || pathEnd(s, i + 1) !== close) return -1;
      i = close + 1;
    } else break;
  }
  return i > start ? i : -1;
}

/** Whether `at` lies inside a predicate (`[…]`) of `s`, literals (quoted with `q`) skipped. */
function inPredicate(s: string, at: number, q: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < at; i++) {
    const c = s[i]!;
    if (c === q) quoted = !quoted;
    else if (quoted) continue;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
  }
  return depth > 0;
}

const isSelf = (path: string) => path === '.' || path === 'current()';

/** What the rewrite needs to know beyond the line itself. */
export interface RewriteContext {
  /** Whether `.`/`current()` is a leaf there: on a container `. = true()` asks for presence. */
  selfIsLeaf?: boolean;
  /** The names of every identity the models define. */
  identities?: ReadonlySet<string>;
}

/**
 * The comparison rewritten to read the leaf's value, absent counting as false:
 * `X = true()` and `X != false()` → `X = "true"`; `X = false()` and `X != true()` →
 * `not(X = "true")`. Returns undefined when the operand is not one boolean leaf.
 */
function booleanComparison(path: string, op: string, value: string, q: string, selfIsLeaf: boolean): string | undefined {
  if (path.endsWith(']')) return undefined; // a list entry, not a leaf: existence is what is asked
  if (isSelf(path.replace(/^\((.*)\)$/, '$1')) && !selfIsLeaf) return undefined; // a container's presence
  const isTrue = `${path} = ${q}true${q}`;
  return (op === '=') === (value === 'true') ? isTrue : `not(${isTrue})`;
}

/**
 * Rewrites, left to right, each match of `pattern` that `edit` accepts: `edit` returns the
 * text up to the end of its replacement (scanning resumes there) and the rest.
 */
function rewriteAll(text: string, pattern: RegExp, edit: (s: string, hit: RegExpExecArray) => [string, string] | undefined): string {
  let out = text;
  const re = new RegExp(pattern.source, 'g');
  for (let hit; (hit = re.exec(out)); ) {
    const next = edit(out, hit);
    if (!next) continue;
    out = next[0] + next[1];
    re.lastIndex = next[0].length;
  }
  return out;
}

/**
 * A piece of a must/when expression (`q`: the quote its string literals use) read the way
 * SR Linux reads it. Three rules, each needed by valid data under XPath 1.0 as libyang
 * evaluates it:
 * 1. A leaf compared with an identity named without its module (`type = 'bridged'`,
 *    `afi-safi-name='evpn'`) also matches on the identity's local name:
 *    `(X = 'v' or substring-after(X, ':') = 'v')`. libyang resolves an unprefixed identity
 *    in the leaf's own module, where it is not defined, so the comparison is always false;
 *    the name alone is what SR Linux compares, and several modules define `evpn`.
 * 2. `X != 'v'` becomes `not(X = 'v')`: SR Linux holds it for an absent leaf (a routed
 *    subinterface has no `type`, yet may carry ipv4), XPath 1.0 does not.
 * 3. Boolean leaves compared with true()/false() read the value (see the file header).
 */
export function rewriteExpression(text: string, q: string, ctx: RewriteContext = {}): string {
  const selfIsLeaf = ctx.selfIsLeaf ?? true;
  let out = rewriteAll(text, new RegExp(`\\s*(!?=)\\s*${q}([^${q}]*)${q}`), (s, hit) => {
    const [, op, value] = hit;
    const start = pathStart(s, hit.index);
    if (start < 0) return undefined;
    const identity = ctx.identities?.has(value!) && /^[A-Za-z_][\w.-]*$/.test(value!);
    if (op === '=' && !identity) return undefined;
    const path = s.slice(start, hit.index);
    const literal = `${q}${value}${q}`;
    let equal = `${path} = ${literal}`;
    if (identity && inPredicate(s, start, q)) {
      // libyang 2.1 fails `or` inside a predicate of an empty node-set ("path operator on
      // boolean"): a single comparison instead, `P` ends with ":v" (P is one key leaf there)
      const from = `string-length(${path}) - ${value!.length - 1}`;
      equal = `substring(concat(${q}:${q}, ${path}), ${from}) = ${q}:${value}${q}`;
    } else if (identity) equal = `${equal} or substring-after(${path}, ${q}:${q}) = ${literal}`;
    return [s.slice(0, start) + (op === '=' ? `(${equal})` : `not(${equal})`), s.slice(hit.index + hit[0].length)];
  });
  out = rewriteAll(out, /(\s*)(!?=)\s*(true|false)\(\)/, (s, hit) => {
    const start = pathStart(s, hit.index);
    const text = start < 0 ? undefined : booleanComparison(s.slice(start, hit.index), hit[2]!, hit[3]!, q, selfIsLeaf);
    return text === undefined ? undefined : [s.slice(0, start) + text, s.slice(hit.index + hit[0].length)];
  });
  return rewriteAll(out, /(?<![\w-])(true|false)\(\)\s*(!?=)\s*/, (s, hit) => {
    const from = hit.index + hit[0].length;
    const end = pathEnd(s, from);
    const text = end < 0 ? undefined : booleanComparison(s.slice(from, end), hit[2]!, hit[1]!, q, selfIsLeaf);
    return text === undefined ? undefined : [s.slice(0, hit.index) + text, s.slice(end)];
  });
}

/** One must/when line rewritten (see rewriteExpression); any other line is returned unchanged. */
export function rewriteMustLine(line: string, ctx: RewriteContext = {}): string {
  const statement = /^\s*(?:must|when)\s+(["'])/.exec(line);
  if (!statement) return line;
  return rewriteExpression(line, statement[1] === "'" ? '"' : "'", ctx);
}

const STATEMENT = /^(\s*)(leaf|leaf-list|container|list|deviate|refine|augment|grouping|choice|case|uses|typedef)\b[^{]*\{\s*$/;

/** Whether `text` holds an odd number of `quote` characters: it opens or closes an argument. */
function togglesQuote(text: string, quote: string): boolean {
  const bare = quote === '"' ? text.replace(/\\./g, '') : text; // \" inside "…" is no quote
  return (bare.split(quote).length - 1) % 2 === 1;
}

/** A YANG file with its must/when expressions rewritten (see rewriteExpression). */
export function rewriteYang(text: string, identities?: ReadonlySet<string>): string {
  const open: { indent: number; keyword: string }[] = [];
  let continued: { quote: string; selfIsLeaf: boolean } | undefined; // inside a multi-line must/when
  return text
    .split('\n')
    .map((line) => {
      if (continued) {
        const c = continued;
        if (togglesQuote(line, c.quote)) continued = undefined;
        return rewriteExpression(line, c.quote === "'" ? '"' : "'", { selfIsLeaf: c.selfIsLeaf, identities });
      }
      const indent = line.length - line.trimStart().length;
      if (line.trim()) while (open.length && open[open.length - 1]!.indent >= indent) open.pop();
      const st = STATEMENT.exec(line);
      if (st) {
        open.push({ indent, keyword: st[2]! });
        return line;
      }
      const enclosing = open.length ? open[open.length - 1]!.keyword : '';
      const selfIsLeaf = enclosing !== 'container' && enclosing !== 'list';
      const statement = /^\s*(?:must|when)\s+(["'])/.exec(line);
      if (!statement) return line;
      const quote = statement[1]!;
      const rest = line.slice(statement.index + statement[0].length);
      if (!togglesQuote(rest, quote)) continued = { quote, selfIsLeaf };
      return rewriteMustLine(line, { selfIsLeaf, identities });
    })
    .join('\n');
}

/** The name of every identity the models define. */
export function identityNames(texts: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/^\s*identity\s+([\w.-]+)/gm)) names.add(m[1]!);
  return names;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []))
    .sort();
}

const built = new Map<string, string>();

/** Where extra modules land in the copy: `<copy>/netintent/<file name>`. */
export const EXTRA_FOLDER = 'netintent';

/**
 * The fixed copy of the model tree `source` (e.g. <yangDir>/srlinux-25.3.1), built when
 * missing: `<cache>/yang/<name>-fixed-<hash of the originals, the extras and the rules>`.
 * `extras` (netintent's deviation module) are rewritten alike into EXTRA_FOLDER, so that a
 * deviation naming a statement it deletes still matches the rewritten statement.
 */
export function fixedModels(source: string, o: { name?: string; extras?: string[] } = {}): string {
  const key = [source, ...(o.extras ?? [])].join('\0');
  const known = built.get(key);
  if (known && existsSync(known)) return known;
  const copies = [
    ...files(source).map((from) => ({ from, to: relative(source, from) })),
    ...(o.extras ?? []).map((from) => ({ from, to: join(EXTRA_FOLDER, basename(from)) })),
  ];
  const hash = createHash('sha256').update(`rules ${RULES_VERSION}\n`);
  const contents = copies.map((c) => {
    const data = readFileSync(c.from);
    hash.update(`${c.to}\0${data.length}\0`).update(data);
    return data;
  });
  const target = join(cacheDir(), 'yang', `${o.name ?? basename(source)}-fixed-${hash.digest('hex').slice(0, 12)}`);
  if (!existsSync(target)) {
    const yang = (i: number) => copies[i]!.to.endsWith('.yang');
    const identities = identityNames(contents.filter((_, i) => yang(i)).map((c) => c.toString('utf8')));
    const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
    copies.forEach((c, i) => {
      const to = join(tmp, c.to);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, yang(i) ? rewriteYang(contents[i]!.toString('utf8'), identities) : contents[i]!);
    });
    try {
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(target)) throw e; // else another process built the same copy first
    }
  }
  built.set(key, target);
  return target;
}
