// Every rendered document stays inside its owner's paths. The check reads what would go on the
// wire (the SR OS <edit-config> XML, the SR Linux JSON_IETF text), parses it back and walks it:
// each node must lie under one of the fragment's update paths, or be an ancestor on the way
// there holding nothing but that way and its own list keys. A name or value that turned into
// markup (`a>x</a><vprn>…`, `@_nc:operation`, `#text`) shows up as a node outside the paths.
// The update paths themselves must lie under the roots the owner's kind may write: a service
// writes its service objects and the shared parents it merges into; an ENC object its spec.path.
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Platform } from '../yang/models.js';
import { assemble, pathString, schemaPath, unqualify, type Fragment, type PathElem, type YPath } from '../yang/tree.js';
import { editConfigXml } from '../yang/xml.js';
import { Invalid } from './pools.js';

/**
 * What each kind may write, per platform: schema paths (no keys) of the subtrees its renderer
 * owns or merges into. ENC kinds write exactly their spec.path, which the caller gives.
 */
export const OWNED_ROOTS: Record<string, Partial<Record<Platform, readonly string[]>>> = {
  NetworkDevice: { sros: ['/configure/router/segment-routing/segment-routing-v6'], srlinux: [] },
  VRF: {
    sros: ['/configure/service/vprn', '/configure/service/customer', '/configure/policy-options/policy-statement'],
    srlinux: ['/interface', '/network-instance', '/tunnel-interface/vxlan-interface', '/routing-policy/policy'],
  },
  VPLS: {
    sros: ['/configure/service/vpls', '/configure/service/customer'],
    srlinux: ['/interface', '/network-instance', '/tunnel-interface/vxlan-interface'],
  },
  SRv6Policy: { sros: ['/configure/router/segment-routing/sr-policies'] },
};

export class ScopeError extends Error {}

type Node = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

/** The attributes an edit-config carries: the namespaces on <configure>, nc:operation anywhere. */
const ATTRIBUTES = new Set(['@_xmlns', '@_xmlns:nc', '@_nc:operation']);
const OPERATIONS = new Set(['merge', 'replace', 'remove', 'delete', 'create']);

/**
 * Throws ScopeError when the encoded `fragment` writes anything outside its update paths, or
 * when an update path lies outside `roots` (schema paths; for ENC kinds, spec.path itself).
 */
export function checkScope(platform: Platform, fragment: Fragment, roots: readonly string[] | YPath): void {
  // A reconcile renders the same fragments again and again (every resync): the wire round
  // trip below is the costly part, and its answer depends on these inputs alone.
  const memo = createHash('sha1').update(platform).update(JSON.stringify(roots)).update(JSON.stringify(fragment)).digest('base64');
  if (PASSED.has(memo)) return;
  checkScopeOnce(platform, fragment, roots);
  if (PASSED.size >= PASSED_MAX) PASSED.clear();
  PASSED.add(memo);
}

/** Fragments that passed checkScope (by hash), bounded. */
const PASSED = new Set<string>();
const PASSED_MAX = 200_000;

function checkScopeOnce(platform: Platform, fragment: Fragment, roots: readonly string[] | YPath): void {
  for (const u of fragment.updates) {
    if (!underRoots(u.path, roots)) throw new ScopeError(`${pathString(u.path)} is outside what this object may write (${rootsText(roots)})`);
  }
  for (const d of fragment.deletes) {
    if (!underRoots(d, roots)) throw new ScopeError(`removing ${pathString(d)} is outside what this object may write (${rootsText(roots)})`);
  }
  if (!fragment.updates.length && !fragment.deletes.length) return;
  let encoded: string;
  try {
    encoded = platform === 'sros' ? editConfigXml([fragment]) : JSON.stringify(assemble(platform, [fragment]));
  } catch (e) {
    throw new ScopeError(`the rendered document cannot be encoded: ${(e as Error).message}`);
  }
  checkDocumentScope(platform, encoded, [...fragment.updates.map((u) => u.path), ...fragment.deletes]);
}

/**
 * The wire form of a document (SR OS `<configure>` XML, edit-config or not; SR Linux JSON_IETF)
 * holds nothing outside `paths`: each node lies under one of them or on the way to one.
 */
export function checkDocumentScope(platform: Platform, encoded: string, paths: YPath[]): void {
  const steps = paths.map((p) => p.map(plain));
  if (platform === 'sros') {
    const wellFormed = XMLValidator.validate(encoded);
    if (wellFormed !== true) throw new ScopeError(`the rendered XML is not well-formed: ${wellFormed.err.msg}`);
    walk(parser.parse(encoded) as Node, steps, '', {}, true);
  } else {
    walk(JSON.parse(encoded) as Node, steps, '', {}, false);
  }
}

