// NetworkDevice: connect with the credentials of its Secret, read capabilities and software
// version (Reachable), and keep the device-level configuration it implies (SRv6 locators)
// committed. Intents wait for it to be Ready.
import type { ReconcileResult } from './runtime/queue.js';
import { metaTime } from './runtime/status.js';
import { type Context, Retry } from './context.js';
import { describeErrors, desiredFor } from './desired.js';
import { addFinalizer, deletionGate, dependencyGate, pausedGate, removeFinalizer } from './lifecycle.js';
import { annotation, condition, isDeleting, objKey, parseKey, type Obj } from './objects.js';
import { cond } from './report.js';
import { classify } from './devices.js';

export async function reconcileDevice(ctx: Context, key: string): Promise<ReconcileResult> {
  const k = parseKey(key);
  const o = ctx.cache.get(k.kind, k.namespace, k.name);
  if (!o) return;
  if (await pausedGate(ctx, o)) return;
  if (isDeleting(o)) return finalizeDevice(ctx, o);
  await addFinalizer(ctx, o);
  if (await dependencyGate(ctx, o)) return;

  let conn;
  try {
    conn = await ctx.conns.get(o);
  } catch (e) {
    const err = classify(e);
    const msg = `${err.message}; netintent keeps retrying`;
    if (condition(o, 'Reachable')?.status !== 'False') await ctx.report.event(o, 'Warning', err.reason, err.message);
    await ctx.report.set(o, [cond('Reachable', false, err.reason, msg), cond('Ready', false, err.reason, msg)], { reachable: false });
    throw new Retry(msg);
  }
  const reachable = cond('Reachable', true, 'Connected', `connected; ${conn.softwareVersion}`);
  const facts = { reachable: true, softwareVersion: conn.softwareVersion, capabilities: conn.capabilities.slice(0, 512).map((c) => c.slice(0, 1024)) };
  const desired = desiredFor(o, ctx.cache, ctx.allocations.allocator);
  if (desired.errors.length) {
    const msg = `${describeErrors(desired.errors)}; fix the spec`;
    await ctx.report.set(o, [reachable, cond('Synced', false, 'ValidationFailed', msg), cond('Ready', false, 'ValidationFailed', msg)], facts);
    return;
  }
  const mode = annotation(o, 'dryRun') === 'true' ? 'observe' : 'apply';
  const out = await ctx.engine.submit({ intent: key, parts: desired.parts, mode });
  if (!out.ok) {
    const e = out.error!;
    const msg = `${e.message}; netintent keeps retrying`;
    const rejected = e.reason === 'CommitRejected';
    await ctx.report.set(o, [rejected ? reachable : cond('Reachable', false, e.reason, msg), cond('Synced', false, e.reason, msg), cond('Ready', false, e.reason, msg)], {
      reachable: rejected,
    });
    throw new Retry(msg);
  }
  const written = out.devices.some((d) => d.written);
  if (written) await ctx.report.event(o, 'Normal', 'Committed', `device configuration (SRv6 base) committed in ${out.transaction}`);
  const base = desired.parts.length ? 'device configuration in place' : 'no device-level configuration needed';
  await ctx.report.set(o, [reachable, cond('Synced', true, 'InSync', base), cond('Ready', true, 'Ready', `reachable; ${base}`)], {
    ...facts,
    ...(written ? { lastCommit: { id: out.transaction, time: metaTime() } } : {}),
  });
}

/** Removes the device-level configuration when it can; an unreachable device does not block deletion. */
async function finalizeDevice(ctx: Context, o: Obj): Promise<ReconcileResult> {
  if (await deletionGate(ctx, o)) return;
  const desired = desiredFor(o, ctx.cache, ctx.allocations.allocator);
  const out = await ctx.engine.submit({ intent: objKey(o), parts: desired.parts, mode: 'remove' });
  if (!out.ok) await ctx.report.event(o, 'Warning', 'CleanupSkipped', `device-level configuration left on the device: ${out.error!.message}`);
  ctx.conns.drop(o);
  await removeFinalizer(ctx, o);
}
