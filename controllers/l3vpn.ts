// L3VPN: it owns no device configuration of its own. Its topology decides the route-target
// policy its VRFs are rendered with (desired.ts hands the VPN to every member VRF), so it
// is Ready when every member VRF is Ready with exactly the VPN's route targets, and, when it
// asks for cluster egress, the egress workflow reports the cluster side configured.
import type { VrfPlan } from '../adapters/render/plan.js';
import type { ReconcileResult } from './runtime/queue.js';
import type { Context } from './context.js';
import { describeErrors, desiredFor } from './desired.js';
import { removeFinalizer } from './lifecycle.js';
import { isReady, keyOf, objKey, type Obj } from '../apis/objects.js';
import type { ConditionType } from '../apis/index.js';
import { cond } from './report.js';
import { egressSpecOf, syncEgress, withdrawEgress } from './egress.js';

const sameRts = (a: unknown, b: { import: string; export: string }) =>
  !!a && (a as { import?: string }).import === b.import && (a as { export?: string }).export === b.export;

/** The VPN's own route targets (shared, or hub and spoke) from the allocator. */
function vpnRouteTargets(ctx: Context, o: Obj): Record<string, string> {
  const mine = objKey(o);
  const out: Record<string, string> = {};
  for (const r of ctx.allocations.allocator.heldBy(mine)) {
    const role = r.owner.slice(mine.length + 1);
    if (r.pool.startsWith('rt/') && role) out[role] = `target:${r.pool.slice(3)}:${r.value}`;
  }
  return out;
}

export async function reconcileL3vpn(ctx: Context, o: Obj): Promise<ReconcileResult> {
  const ns = o.metadata.namespace ?? 'default';
  const desired = desiredFor(o, ctx.cache, ctx.allocations.allocator);
  const errors = desired.errors;
  if (errors.length) {
    const msg = `${describeErrors(errors)}; fix the spec`;
    const reason = errors.some((e) => e.cause === 'allocation') ? 'AllocationFailed' : 'ValidationFailed';
    await ctx.report.set(o, [cond('Ready', false, reason, msg), cond('Synced', false, reason, 'nothing was pushed')]);
    return;
  }
  await ctx.allocations.persist();
  const members = new Set(((o.spec?.vrfs as { name: string }[] | undefined) ?? []).map((m) => m.name));
  const plans = desired.plans.filter((p): p is VrfPlan => p.kind === 'VRF' && members.has(p.name));
  const behind: string[] = [];
  let synced = 0;
  let total = 0;
  for (const plan of plans) {
    const vrf = ctx.cache.get('VRF', ns, plan.name);
    const devices = (vrf?.status?.devices as { state: string }[] | undefined) ?? [];
    total += Object.keys(plan.spec.endpoints.map((e) => e.device).reduce((a, d) => ({ ...a, [d]: 1 }), {})).length;
    synced += devices.filter((d) => d.state === 'Synced').length;
    if (!vrf || !isReady(vrf) || !sameRts(vrf.status?.routeTargets, plan.routeTargets)) {
      behind.push(plan.name);
      ctx.enqueue(keyOf('VRF', ns, plan.name));
    }
  }
  const fields: Record<string, unknown> = { routeTargets: vpnRouteTargets(ctx, o), deviceSummary: `${synced}/${total}` };
  const asked = egressSpecOf(o);
  const egress = asked ? await syncEgress(ctx, o, asked) : await withdrawEgress(ctx, o);
  const egressConds = egress ? [egress.cond] : [];
  if (!egress) fields.egress = undefined; // withdrawn, or never asked for
  const requeue = egress?.requeueAfterMs ? { requeueAfterMs: egress.requeueAfterMs } : undefined;
  const drop: ConditionType[] = egress ? [] : ['EgressReady'];
  if (behind.length) {
    const msg = `VRF ${behind.join(', ')} not yet configured with this VPN's route targets; they are being reconciled`;
    await ctx.report.set(o, [cond('Synced', false, 'WaitingForVRFs', msg), ...egressConds, cond('Ready', false, 'WaitingForVRFs', msg)], fields, drop);
    return requeue;
  }
  const msg = `${plans.length} VRF(s) on ${total} device(s) carry the ${String(o.spec?.topology)} route-target policy`;
  const ready = !asked || egress?.cond.status === 'True' ? cond('Ready', true, 'Ready', msg) : cond('Ready', false, 'EgressNotReady', `the PE side is synced; cluster egress: ${egress!.cond.message}`);
  await ctx.report.set(o, [cond('Synced', true, 'InSync', msg), ...egressConds, ready], fields, drop);
  return requeue;
}

/** No device config of its own: once the cluster side is gone, the VRFs fall back to their own route targets. */
export async function finalizeL3vpn(ctx: Context, o: Obj): Promise<ReconcileResult> {
  const ns = o.metadata.namespace ?? 'default';
  // The cluster side goes first: until it is withdrawn the VRFs keep the VPN (desired.ts).
  const egress = await withdrawEgress(ctx, o);
  if (egress) {
    await ctx.report.set(o, [egress.cond, cond('Ready', false, 'Deleting', `the PE side waits for the cluster egress to be withdrawn: ${egress.cond.message}`)]);
    return egress.requeueAfterMs ? { requeueAfterMs: egress.requeueAfterMs } : undefined;
  }
  ctx.egressHanded.delete(o.metadata.uid ?? '');
  for (const m of (o.spec?.vrfs as { name: string }[] | undefined) ?? []) ctx.enqueue(keyOf('VRF', ns, m.name));
  ctx.allocations.allocator.releaseAll(objKey(o));
  await ctx.allocations.persist();
  await removeFinalizer(ctx, o);
}
