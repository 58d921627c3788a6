// Ordering resourceVersions. They were opaque to clients (equality only) until KEP-5504
// ("Comparable Resource Version", GA in Kubernetes 1.35) made them comparable: a decimal
// integer without leading zeros, the greater one newer. kube-apiserver over etcd has always
// served them that way; anything else (an aggregated API server) stays unordered.
const WELL_FORMED = /^[1-9][0-9]*$/;

/** -1, 0 or 1 as `a` is older than, the same as, or newer than `b`; undefined when they cannot be ordered. */
export function compareResourceVersion(a: string | undefined, b: string | undefined): -1 | 0 | 1 | undefined {
  if (a === undefined || b === undefined || !WELL_FORMED.test(a) || !WELL_FORMED.test(b)) return a !== undefined && a === b ? 0 : undefined;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}
