// Startup configs as containerlab hands them to a node, read into the YANG instance tree the
// renderers produce (adapters/yang/tree.ts, RFC 7951 shape). Two CLI forms:
//   SR OS MD-CLI flat:  /configure router "Base" interface "system" ipv4 primary address 10.0.0.1
//   SR Linux:           set / interface ethernet-1/1 subinterface 0 admin-state enable
// A line is a walk down the schema: a container name descends, a list name takes its key
// values (in key order), a leaf takes one value, a leaf-list one value or `[a b]`, an
// `empty` leaf none. Several leaves may follow one another at the same level, as the CLIs
// allow. Values get their JSON_IETF type from the leaf's resolved YANG type.
import { readFileSync } from 'node:fs';
import type { YangType } from './info.js';
import type { Platform } from './models.js';
import { loadPlatformSchema, type PlatformSchema, type SchemaEntry } from './schema-index.js';
import type { Leaf, YObject } from './tree.js';

export class StartupConfigError extends Error {}

interface Token {
  text: string;
  quoted: boolean;
}

/** Splits one CLI line: "quoted strings" (with \" and \\ escapes), `[` and `]`, bare words. */
export function tokenize(line: string, where: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') i++;
    else if (c === '[' || c === ']') {
      out.push({ text: c, quoted: false });
      i++;
    } else if (c === '"') {
      let s = '';
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        s += line[j++];
      }
      if (j >= line.length) throw new StartupConfigError(`${where}: unterminated quoted string`);
      out.push({ text: s, quoted: true });
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && !' \t[]"'.includes(line[j]!)) j++;
      out.push({ text: line.slice(i, j), quoted: false });
      i = j;
    }
  }
  return out;
}

const INT = /^(u?int(8|16|32))$/;
const isInt = (v: string) => /^-?\d+$/.test(v);

/** A CLI value as JSON_IETF: numbers for ≤32-bit integers, booleans, `[null]` for empty, qualified identities. */
function typedValue(text: string, type: YangType | undefined, schema: PlatformSchema): Leaf {
  if (!type) return text;
  const t = type.name;
  if (INT.test(t)) return isInt(text) ? Number(text) : text;
  if (t === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (t === 'leafref') return typedValue(text, type.members[0], schema);
  if (t === 'identityref') {
    if (text.includes(':')) return text;
    const module = identityModule(text, type, schema);
    return module ? `${module}:${text}` : text;
  }
  if (t === 'union') {
    for (const m of type.members) {
      if (INT.test(m.name) && isInt(text)) return Number(text);
      if (m.name === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
      if (m.name === 'enumeration' && m.enums.includes(text)) return text;
    }
    const id = type.members.find((m) => m.name === 'identityref');
    if (id && schema.identities.has(text)) return typedValue(text, id, schema);
    return text;
  }
  return text;
}

/** The module defining identity `name` derived (at any depth) from the identityref's base. */
function identityModule(name: string, type: YangType, schema: PlatformSchema): string | undefined {
  const defs = schema.identities.get(name) ?? [];
  const base = (type.base ?? '').slice((type.base ?? '').indexOf(':') + 1);
  const derives = (id: string, seen = new Set<string>()): boolean =>
    !seen.has(id) && (schema.identities.get(id) ?? []).some((d) => d.bases.includes(base) || d.bases.some((b) => derives(b, seen.add(id))));
  const fits = defs.filter((d) => d.bases.includes(base) || d.bases.some((b) => derives(b)));
  return (fits[0] ?? defs[0])?.module;
}

const isObject = (v: unknown): v is YObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a startup config into a device document: SR OS `{'nokia-conf:configure': {...}}`,
 * SR Linux module-qualified top-level members. Unknown names fail with source:line.
 */
export function parseStartupConfig(platform: Platform, text: string, schema: PlatformSchema, source = 'startup-config'): YObject {
  const doc: YObject = {};
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    const where = `${source}:${n + 1}`;
    if (!line || line.startsWith('#')) return;
    const tokens = tokenize(line, where);
    if (platform === 'sros') {
      if (tokens[0]?.text !== '/configure') throw new StartupConfigError(`${where}: an SR OS startup line starts with /configure (MD-CLI flat format)`);
      walk(tokens, 1, (doc['nokia-conf:configure'] ??= {}) as YObject, '/configure', schema, where);
    } else {
      if (tokens[0]?.text !== 'set' || tokens[1]?.text !== '/') throw new StartupConfigError(`${where}: an SR Linux startup line starts with "set /"`);
      const top = tokens[2]?.text;
      const module = top === undefined ? undefined : schema.tops[top];
      if (!top || !module) {
        throw new StartupConfigError(`${where}: unknown name "${top ?? ''}" at /; known: ${Object.keys(schema.tops).join(', ')}`);
      }
      walk(tokens, 2, doc, '', schema, where);
    }
  });
  return doc;
}

function walk(tokens: Token[], start: number, root: YObject, rootPath: string, schema: PlatformSchema, where: string) {
  let node = root;
  let path = rootPath;
  let i = start;
  const next = (what: string): Token => {
    const t = tokens[i++];
    if (!t || (!t.quoted && (t.text === '[' || t.text === ']'))) throw new StartupConfigError(`${where}: ${what} is missing`);
    return t;
  };
  while (i < tokens.length) {
    const name = next('a name').text;
    const here = `${path}/${name}`;
    const entry: SchemaEntry | undefined = schema.index.get(here);
    if (!entry) throw new StartupConfigError(`${where}: unknown name "${name}" at ${path || '/'}`);
    const member = entry.module ? `${entry.module}:${name}` : name; // RFC 7951: qualified where the module changes
    switch (entry.kind) {
      case 'container': {
        const cur = node[member];
        node = isObject(cur) ? cur : (node[member] = {});
        path = here;
        break;
      }
      case 'list': {
        const keyValues: YObject = {};
        for (const k of entry.keys) keyValues[k] = typedValue(next(`key ${k} of ${here}`).text, schema.index.get(`${here}/${k}`)?.type, schema);
        const list = (Array.isArray(node[member]) ? node[member] : (node[member] = [])) as YObject[];
        let e = list.find((x) => entry.keys.every((k) => String(x[k]) === String(keyValues[k])));
        if (!e) list.push((e = keyValues));
        node = e;
        path = here;
        break;
      }
      case 'leaf':
        node[member] = entry.type?.name === 'empty' ? [null] : typedValue(next(`the value of ${here}`).text, entry.type, schema);
        break;
      case 'leaf-list': {
        const values: Leaf[] = [];
        if (tokens[i]?.text === '[' && !tokens[i]!.quoted) {
          i++;
          while (i < tokens.length && !(tokens[i]!.text === ']' && !tokens[i]!.quoted)) values.push(typedValue(tokens[i++]!.text, entry.type, schema));
          if (i >= tokens.length) throw new StartupConfigError(`${where}: "[" of ${here} is not closed`);
          i++;
        } else values.push(typedValue(next(`the value of ${here}`).text, entry.type, schema));
        const cur = (Array.isArray(node[member]) ? node[member] : (node[member] = [])) as Leaf[];
        for (const v of values) if (!cur.some((c) => c === v)) cur.push(v);
        break;
      }
    }
  }
}

/** Reads a startup-config file (loading the platform's schema once per process). */
export async function readStartupConfig(platform: Platform, file: string): Promise<YObject> {
  return parseStartupConfig(platform, readFileSync(file, 'utf8'), await loadPlatformSchema(platform), file);
}
