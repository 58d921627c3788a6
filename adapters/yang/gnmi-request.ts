// gNMI SetRequest as JSON_IETF, in the request-file form gnmic reads
// (`gnmic set --request-file`): updates, replaces and deletes in one atomic request.
import { pathString, unqualify, type Fragment, type YObject, type YPath } from './tree.js';

export interface SetRequestFile {
  replaces?: { path: string; value: YObject; encoding: 'json_ietf' }[];
  updates?: { path: string; value: YObject; encoding: 'json_ietf' }[];
  deletes?: string[];
}

/**
 * The JSON_IETF value at `path`: the members of the subtree, qualified where their module
 * differs from the module of the path's last element.
 */
function valueAt(path: YPath, value: YObject): YObject {
  const module = [...path].reverse().find((e) => e.name.includes(':'))?.name.split(':')[0];
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.includes(':') && k.split(':')[0] === module ? unqualify(k) : k, v]),
  );
}

export function setRequest(fragments: Iterable<Fragment>): SetRequestFile {
  const req: Required<SetRequestFile> = { replaces: [], updates: [], deletes: [] };
  for (const f of fragments) {
    for (const d of f.deletes) req.deletes.push(pathString(d));
    for (const u of f.updates) {
      (u.replace ? req.replaces : req.updates).push({ path: pathString(u.path), value: valueAt(u.path, u.value), encoding: 'json_ietf' });
    }
  }
  return Object.fromEntries(Object.entries(req).filter(([, v]) => v.length)) as SetRequestFile;
}
