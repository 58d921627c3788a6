// SROSConfig / SRLinuxConfig → the raw subtree at spec.path with spec.properties, keys
// filled from the path (adapters/yang/path.ts's grammar: `/a/b[k=v][k2="v 2"]`).
import { parsePath, PathSyntaxError } from '../yang/path.js';
import { isYangName, type Fragment, type PathElem, type YObject } from '../yang/tree.js';
import type { EncPlan } from './plan.js';
import { Invalid } from './pools.js';
import { CONFIGURE } from './sros/common.js';
import { INTERFACES, NETINST, TUNNEL } from './srlinux/common.js';

/** SR Linux top-level containers whose module a path may leave out. */
const SRL_TOP_MODULES: Record<string, string> = {
  interface: INTERFACES,
  'network-instance': NETINST,
  'tunnel-interface': TUNNEL,
  system: 'srl_nokia-system',
  'routing-policy': 'srl_nokia-routing-policy',
  acl: 'srl_nokia-acl',
  qos: 'srl_nokia-qos',
  bfd: 'srl_nokia-bfd',
};

/** Parses spec.path, which is absolute and names at least one node: `/service/vpls[service-name=vpls-01]`. */
export function parseEncPath(path: string): PathElem[] {
  let elems: PathElem[] = [];
  try {
    if (path.startsWith('/')) elems = parsePath(path);
  } catch (e) {
    if (!(e instanceof PathSyntaxError)) throw e;
  }
  if (!elems.length) throw new Invalid('spec.path', `${JSON.stringify(path.slice(0, 200))} is not a path like /service/vpls[service-name=x]`);
  return elems;
}

/**
 * Every member name under spec.properties must be a YANG node name: the properties are
 * written under spec.path and nowhere else, and a name such as `a>x</a><vprn>…` would
 * otherwise turn into markup outside the object's path.
 */
function checkNames(value: unknown, at: string) {
  if (Array.isArray(value)) value.forEach((v, i) => checkNames(v, `${at}[${i}]`));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (!isYangName(k)) throw new Invalid(at, `${JSON.stringify(k.slice(0, 80))} is not a YANG node name (letters, digits, _ . -, optionally module:)`);
      checkNames(v, `${at}.${k}`);
    }
  }
}

export function encFragment(plan: EncPlan): Fragment {
  const elems = parseEncPath(plan.path);
  checkNames(plan.properties, 'spec.properties');
  if (plan.kind === 'SROSConfig') {
    if (elems[0]!.name.replace(/^nokia-conf:/, '') === 'configure') elems.shift();
    elems.unshift(CONFIGURE);
  } else {
    const top = elems[0]!;
    if (!top.name.includes(':')) {
      const module = SRL_TOP_MODULES[top.name];
      if (!module) throw new Invalid('spec.path', `qualify /${top.name} with its module, e.g. /srl_nokia-${top.name}:${top.name}`);
      top.name = `${module}:${top.name}`;
    }
  }
  // Key values are typed as the properties give them; otherwise JSON_IETF (SR Linux) needs
  // numeric keys as numbers, while XML (SR OS) does not care.
  for (const elem of elems) {
    for (const [k, v] of Object.entries(elem.keys ?? {})) {
      if (plan.kind === 'SRLinuxConfig' && /^[0-9]+$/.test(String(v))) elem.keys![k] = Number(v);
    }
  }
  const last = elems.at(-1)!;
  for (const [k, v] of Object.entries(plan.properties)) {
    if (!last.keys || !(k in last.keys)) continue;
    if (String(v) !== String(last.keys[k])) {
      throw new Invalid(`spec.properties.${k}`, `${JSON.stringify(v)}, but spec.path says ${JSON.stringify(last.keys[k])}`);
    }
    last.keys[k] = v as string | number;
  }
  const value: YObject = { ...(last.keys ?? {}), ...(plan.properties as YObject) };
  // The manifest owns the subtree at spec.path: replaced as a whole, removed on delete.
  return { updates: [{ path: elems, value, replace: true }], deletes: [] };
}
