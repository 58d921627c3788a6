// gNMI paths as strings (`/a/b[k=v]/c`) and as PathElem lists. In key values `]` and `\`
// are escaped with a backslash; `/` and `=` inside brackets need no escaping.
export interface PathElem {
  name: string;
  key?: Record<string, string>;
}

export class PathSyntaxError extends Error {}

export function parsePath(path: string): PathElem[] {
  const elems: PathElem[] = [];
  let i = path.startsWith('/') ? 1 : 0;
  if (i >= path.length) return elems;
  while (i <= path.length) {
    let name = '';
    while (i < path.length && path[i] !== '/' && path[i] !== '[') name += path[i++];
    if (!/^[A-Za-z_][A-Za-z0-9_.:-]*$/.test(name)) throw new PathSyntaxError(`bad element ${JSON.stringify(name)} in ${JSON.stringify(path)}`);
    const elem: PathElem = { name };
    while (path[i] === '[') {
      i++;
      let k = '';
      while (i < path.length && path[i] !== '=') k += path[i++];
      if (path[i] !== '=') throw new PathSyntaxError(`key without value in ${JSON.stringify(path)}`);
      i++;
      let v = '';
      while (i < path.length && path[i] !== ']') {
        if (path[i] === '\\' && i + 1 < path.length) i++;
        v += path[i++];
      }
      if (path[i] !== ']') throw new PathSyntaxError(`unclosed key in ${JSON.stringify(path)}`);
      i++;
      (elem.key ??= {})[k] = v;
    }
    elems.push(elem);
    if (i >= path.length) break;
    if (path[i] !== '/') throw new PathSyntaxError(`unexpected ${JSON.stringify(path[i])} in ${JSON.stringify(path)}`);
    i++;
  }
  return elems;
}

export function formatPath(elems: PathElem[]): string {
  return (
    '/' +
    elems
      .map((e) => e.name + Object.entries(e.key ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `[${k}=${v.replace(/[\\\]]/g, (c) => '\\' + c)}]`).join(''))
      .join('/')
  );
}
