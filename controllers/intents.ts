// The reconciler of every intent kind (VRF, VPLS, SRv6Policy, SROSConfig, SRLinuxConfig;
// L3VPN in l3vpn.ts): dependencies → allocation → transaction → status, level-triggered
// and idempotent. Deleting removes what the intent owns from its devices, then releases its
// allocations and its finalizer.
import type { Plan } from '../adapters/render/render.js';
import type { ReconcileResult } from './runtime/queue.js';
import { type Context, Retry } from './context.js';
import { describeErrors, desiredFor, schemasFor } from './desired.js';
import { answered, type FailureReason } from '../devices/connections.js';
import { endpointConflicts } from './conflicts.js';
import { ownershipConflicts, removableParts, reportOwnershipConflict } from './ownership.js';
import { addFinalizer, deletionGate, dependencyGate, pausedGate, removeFinalizer } from './lifecycle.js';
import { reconcileL3vpn, finalizeL3vpn } from './l3vpn.js';
import { annotation, condition, isDeleting, objKey, parseKey, type Obj } from '../apis/objects.js';
import { cond, type Cond } from './report.js';
import { reportNotConverging } from './convergence.js';
import { bounded, TEXT_LIMITS } from './runtime/bounded.js';
import { deviceStatus, heldStatus } from './device-status.js';
import { configHash } from './config-hash.js';
import type { Outcome, Part } from '../devices/transactions.js';
import { OPER_DOWN, OPER_KINDS, operVerdict, type OperVerdict } from './oper-status.js';
import { deviationsOf, judgedParts, reportedDiff } from './deviations.js';
import { driftRecord } from './history/drift-record.js';

const ALLOCATION_RETRY_MS = 30_000;

const ADVICE: Record<FailureReason, string> = {
  DeviceUnreachable: 'netintent retries with backoff; check the device and its NetworkDevice address',
  CommitRejected: 'the device refused the configuration and nothing of this intent was left on any device; fix the spec',
  DeviceBusy: 'another session holds the configuration lock or has uncommitted changes on the device; nothing was changed, and netintent retries with backoff',
  HostKeyMismatch: "the device's SSH host key does not match the NetworkDevice's pinned fingerprint",
  AuthenticationFailed: "the device refused the credentials: check the NetworkDevice's credentials Secret",
  CredentialsMissing: "create the NetworkDevice's credentials Secret",
};

const rdList = (rds: Record<string, string>) => Object.entries(rds).map(([device, rd]) => ({ device, rd }));

/** What the plan allocated and resolved, as the kind's status fields. */
function allocationFields(plan: Plan | undefined): Record<string, unknown> {
  if (!plan) return {};
  switch (plan.kind) {
    case 'VRF':
      return {
        serviceId: plan.serviceId || undefined,
        routeDistinguishers: rdList(plan.routeDistinguishers),
        routeTargets: plan.routeTargets,
        sids: Object.keys(plan.sids).length ? Object.entries(plan.sids).map(([device, s]) => ({ device, locator: s.locator, sid: s.sid })) : undefined,
      };
    case 'VPLS':
      return {
        serviceId: plan.serviceId || undefined,
        routeDistinguishers: plan.evpn && rdList(plan.evpn.routeDistinguishers),
        routeTargets: plan.evpn?.routeTargets,
        sids: Object.keys(plan.sids).length ? Object.entries(plan.sids).map(([device, s]) => ({ device, endDt2u: s.dt2u.sid, endDt2m: s.dt2m.sid })) : undefined,
      };
    case 'SRv6Policy':
      return { bindingSid: plan.bindingSid.sid, resolvedSegmentLists: plan.segmentLists.map((l) => ({ index: l.index, sids: l.sids })) };
    default:
      return {};
  }
}

