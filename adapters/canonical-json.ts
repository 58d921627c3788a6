// JSON with object keys sorted, so that equal data prints equally whatever order it came in.
const sorted = (x: unknown): unknown =>
  Array.isArray(x) ? x.map(sorted) : x && typeof x === 'object' && !(x instanceof Date) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)).map(([k, y]) => [k, sorted(y)])) : x;

export const canonicalJson = (v: unknown, space?: number): string => JSON.stringify(sorted(v), null, space);
