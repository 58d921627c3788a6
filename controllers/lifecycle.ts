// The steps every reconciler shares: finalizers, pause, the dependency gate, and who blocks
// a deletion.
import { ApiError } from '../adapters/k8s/rest.js';
import { dependenciesOf, findCycle, addressKey } from './dependencies.js';
import type { Context } from './context.js';
import { annotation, condition, display, FINALIZER, isReady, objKey, parseKey, type Obj } from '../apis/objects.js';
import { cond } from './report.js';

async function patchFinalizers(ctx: Context, o: Obj, finalizers: string[]) {
  const path = await ctx.rest.path(o);
  try {
    await ctx.rest.request('PATCH', path, { metadata: { finalizers, resourceVersion: o.metadata.resourceVersion } }, 'application/merge-patch+json');
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return; // already gone
    throw e;
  }
}

/**
 * Adds our finalizer; true when the object changed, or when our copy was stale (409): either
 * way a newer copy is on its way, and its watch event brings the key back to the queue.
 */
export async function addFinalizer(ctx: Context, o: Obj): Promise<boolean> {
  if (o.metadata.finalizers?.includes(FINALIZER)) return false;
  try {
    await patchFinalizers(ctx, o, [...(o.metadata.finalizers ?? []), FINALIZER]);
  } catch (e) {
    if (e instanceof ApiError && e.code === 409) return true;
    throw e;
  }
  return true;
}

export async function removeFinalizer(ctx: Context, o: Obj) {
  if (o.metadata.finalizers?.includes(FINALIZER)) await patchFinalizers(ctx, o, o.metadata.finalizers.filter((f) => f !== FINALIZER));
}

/** Paused objects are left alone; the status says so. */
export async function pausedGate(ctx: Context, o: Obj): Promise<boolean> {
  if (annotation(o, 'paused') !== 'true') return false;
  await ctx.report.set(o, [cond('Ready', false, 'Paused', 'reconciliation is paused by netintent.dev/paused="true"; remove the annotation to resume')]);
  return true;
}

const lookup = (ctx: Context, key: string) => {
  if (key.startsWith('address:')) return ctx.cache.byAddress(key.slice('address:'.length))[0];
  const k = parseKey(key);
  return ctx.cache.get(k.kind, k.namespace, k.name);
};

/** Writes DependenciesReady (and Ready when waiting); true when the object must wait. */
export async function dependencyGate(ctx: Context, o: Obj): Promise<boolean> {
  const key = objKey(o);
  const deps = dependenciesOf(o, ctx.cache);
  if (!deps.ok) {
    const msg = `${deps.error}; fix the annotation`;
    await ctx.report.set(o, [cond('DependenciesReady', false, 'ValidationFailed', msg), cond('Ready', false, 'ValidationFailed', msg)]);
    return true;
  }
  const depsOf = (k: string): string[] => {
    if (k === key) return deps.keys;
    const x = lookup(ctx, k);
    const d = x ? dependenciesOf(x, ctx.cache) : undefined;
    return d?.ok ? d.keys : [];
  };
  const cycle = findCycle(key, depsOf);
  if (cycle) {
    const msg = `dependency cycle: ${cycle.map(display).join(' → ')}; remove one of these dependencies`;
    if (condition(o, 'DependenciesReady')?.reason !== 'DependencyCycle') await ctx.report.event(o, 'Warning', 'DependencyCycle', msg);
    await ctx.report.set(o, [cond('DependenciesReady', false, 'DependencyCycle', msg), cond('Ready', false, 'DependencyCycle', msg)]);
    return true;
  }
  const waiting: string[] = [];
  let unreachable = false;
  for (const k of deps.keys) {
    const x = lookup(ctx, k);
    if (k.startsWith('address:')) waiting.push(`a NetworkDevice with address ${k.slice('address:'.length)} (none exists)`);
    else if (!x) waiting.push(`${display(k)} (not found)`);
    else if (!isReady(x)) {
      const reason = condition(x, 'Ready')?.reason;
      unreachable ||= x.kind === 'NetworkDevice' && reason === 'DeviceUnreachable';
      // An underlay the device lacks is what unblocks the intent: say where to read what.
      const see = x.kind === 'NetworkDevice' && reason === 'PrerequisitesMissing' ? ': see its PrerequisitesMet condition' : '';
      waiting.push(`${display(k)} (${reason ?? 'not reconciled yet'}${see})`);
    }
  }
  if (waiting.length) {
    const msg = `waiting for ${waiting.join(', ')}; this resumes by itself when they are Ready`;
    // A device that cannot be reached is what an operator needs to see first.
    const reason = unreachable ? 'DeviceUnreachable' : 'WaitingForDependency';
    await ctx.report.set(o, [cond('DependenciesReady', false, reason, msg), cond('Ready', false, reason, msg)]);
    return true;
  }
  ctx.report.defer(o, [cond('DependenciesReady', true, 'DependenciesReady', deps.keys.length ? `${deps.keys.length} dependencies Ready` : 'no dependencies')]);
  return false;
}

/**
 * The objects that still exist and, resolved now, depend on `o` itself: the reverse index
 * only proposes them (it may predate a device's duplicate, or an address's owner), and an
 * ENC manifest whose switchID names another NetworkDevice at the same address does not count.
 */
export function blockersOf(o: Obj, index: Pick<Context['index'], 'dependents'>, cache: Context['cache']): string[] {
  const me = objKey(o);
  const keys = [me, ...(o.kind === 'NetworkDevice' ? [addressKey(String(o.spec?.address ?? ''))] : [])];
  const candidates = [...new Set(keys.flatMap((k) => index.dependents(k)))];
  return candidates.filter((k) => {
    const x = k.startsWith('address:') ? undefined : cache.get(parseKey(k).kind, parseKey(k).namespace, parseKey(k).name);
    const deps = x && dependenciesOf(x, cache);
    return !!deps && deps.ok && deps.keys.includes(me);
  });
}

/** Objects that still exist and depend on `o`: its device config stays until they are gone. */
export async function deletionGate(ctx: Context, o: Obj): Promise<boolean> {
  const blockers = blockersOf(o, ctx.index, ctx.cache);
  if (!blockers.length) return false;
  const msg = `kept on its devices while ${[...new Set(blockers)].map(display).join(', ')} depend on it; delete those first`;
  if (condition(o, 'Ready')?.reason !== 'DeletionBlocked') await ctx.report.event(o, 'Warning', 'DeletionBlocked', msg);
  await ctx.report.set(o, [cond('Ready', false, 'DeletionBlocked', msg)]);
  return true;
}