export async function reconcileIntent(ctx: Context, key: string): Promise<ReconcileResult> {
  const k = parseKey(key);
  const o = ctx.cache.get(k.kind, k.namespace, k.name);
  if (!o) {
    ctx.unwatchDrift(key);
    ctx.origins.forget(key);
    ctx.inSync.delete(key);
    ctx.convergence.forget(key);
    return;
  }
  if (await pausedGate(ctx, o)) return;
  if (isDeleting(o)) return o.kind === 'L3VPN' ? finalizeL3vpn(ctx, o) : finalize(ctx, o);
  // The rest waits for the copy with the finalizer: a new object is then resolved and observed
  // once, not once now and again when the patch's own watch event comes back.
  if (await addFinalizer(ctx, o)) return;
  if (await dependencyGate(ctx, o)) return;
  if (o.kind === 'L3VPN') return reconcileL3vpn(ctx, o);
  ctx.origins.seen(o);

  // Before anything is allocated: an endpoint another service holds is this intent's error.
  const near = ctx.nearby(o);
  const clashes = endpointConflicts(o, (k) => near.filter((x) => x.kind === k));
  if (clashes.length) return reportConflict(ctx, o, clashes);
  // A device path an older intent owns (the same vprn, the same ENC path) is not this one's.
  const owned = ownershipConflicts(o, near, ctx.cache, ctx.allocations.allocator);
  if (owned.length) return reportOwnershipConflict(ctx, o, owned);
  const desired = desiredFor(o, ctx.cache, ctx.allocations.allocator, await schemasFor(o));
  if (desired.errors.length) return reportInvalid(ctx, o, desired.errors);
  await ctx.allocations.persist();
  const fields = allocationFields(desired.plans[0]);
  const hashes = new Map(desired.parts.map((p) => [p.device.metadata.name, configHash(p)]));
  const devices = (o.status?.devices as { name: string; state: string; configHash?: string; commitId?: string; commitTime?: string }[] | undefined) ?? [];
  // The devices matched this very configuration before (synced, or drift already reported).
  const signature = JSON.stringify([...hashes].sort());
  const wasSynced =
    ctx.inSync.get(key) === signature ||
    ((condition(o, 'Synced')?.status === 'True' || condition(o, 'Drifted')?.status === 'True') &&
      o.status?.observedGeneration === o.metadata.generation &&
      devices.length === hashes.size &&
      devices.every((d) => hashes.get(d.name) === d.configHash));
  const judged = judgedParts(o, desired.parts, hashes, ctx.inSync.get(key) === signature ? undefined : devices);
  if (judged.errors.length) return reportInvalid(ctx, o, judged.errors);
  const dryRun = annotation(o, 'dryRun') === 'true';
  const reportOnly = annotation(o, 'driftPolicy') === 'report' && wasSynced;
  // A change that did not stick is only observed until its backoff ends (convergence.ts).
  const gate = dryRun || reportOnly ? ({ commit: true } as const) : ctx.convergence.gate(key, signature);
  const mode = dryRun || reportOnly || !gate.commit ? 'observe' : 'apply';
  const origin = mode === 'apply' ? ctx.origins.origin(o, wasSynced ? 'DriftRevert' : 'Change') : undefined;
  const out = await ctx.engine.submit({ intent: key, parts: judged.parts, mode, operState: mode === 'apply' && OPER_KINDS.has(o.kind), ...(origin ? { origin } : {}) });
  const allocated = cond('Allocated', true, 'Allocated', 'every value this intent needs is allocated and recorded');

  if (!out.ok) return reportFailure(ctx, o, out, fields, allocated, desired.parts);
  const diff = out.devices.filter((d) => d.diff).map((d) => `# ${d.device}\n${d.diff}`).join('\n');
  const summary = `${out.devices.filter((d) => d.upToDate || d.written).length}/${out.devices.length}`;
  if (dryRun) {
    const changing = out.devices.filter((d) => !d.upToDate).map((d) => d.device);
    const msg = changing.length ? `dry run: ${changing.join(', ')} would change (see status.diff); nothing was pushed` : 'dry run: the devices already match';
    await ctx.report.set(o, [allocated, cond('Synced', false, 'DryRun', msg), cond('Ready', false, 'DryRun', `${msg}; remove netintent.dev/dry-run to apply`)], {
      ...fields,
      diff: diff || undefined,
      deviceSummary: `${out.devices.length - changing.length}/${out.devices.length}`,
    });
    return;
  }
  const deviations = deviationsOf(out);
  const drifted = out.devices.filter((d) => !d.upToDate && !d.written).map((d) => d.device);
  if (drifted.length && !gate.commit) {
    ctx.watchDrift(key, desired.parts);
    const deviceSummary = `${out.devices.length - drifted.length}/${out.devices.length}`;
    return reportNotConverging(ctx.report, o, gate, drifted, { ...fields, diff, deviations: deviations.length ? deviations : undefined, devices: deviceStatus(out, hashes, devices, 'Drifted'), deviceSummary });
  }
  const reported = deviations.filter((d) => d.action === 'reported');
  if (drifted.length || reported.length) {
    // drift-policy report (the whole intent, or per path): show it, change nothing there.
    const devicesDrifted = drifted.length ? drifted : [...new Set(reported.map((d) => d.device))];
    const where = devicesDrifted.join(', ');
    const msg = drifted.length
      ? `${where} no longer match this intent (see status.diff); drift-policy is report, so nothing was changed`
      : `${where}: ${reported.length} path(s) differ under a drift policy of report (see status.deviations and status.diff); nothing was changed there`;
    const driftReason = drifted.length ? 'DriftDetected' : 'DriftReported';
    const all = [diff, reportedDiff(deviations)].filter(Boolean).join('\n');
    if (condition(o, 'Drifted')?.status !== 'True') {
      devicesDrifted.forEach((d) => ctx.tally?.driftDetected(d, o.kind));
      ctx.history?.record(driftRecord(o, key, devicesDrifted, out, deviations));
      await ctx.report.event(o, 'Warning', 'DriftDetected', `${msg}\n${all}`);
    }
    await ctx.report.set(o, [allocated, cond('Drifted', true, driftReason, msg), cond('Synced', false, 'Drifted', msg), cond('Ready', false, 'Drifted', msg)], {
      ...fields,
      diff: all,
      deviations: deviations.length ? deviations : undefined,
      devices: deviceStatus(out, hashes, devices, 'Drifted'),
      deviceSummary: `${out.devices.length - drifted.length}/${out.devices.length}`,
    });
    ctx.watchDrift(key, desired.parts);
    return;
  }
  const written = out.devices.filter((d) => d.written).map((d) => d.device);
  if (written.length) ctx.convergence.committed(key, signature);
  else ctx.convergence.settled(key);
  // The last revert stays on record until the next one or a new generation.
  const prev = condition(o, 'Drifted');
  const keep = !written.length && !deviations.length && prev?.reason === 'DriftReverted' && prev.observedGeneration === o.metadata.generation;
  const accepted = deviations.length;
  let drift: Cond = keep
    ? cond('Drifted', false, 'DriftReverted', prev.message)
    : accepted
      ? cond('Drifted', false, 'DeviationsAccepted', `${accepted} deviation(s) accepted by a drift policy stay on the devices (status.deviations)`)
      : cond('Drifted', false, 'InSync', 'the devices match this intent');
  if (written.length && wasSynced) {
    written.forEach((d) => ctx.tally?.driftDetected(d, o.kind));
    drift = cond('Drifted', false, 'DriftReverted', `${written.join(', ')} had drifted and were set back (${out.transaction}); status.diff shows what was reverted`);
    await ctx.report.event(o, 'Warning', 'DriftReverted', `${written.join(', ')} no longer matched and were set back in ${out.transaction}:\n${diff}`);
  } else if (written.length) {
    await ctx.report.event(o, 'Normal', 'Committed', `committed to ${written.join(', ')} in ${out.transaction}`);
  }
  ctx.inSync.set(key, signature);
  ctx.origins.committed(o);
  const msg = `configured on ${out.devices.length} device(s)`;
  const oper = operVerdict(out.devices);
  const ready = oper?.down ? cond('Ready', false, OPER_DOWN, oper.message) : cond('Ready', true, 'Ready', oper ? `${msg}; ${oper.message}` : msg);
  await reportOperChange(ctx, o, oper);
  await ctx.report.set(
    o,
    [allocated, drift, cond('Synced', true, 'InSync', `${msg}; the devices match (last commit in status.devices)`), ready],
    {
      ...fields,
      diff: written.length && wasSynced ? diff : keep ? o.status?.diff : undefined,
      deviations: accepted ? deviations : undefined,
      devices: deviceStatus(out, hashes, devices, 'Synced'),
      deviceSummary: summary,
    },
  );
  ctx.watchDrift(key, desired.parts);
  // Down: looked at again soon, so that the service coming back shows without waiting for the resync.
  return oper?.down ? { requeueAfterMs: OPER_RECHECK_MS } : undefined;
}

