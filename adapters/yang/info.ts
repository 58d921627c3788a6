// Reads yanglint's compiled-schema view (`yanglint -f info -P <path>`): YANG-like
// statements with every typedef and grouping resolved. Used only by the type generator.
export interface Stmt {
  keyword: string;
  arg?: string;
  children: Stmt[];
}

/** Tokenizes and nests the statements; quoted strings may span lines and hold any character. */
export function parseStatements(text: string): Stmt[] {
  const root: Stmt = { keyword: '', children: [] };
  const stack: Stmt[] = [root];
  let words: string[] = [];
  const emit = (opened: boolean) => {
    if (!words.length) return;
    const st: Stmt = { keyword: words[0]!, arg: words.length > 1 ? words.slice(1).join(' ') : undefined, children: [] };
    stack.at(-1)!.children.push(st);
    if (opened) stack.push(st);
    words = [];
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') i++;
    else if (c === '{' || c === ';') {
      emit(c === '{');
      i++;
    } else if (c === '}') {
      emit(false);
      stack.pop();
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < n && text[j] !== c) {
        if (c === '"' && text[j] === '\\' && j + 1 < n) {
          s += text[j + 1];
          j += 2;
        } else s += text[j++];
      }
      words.push(s);
      i = j + 1;
    } else if (c === '+' && words.length) i++; // string concatenation
    else {
      let j = i;
      while (j < n && !' \n\t\r{};'.includes(text[j]!)) j++;
      words.push(text.slice(i, j));
      i = j;
    }
  }
  return root.children;
}

export interface YangType {
  name: string;
  enums: string[];
  members: YangType[];
  /** identityref: the base identity, as printed (possibly prefixed). */
  base?: string;
  /** Integer/decimal `range` and string/binary `length` restrictions, as written (`1..80 | 100`). */
  range?: string;
  length?: string;
  /** XSD regular expressions a string must match (or, `invert`, must not). */
  patterns?: { regex: string; invert: boolean }[];
}

export interface SchemaNode {
  kind: 'container' | 'list' | 'leaf' | 'leaf-list';
  name: string;
  keys: string[];
  mandatory: boolean;
  presence: boolean;
  /** Under a choice, or guarded by `when`: its `mandatory` holds only in some configurations. */
  conditional?: boolean;
  type?: YangType;
  children: Map<string, SchemaNode>;
}

const DATA = new Set(['container', 'list', 'leaf', 'leaf-list']);

function toType(st: Stmt): YangType {
  const base = st.children.find((c) => c.keyword === 'base')?.arg;
  const range = st.children.find((c) => c.keyword === 'range')?.arg;
  const length = st.children.find((c) => c.keyword === 'length')?.arg;
  const patterns = st.children
    .filter((c) => c.keyword === 'pattern')
    .map((c) => ({ regex: c.arg ?? '', invert: c.children.some((m) => m.keyword === 'modifier' && m.arg === 'invert-match') }));
  return {
    name: st.arg ?? '',
    enums: st.children.filter((c) => c.keyword === 'enum').map((c) => c.arg!),
    members: st.children.filter((c) => c.keyword === 'type').map(toType),
    ...(base ? { base } : {}),
    ...(range ? { range } : {}),
    ...(length ? { length } : {}),
    ...(patterns.length ? { patterns } : {}),
  };
}

/** Data children of a statement; choice and case are transparent in data paths. */
function dataChildren(st: Stmt, into: Map<string, SchemaNode>, inChoice = false) {
  for (const c of st.children) {
    if (c.keyword === 'choice' || c.keyword === 'case') dataChildren(c, into, true);
    else if (DATA.has(c.keyword)) {
      const node = toNode(c);
      if (inChoice) node.conditional = true;
      into.set(c.arg!, node);
    }
  }
}

export function toNode(st: Stmt): SchemaNode {
  const node: SchemaNode = {
    kind: st.keyword as SchemaNode['kind'],
    name: st.arg!,
    keys: [],
    mandatory: st.children.some((c) => c.keyword === 'mandatory' && c.arg === 'true'),
    presence: st.children.some((c) => c.keyword === 'presence'),
    ...(st.children.some((c) => c.keyword === 'when') ? { conditional: true } : {}),
    children: new Map(),
  };
  const type = st.children.find((c) => c.keyword === 'type');
  if (type) node.type = toType(type);
  dataChildren(st, node.children);
  node.keys = splitKeys(st.children.find((c) => c.keyword === 'key')?.arg ?? '', [...node.children.keys()]);
  return node;
}

/**
 * The key names of a list. libyang 2.1 prints some key statements as ", name" and runs
 * others together with no separator at all ("ip-prefixroute-type" for vprn static-routes
 * route), so a run-together word is split back into the list's own leaf names.
 */
export function splitKeys(arg: string, children: string[]): string[] {
  const words = arg.split(/[\s,]+/).filter(Boolean);
  return words.flatMap((w) => (children.includes(w) ? [w] : joined(w, children) ?? [w]));
}

function joined(word: string, children: string[]): string[] | undefined {
  if (!word) return [];
  for (const c of [...children].sort((a, b) => b.length - a.length)) {
    if (!word.startsWith(c)) continue;
    const rest = joined(word.slice(c.length), children);
    if (rest) return [c, ...rest];
  }
  return undefined;
}

const INT = new Set(['int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32']);
const AS_STRING = new Set(['int64', 'uint64', 'decimal64']); // RFC 7951: these travel as JSON strings

/** The TypeScript type of a leaf value in JSON_IETF. */
export function tsType(t: YangType): string {
  if (INT.has(t.name)) return 'number';
  if (AS_STRING.has(t.name)) return 'string';
  if (t.name === 'boolean') return 'boolean';
  if (t.name === 'empty') return '[null]';
  if (t.name === 'enumeration') return t.enums.map((e) => JSON.stringify(e)).join(' | ');
  if (t.name === 'leafref') return t.members[0] ? tsType(t.members[0]) : 'string | number';
  if (t.name === 'union') return [...new Set(t.members.map(tsType))].join(' | ');
  return 'string';
}
