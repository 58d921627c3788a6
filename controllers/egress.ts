// An intent's cluster egress as the reconciler sees it: start or signal its workflow when
// this process has not yet handed it the current generation, and read the workflow's own
// report (status.egress) into the EgressReady condition. Temporal being away never stops
// the PE side: it shows as EgressReady=False, reason TemporalUnavailable.
import type { EgressSpec, IntentRef } from '../adapters/cilium/egress.js';
import { TemporalUnavailable } from '../workflows/client.js';
import type { EgressInput, EgressReport } from '../workflows/definitions.js';
import type { Context } from './context.js';
import type { Obj } from '../apis/objects.js';
import { cond, type Cond } from './report.js';

export const TEMPORAL_RETRY_MS = 5000;

export interface EgressState {
  cond: Cond;
  requeueAfterMs?: number;
}

const intentRef = (o: Obj): IntentRef => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: o.metadata.namespace ?? 'default',
  name: o.metadata.name,
  uid: o.metadata.uid ?? '',
});

export const egressSpecOf = (o: Obj) => o.spec?.clusterEgress as EgressSpec | undefined;
export const egressReportOf = (o: Obj) => o.status?.egress as Partial<EgressReport> | undefined;

/** The cluster side may still hold objects: the workflow has not said they are gone. */
export function egressHeld(o: Obj): boolean {
  const r = egressReportOf(o);
  return !!r?.workflowId && r.phase !== 'Withdrawn';
}

const input = (o: Obj, spec: EgressSpec): EgressInput => ({ intent: intentRef(o), spec, generation: o.metadata.generation ?? 0 });

const unavailable = (e: unknown, doing: string): EgressState => {
  if (!(e instanceof TemporalUnavailable)) throw e;
  return { cond: cond('EgressReady', false, 'TemporalUnavailable', `${e.message}; ${doing} once it answers (the PE side is unaffected)`), requeueAfterMs: TEMPORAL_RETRY_MS };
};

/** For an intent that asks for cluster egress. */
export async function syncEgress(ctx: Context, o: Obj, spec: EgressSpec): Promise<EgressState> {
  if (!ctx.egress) return { cond: cond('EgressReady', false, 'TemporalUnavailable', 'this controller has no Temporal to run egress workflows: start it with --temporal-address') };
  const gen = o.metadata.generation ?? 0;
  const uid = o.metadata.uid ?? '';
  const report = egressReportOf(o);
  if (ctx.egressHanded.get(uid) !== gen) {
    try {
      // After a restart, a workflow that already works on this generation is left alone.
      const current = report?.observedGeneration === gen && report.phase !== 'Withdrawn' && (await ctx.egress.running(intentRef(o)));
      if (!current) await ctx.egress.ensure(input(o, spec));
      ctx.egressHanded.set(uid, gen);
    } catch (e) {
      return unavailable(e, 'the egress workflow starts');
    }
  }
  if (!report || report.observedGeneration !== gen) return { cond: cond('EgressReady', false, 'Pending', 'the egress workflow has not yet reported on this generation') };
  if (report.phase === 'Ready') return { cond: cond('EgressReady', true, 'EgressReady', report.message ?? 'the cluster side is configured') };
  if (report.phase === 'Failed') return { cond: cond('EgressReady', false, 'EgressFailed', `${report.message ?? 'failed'}; the cluster objects were taken back; fix clusterEgress (retried every 2 minutes)`) };
  return { cond: cond('EgressReady', false, report.phase ?? 'Pending', report.message ?? '') };
}

/**
 * Asks the workflow to take the cluster side back (egress dropped from the spec, or the
 * intent deleted). Undefined once it reports Withdrawn; until then what is awaited.
 */
export async function withdrawEgress(ctx: Context, o: Obj): Promise<EgressState | undefined> {
  // Without a report nothing reached the cluster: the workflow reports before it applies,
  // and leaves by itself if it finds its intent gone.
  if (!egressHeld(o)) return undefined;
  const report = egressReportOf(o);
  const spec = egressSpecOf(o);
  if (!ctx.egress) return { cond: cond('EgressReady', false, 'TemporalUnavailable', 'no Temporal configured to withdraw the cluster egress: start the controller with --temporal-address') };
  const uid = o.metadata.uid ?? '';
  if (ctx.egressHanded.get(uid) !== -1) {
    try {
      // A running workflow knows where it applied; a new run finds objects by owner label
      // in the cluster the spec names (the management cluster once egress left the spec).
      await ctx.egress.remove(input(o, spec ?? { cni: 'cilium', vrfId: 0, destinationCIDRs: [] }));
      ctx.egressHanded.set(uid, -1);
    } catch (e) {
      return unavailable(e, 'the cluster egress is withdrawn');
    }
  }
  return { cond: cond('EgressReady', false, 'Withdrawing', `the egress workflow is removing the cluster objects (${report?.phase ?? 'starting'})`), requeueAfterMs: TEMPORAL_RETRY_MS };
}
