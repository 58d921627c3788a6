// NetworkDevice: connect with the credentials of its Secret, read capabilities and software
// version (Reachable), check the underlay its services rely on (PrerequisitesMet, on every
// reconcile and resync, so a fixed underlay unblocks without a restart), and keep the
// device-level configuration it implies (SRv6 locators) committed. Nothing is pushed until
// the prerequisites are met. Intents wait for it to be Ready.
import type { NetworkDeviceSpec } from '../apis/index.js';
import type { ReconcileResult } from './runtime/queue.js';
import { metaTime } from './runtime/status.js';
import { type Context, Retry } from './context.js';
import { describeErrors, desiredFor } from './desired.js';
import { addFinalizer, deletionGate, dependencyGate, pausedGate, removeFinalizer } from './lifecycle.js';
import { annotation, condition, display, isDeleting, objKey, parseKey, type Obj } from '../apis/objects.js';
import { cond, type Cond } from './report.js';
import { answered, classify, type Connection } from '../devices/connections.js';
import { checkPrerequisites, prerequisitePaths } from './prerequisites.js';
import { duplicateDevice, OWNERSHIP_RETRY_MS } from './ownership.js';

/** Missing prerequisites are read again this often, besides every resync. */
export const PREREQUISITE_RECHECK_MS = 15_000;

export async function reconcileDevice(ctx: Context, key: string): Promise<ReconcileResult> {
  const k = parseKey(key);
  const o = ctx.cache.get(k.kind, k.namespace, k.name);
  if (!o) return;
  if (await pausedGate(ctx, o)) return;
  if (isDeleting(o)) return finalizeDevice(ctx, o);
  await addFinalizer(ctx, o);
  if (await duplicateGate(ctx, o)) return { requeueAfterMs: OWNERSHIP_RETRY_MS };
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
  const gate = await prerequisitesGate(ctx, o, conn, reachable, facts);
  if (!('met' in gate)) return gate.result;
  const prerequisites = gate.met;
  const mode = annotation(o, 'dryRun') === 'true' ? 'observe' : 'apply';
  const out = await ctx.engine.submit({ intent: key, parts: desired.parts, mode, ...(mode === 'apply' ? { origin: ctx.origins.origin(o, 'Change') } : {}) });
  if (!out.ok) {
    const e = out.error!;
    const msg = `${e.message}; netintent keeps retrying`;
    const rejected = answered(e.reason);
    await ctx.report.set(o, [rejected ? reachable : cond('Reachable', false, e.reason, msg), prerequisites, cond('Synced', false, e.reason, msg), cond('Ready', false, e.reason, msg)], {
      reachable: rejected,
    });
    throw new Retry(msg);
  }
  const written = out.devices.some((d) => d.written);
  if (written) await ctx.report.event(o, 'Normal', 'Committed', `device configuration (SRv6 base) committed in ${out.transaction}`);
  const base = desired.parts.length ? 'device configuration in place' : 'no device-level configuration needed';
  const checked = prerequisites.status === 'True' ? 'prerequisites met' : 'prerequisites not checked';
  await ctx.report.set(o, [reachable, prerequisites, cond('Synced', true, 'InSync', base), cond('Ready', true, 'Ready', `reachable; ${checked}; ${base}`)], {
    ...facts,
    ...(written ? { lastCommit: { id: out.transaction, time: metaTime() } } : {}),
  });
}

/**
 * Reads the underlay the device's services rely on and writes PrerequisitesMet. Returns the
 * condition to carry on when met (or skipped); otherwise the status already says what is
 * missing (Ready=False, PrerequisitesMissing) and the reconcile ends there.
 */
