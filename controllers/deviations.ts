// Per-path drift policies of an intent and its devices (issue 15): what each device part is
// judged with, and the deviations the engine found, as `status.deviations`. The seed's ENC
// kinds (SROSConfig, SRLinuxConfig) keep their spec: only their NetworkDevice's policies
// apply to them.
import { parsePath, PathSyntaxError } from '../adapters/yang/path.js';
import type { DriftPolicy } from '../devices/drivers/drift-policy.js';
import type { Outcome, Part } from '../devices/transactions.js';
import type { Obj } from '../apis/objects.js';
import { bounded } from './runtime/bounded.js';

interface PolicySpec {
  path: string;
  action: DriftPolicy['action'];
}

export const MAX_DEVIATIONS = 64;
const DEVIATION_DIFF_BYTES = 4096;

const ENC_KINDS = new Set(['SROSConfig', 'SRLinuxConfig']);

function parsed(specs: unknown, field: string, errors: { field: string; message: string; cause: 'invalid' }[]): DriftPolicy[] {
  if (!Array.isArray(specs)) return [];
  return (specs as PolicySpec[]).flatMap((p, i) => {
    try {
      const path = parsePath(p.path);
      if (!path.length) throw new PathSyntaxError('the root is no subtree');
      return [{ path, action: p.action }];
    } catch (e) {
      errors.push({ field: `${field}[${i}].path`, message: `not a device path: ${e instanceof Error ? e.message : String(e)}`, cause: 'invalid' });
      return [];
    }
  });
}

/**
 * The parts with what the engine judges them by: the intent's policies before its device's
 * (the intent wins on the same path), and whether the intent's secrets may have changed since
 * the device took them — the part's config hash is not the one status.devices recorded — so
 * that a rotated key is written although secrets compare by presence only. `recorded`
 * undefined: this process synced this very configuration already.
 */
export function judgedParts(o: Obj, parts: Part[], hashes: Map<string, string>, recorded: { name: string; configHash?: string }[] | undefined) {
  const errors: { field: string; message: string; cause: 'invalid' }[] = [];
  const own = ENC_KINDS.has(o.kind) ? [] : parsed(o.spec?.driftPolicies, 'spec.driftPolicies', errors);
  const out = parts.map((p) => {
    const policies = [...own, ...parsed(p.device.spec?.driftPolicies, `NetworkDevice ${p.device.metadata.name} spec.driftPolicies`, errors)];
    const name = p.device.metadata.name;
    const rewriteSecrets = recorded !== undefined && recorded.find((d) => d.name === name)?.configHash !== hashes.get(name);
    return { ...p, observe: { ...(policies.length ? { policies } : {}), ...(rewriteSecrets ? { rewriteSecrets } : {}) } };
  });
  return { parts: out, errors };
}

export interface DeviationStatus {
  device: string;
  path: string;
  action: 'accepted' | 'reported';
  diff: string;
}

/** The outcome's deviations as status.deviations (bounded; diffs already have secrets masked). */
export function deviationsOf(out: Outcome): DeviationStatus[] {
  return out.devices
    .flatMap((d) => (d.deviations ?? []).map((x) => ({ device: d.device, path: bounded(x.path, 1024), action: x.action === 'accept' ? ('accepted' as const) : ('reported' as const), diff: bounded(x.diff, DEVIATION_DIFF_BYTES) })))
    .slice(0, MAX_DEVIATIONS);
}

/** One text of the reported deviations, for status.diff and the DriftDetected event. */
export function reportedDiff(ds: DeviationStatus[]): string {
  return ds
    .filter((d) => d.action === 'reported')
    .map((d) => `# ${d.device} ${d.path}\n${d.diff}`)
    .join('\n');
}