interface Step {
  name: string;
  keys?: Record<string, string>;
}
const plain = (e: PathElem): Step => ({
  name: unqualify(e.name),
  ...(e.keys ? { keys: Object.fromEntries(Object.entries(e.keys).map(([k, v]) => [k, String(v)])) } : {}),
});

const isYPath = (roots: readonly string[] | YPath): roots is YPath => roots.length > 0 && typeof roots[0] !== 'string';
const rootsText = (roots: readonly string[] | YPath) => (isYPath(roots) ? pathString(roots) : roots.join(', ') || 'nothing');

function underRoots(path: YPath, roots: readonly string[] | YPath): boolean {
  if (isYPath(roots)) {
    const want = roots.map(plain);
    const have = path.map(plain);
    return have.length >= want.length && want.every((s, i) => sameStep(have[i]!, s));
  }
  const p = schemaPath(path);
  return (roots as readonly string[]).some((r) => p === r || p.startsWith(`${r}/`));
}

const sameStep = (a: Step, b: Step) =>
  a.name === b.name && JSON.stringify(Object.entries(a.keys ?? {}).sort()) === JSON.stringify(Object.entries(b.keys ?? {}).sort());

const text = (v: unknown) => (isObject(v) ? (v['#text'] === undefined ? '' : String(v['#text'])) : String(v));

function keysMatch(v: unknown, keys: Record<string, string> | undefined): boolean {
  if (!keys) return true;
  if (!isObject(v)) return false;
  return Object.entries(keys).every(([k, want]) => {
    const m = Object.keys(v).find((n) => unqualify(n) === k);
    return m !== undefined && !Array.isArray(v[m]) && text(v[m]) === want;
  });
}

function checkAttribute(member: string, value: unknown, at: string) {
  if (!ATTRIBUTES.has(member) || (member === '@_nc:operation' && !OPERATIONS.has(String(value)))) {
    throw new ScopeError(`${at || '/'} carries the attribute ${JSON.stringify(member.slice(2))}, which netintent never writes`);
  }
}

function checkAttributes(node: unknown, at: string): void {
  for (const v of Array.isArray(node) ? node : [node]) {
    if (!isObject(v)) continue;
    for (const [member, value] of Object.entries(v)) {
      if (member.startsWith('@_')) checkAttribute(member, value, at);
      else checkAttributes(value, `${at}/${member}`);
    }
  }
}

/**
 * `node` is an ancestor of every path in `rest` (each non-empty): it may hold the next step of
 * one of them, or its own key leaves (`keys`), and nothing else.
 */
function walk(node: Node, rest: Step[][], at: string, keys: Record<string, string>, xml: boolean): void {
  if (!isObject(node)) throw new ScopeError(`${at || '/'} holds a value where only the way to the object's paths may be`);
  for (const [member, value] of Object.entries(node)) {
    if (xml && member.startsWith('@_')) {
      checkAttribute(member, value, at);
      continue;
    }
    if (xml && member === '#text') throw new ScopeError(`${at || '/'} holds text ${JSON.stringify(String(value).slice(0, 40))} outside the object's paths`);
    const name = unqualify(member);
    const here = `${at}/${name}`;
    for (const v of Array.isArray(value) ? value : [value]) {
      const through = rest.filter((r) => r[0]!.name === name && keysMatch(v, r[0]!.keys));
      if (through.some((r) => r.length === 1)) {
        if (xml) checkAttributes(v, here); // inside an owned subtree: anything but markup netintent never writes
        continue;
      }
      if (through.length) {
        walk(v, through.map((r) => r.slice(1)), here, through[0]![0]!.keys ?? {}, xml);
        continue;
      }
      if (name in keys && !isObject(v) && !Array.isArray(v) && text(v) === keys[name]) continue; // the entry's own key leaf
      throw new ScopeError(`the rendered document writes ${here}, outside the object's paths (${rest.map((r) => r.map((s) => s.name).join('/')).join(', ')} below ${at || '/'})`);
    }
  }
}

/**
 * checkScope for what `owner` rendered on a device of `platform`, as the resolver reports it:
 * Invalid naming spec.properties (ENC kinds) or the object.
 */
export function checkOwnerScope(owner: { kind: string }, platform: Platform, fragment: Fragment): void {
  const enc = owner.kind === 'SROSConfig' || owner.kind === 'SRLinuxConfig';
  const roots = enc ? (fragment.updates[0]?.path ?? []) : (OWNED_ROOTS[owner.kind]?.[platform] ?? []);
  try {
    checkScope(platform, fragment, roots);
  } catch (e) {
    if (!(e instanceof ScopeError)) throw e;
    throw new Invalid(enc ? 'spec.properties' : undefined, e.message);
  }
}