async function prerequisitesGate(
  ctx: Context,
  o: Obj,
  conn: Connection,
  reachable: Cond,
  facts: Record<string, unknown>,
): Promise<{ met: Cond } | { result: ReconcileResult }> {
  const before = condition(o, 'PrerequisitesMet');
  if (annotation(o, 'skipPrerequisites') === 'true') {
    return { met: cond('PrerequisitesMet', 'Unknown', 'Skipped', 'not checked: netintent.dev/skip-prerequisites is "true"; the underlay is the operator\'s to vouch for') };
  }
  const spec = o.spec as unknown as NetworkDeviceSpec;
  let config;
  try {
    config = await conn.driver.readConfig(prerequisitePaths(spec));
  } catch (e) {
    const err = classify(e);
    const reason = err.reason === 'DeviceUnreachable' ? err.reason : 'ConfigReadFailed';
    const msg = `cannot read the configuration to check prerequisites: ${err.message}; netintent keeps retrying`;
    if (reason === 'DeviceUnreachable') ctx.conns.drop(o);
    await ctx.report.set(o, [reason === 'DeviceUnreachable' ? cond('Reachable', false, reason, msg) : reachable, cond('PrerequisitesMet', 'Unknown', reason, msg), cond('Ready', false, reason, msg)], {
      ...facts,
      reachable: reason !== 'DeviceUnreachable',
    });
    throw new Retry(msg);
  }
  const r = checkPrerequisites(spec, config);
  if (r.missing.length) {
    const msg = `missing on the device: ${r.missing.join('; ')}. netintent pushes nothing to it until these are configured (checked again every ${PREREQUISITE_RECHECK_MS / 1000}s and on every resync), or set netintent.dev/skip-prerequisites: "true"`;
    if (before?.status !== 'False' || before.message !== msg) await ctx.report.event(o, 'Warning', 'PrerequisitesMissing', msg);
    await ctx.report.set(o, [reachable, cond('PrerequisitesMet', false, 'PrerequisitesMissing', msg), cond('Ready', false, 'PrerequisitesMissing', msg)], facts);
    return { result: { requeueAfterMs: PREREQUISITE_RECHECK_MS } };
  }
  const msg = r.met.length ? `found: ${r.met.join('; ')}` : 'nothing required';
  if (before?.status === 'False') await ctx.report.event(o, 'Normal', 'PrerequisitesMet', `prerequisites now in place: ${msg}`);
  return { met: cond('PrerequisitesMet', true, 'PrerequisitesMet', msg) };
}

/**
 * A second NetworkDevice for a router another one (older, any namespace) already manages is
 * refused and never connected to: it would push its own intents over the owner's.
 */
async function duplicateGate(ctx: Context, o: Obj): Promise<boolean> {
  const dup = duplicateDevice(o, ctx.cache);
  if (!dup) return false;
  ctx.conns.drop(o);
  const owner = display(objKey(dup.owner));
  const msg =
    `${dup.what} is ${owner}'s: one router, one NetworkDevice. ` +
    "netintent does not connect to it; delete it or give it another router's address";
  if (condition(o, 'Ready')?.message !== msg) await ctx.report.event(o, 'Warning', 'DuplicateDevice', msg);
  const conds = [cond('Reachable', 'Unknown', 'DuplicateDevice', 'not connected'), cond('Ready', false, 'DuplicateDevice', msg)];
  await ctx.report.set(o, conds, { reachable: undefined });
  return true;
}

/** Removes the device-level configuration when it can; an unreachable device does not block deletion. */
async function finalizeDevice(ctx: Context, o: Obj): Promise<ReconcileResult> {
  if (await deletionGate(ctx, o)) return;
  if (duplicateDevice(o, ctx.cache)) {
    // Never connected to: what is on the router is its owner's.
    ctx.conns.drop(o);
    return removeFinalizer(ctx, o);
  }
  const desired = desiredFor(o, ctx.cache, ctx.allocations.allocator);
  const out = await ctx.engine.submit({ intent: objKey(o), parts: desired.parts, mode: 'remove', origin: ctx.origins.origin(o, 'Removal') });
  if (!out.ok) await ctx.report.event(o, 'Warning', 'CleanupSkipped', `device-level configuration left on the device: ${out.error!.message}`);
  ctx.conns.drop(o);
  await removeFinalizer(ctx, o);
}