const OPER_RECHECK_MS = 15_000;

/** An Event when the service goes down (or its reasons change) and when it comes back. */
async function reportOperChange(ctx: Context, o: Obj, oper: OperVerdict | undefined) {
  const was = condition(o, 'Ready');
  if (oper?.down && (was?.reason !== OPER_DOWN || was.message !== oper.message)) await ctx.report.event(o, 'Warning', OPER_DOWN, oper.message);
  else if (oper && !oper.down && was?.reason === OPER_DOWN) await ctx.report.event(o, 'Normal', 'OperUp', oper.message);
}


async function reportInvalid(ctx: Context, o: Obj, errors: { field?: string; message: string; cause: 'invalid' | 'allocation' }[]): Promise<ReconcileResult> {
  const msg = describeErrors(errors);
  const allocation = errors.some((e) => e.cause === 'allocation');
  const reason = allocation ? 'AllocationFailed' : 'ValidationFailed';
  const advice = allocation ? 'choose another value or free it; netintent retries' : 'fix the spec';
  if (condition(o, 'Ready')?.message !== `${msg}; ${advice}`) await ctx.report.event(o, 'Warning', reason, msg);
  await ctx.report.set(o, [
    ...(allocation ? [cond('Allocated', false, reason, `${msg}; ${advice}`)] : []),
    cond('Synced', false, reason, 'nothing was pushed'),
    cond('Ready', false, reason, `${msg}; ${advice}`),
  ]);
  return allocation ? { requeueAfterMs: ALLOCATION_RETRY_MS } : undefined;
}

