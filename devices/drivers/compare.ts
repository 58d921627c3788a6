// Is the device's configuration what the fragments want? Compares per update path (covers.ts)
// the *effective* desired value: the desired one with accepted / reported deviations kept
// (drift-policy.ts). The same effective fragments are what the engine writes, so a policy
// that keeps a device value keeps it under a replace as well as a merge. Diffs are rendered
// here for both drivers, with secret leaves masked on both sides (adapters/yang/secrets.ts).
import type { Platform } from '../../adapters/yang/models.js';
import { formatPath } from '../../adapters/yang/path.js';
import { hasSecret, redactSecrets } from '../../adapters/yang/secrets.js';
import { schemaPath, unqualify, type Fragment, type Update, type YPath, type YValue } from '../../adapters/yang/tree.js';
import { covers } from './covers.js';
import { lineDiff } from './diff.js';
import { effectiveUpdate, type Deviation, type DriftPolicy } from './drift-policy.js';
import type { Observation, ObserveOptions } from './driver.js';

export { covers };

type Node = YValue | null | undefined;

export interface Comparison {
  exists: boolean;
  upToDate: boolean;
  /** Per update: what the device has at its path. */
  actual: { path: YPath; value: Node }[];
  /** Per update: the effective desired value at its path. */
  effective: { path: YPath; value: Node }[];
  /** The fragments to write, when policies kept a device value (else the desired ones are). */
  write?: Fragment[];
  deviations: Deviation[];
}

export function compare(platform: Platform, desired: Fragment[], running: (path: YPath) => Node, o: ObserveOptions = {}): Comparison {
  const policies: DriftPolicy[] = o.policies ?? [];
  const deviations: Deviation[] = [];
  let kept = false;
  const write: Fragment[] = desired.map((f) => ({
    deletes: f.deletes,
    updates: f.updates.map((u): Update => {
      const e = effectiveUpdate(platform, u, running(u.path), policies);
      deviations.push(...e.deviations);
      if (!e.deviations.length) return u;
      kept = true;
      return { ...u, value: e.value as Update['value'] };
    }),
  }));
  const updates = write.flatMap((f) => f.updates);
  const actual = updates.map((u) => ({ path: u.path, value: running(u.path) }));
  const rewrite = o.rewriteSecrets === true && updates.some((u) => hasSecret(platform, u.value, schemaPath(u.path)));
  return {
    exists: actual.some((a) => a.value !== undefined),
    upToDate: !rewrite && updates.every((u, i) => covers(platform, actual[i]!.value, u.value, u.replace === true, schemaPath(u.path))),
    actual,
    effective: updates.map((u) => ({ path: u.path, value: u.value })),
    ...(kept ? { write } : {}),
    deviations,
  };
}

/** Native text of nodes placed at their paths (XML for NETCONF, JSON for gNMI). */
export type Render = (entries: { path: YPath; value: YValue }[]) => string;

/** The observation of a comparison: diffs rendered by the driver's `render`, secrets masked on both sides. */
export function observation(platform: Platform, c: Comparison, render: Render): Observation {
  const text = (entries: { path: YPath; value: Node }[]) =>
    render(entries.filter((e) => e.value !== undefined && e.value !== null).map((e) => ({ path: e.path, value: redactSecrets(platform, e.value as YValue, schemaPath(e.path)) })));
  const deviations = c.deviations.map((d) => ({
    path: formatPath(d.path, unqualify),
    action: d.action,
    diff: lineDiff(text([{ path: d.path, value: d.actual }]), text([{ path: d.path, value: d.desired }])),
  }));
  return {
    exists: c.exists,
    upToDate: c.upToDate,
    diff: c.upToDate ? '' : lineDiff(text(c.actual), text(c.effective)),
    ...(c.write ? { write: c.write } : {}),
    ...(deviations.length ? { deviations } : {}),
  };
}