/** Looked at again now and then: the holder may be deleted or moved. */
const CONFLICT_RETRY_MS = 10_000;

async function reportConflict(ctx: Context, o: Obj, clashes: { field: string; message: string }[]): Promise<ReconcileResult> {
  const msg = `${describeErrors(clashes)}; choose another port or VLAN (netintent retries)`;
  if (condition(o, 'Ready')?.message !== msg) await ctx.report.event(o, 'Warning', 'EndpointConflict', msg);
  await ctx.report.set(o, [cond('Synced', false, 'EndpointConflict', 'nothing was pushed'), cond('Ready', false, 'EndpointConflict', msg)]);
  return { requeueAfterMs: CONFLICT_RETRY_MS };
}

async function reportFailure(ctx: Context, o: Obj, out: Outcome, fields: Record<string, unknown>, allocated: Cond, parts: Part[]): Promise<never> {
  // A device error is cut before the advice is added, so the advice survives a 500 KB error.
  const e = { ...out.error!, message: bounded(out.error!.message, TEXT_LIMITS.deviceMessage) };
  const msg = `${e.device}: ${e.message}. ${ADVICE[e.reason]}`;
  ctx.tally?.commitFailed(e.device, e.reason);
  if (condition(o, 'Synced')?.message !== msg) await ctx.report.event(o, 'Warning', e.reason, msg);
  if (!answered(e.reason)) {
    const d = parts.find((p) => p.device.metadata.name === e.device)?.device;
    if (d) ctx.enqueue(objKey(d)); // its Reachable condition should say so too
  }
  await ctx.report.set(o, [allocated, cond('Synced', false, e.reason, msg), cond('Ready', false, e.reason, msg)], {
    ...fields,
    // What each device holds now (the engine's outcome), not what this intent hoped for.
    devices: parts.map((p) => heldStatus(p.device.metadata.name, { ...out, error: e })),
    deviceSummary: `${parts.filter((p) => heldStatus(p.device.metadata.name, out).state === 'Synced').length}/${parts.length}`,
  });
  throw new Retry(msg);
}

async function finalize(ctx: Context, o: Obj): Promise<ReconcileResult> {
  if (await deletionGate(ctx, o)) return;
  const key = objKey(o);
  const desired = desiredFor(o, ctx.cache, ctx.allocations.allocator);
  const parts = removableParts(o, desired.parts, ctx.nearby(o), ctx.cache, ctx.allocations.allocator); // never the owner's paths
  if (parts.length) {
    const out = await ctx.engine.submit({ intent: key, parts, mode: 'remove', origin: ctx.origins.origin(o, 'Removal') });
    if (!out.ok) {
      const e = out.error!;
      const msg = `removing from ${e.device} failed: ${e.message}. ${ADVICE[e.reason]}`;
      await ctx.report.set(o, [cond('Synced', false, e.reason, msg), cond('Ready', false, 'Deleting', msg)]);
      throw new Retry(msg);
    }
    const removed = out.devices.filter((d) => d.written).map((d) => d.device);
    await ctx.report.event(o, 'Normal', 'Removed', removed.length ? `removed from ${removed.join(', ')} in ${out.transaction}` : 'nothing left on the devices');
  } else if (desired.errors.length) {
    await ctx.report.event(o, 'Warning', 'CleanupSkipped', `cannot work out what to remove (${desired.errors.map((e) => e.message).join('; ')}); check the devices by hand`);
  }
  ctx.unwatchDrift(key);
  ctx.inSync.delete(key);
  ctx.convergence.forget(key);
  ctx.allocations.allocator.releaseAll(objKey(o));
  await ctx.allocations.persist();
  await removeFinalizer(ctx, o);
}
