// The cluster side of one intent's SRv6 egress, for the intent's whole life: wait for the PE
// side and its End.DT46 SID, server-side apply the VRF + egress policy into the workload
// cluster, verify, report; then wait for a newer spec or removal. Removal and unrecoverable
// failure compensate in reverse: cluster objects first, then the PE side is told it may go.
// Deterministic: every I/O is an activity; a newer spec or removal interrupts a wait.
import { ApplicationFailure, CancellationScope, condition, continueAsNew, isCancellation, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { EgressSpec, Termination } from '../adapters/cilium/egress.js';
import type { Activities } from './activities.js';
import { removeSignal, stateQuery, updateSignal, type EgressInput, type EgressPhase, type EgressReport } from './definitions.js';

const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: ['InvalidEgress', 'IntentGone'] };

// Waiting for the PE can take as long as the PE side takes; the heartbeat notices a dead worker.
const { awaitTermination } = proxyActivities<Activities>({ startToCloseTimeout: '1h', heartbeatTimeout: '10s', retry });
const { applyClusterObjects, verifyClusterObjects, pruneClusterObjects, report } = proxyActivities<Activities>({ startToCloseTimeout: '30s', retry });

const INTERRUPTED = Symbol('interrupted');
const RETRY_FAILED_AFTER = '2m';
const RECHECK_EVERY = '5m';
/** Added after workflows were running: the cluster objects are re-verified while Ready. */
const RECHECK_PATCH = 'recheck-cluster-objects';

/** Runs `work`, cancelled as soon as `interrupted()` holds (a newer spec, or removal). */
async function interruptible<T>(work: () => Promise<T>, interrupted: () => boolean): Promise<T | typeof INTERRUPTED> {
  const scope = new CancellationScope();
  const watcher = new CancellationScope();
  watcher.run(() => condition(interrupted)).then(() => scope.cancel(), () => undefined);
  try {
    return await scope.run(work);
  } catch (e) {
    if (isCancellation(e) && interrupted()) return INTERRUPTED;
    throw e;
  } finally {
    watcher.cancel();
  }
}

const sameCluster = (a: EgressSpec, b: EgressSpec) =>
  a.kubeconfigSecretRef?.name === b.kubeconfigSecretRef?.name && (a.kubeconfigSecretRef?.key ?? 'kubeconfig') === (b.kubeconfigSecretRef?.key ?? 'kubeconfig');

const failureType = (e: unknown): string | undefined => {
  const cause = (e as { cause?: unknown }).cause ?? e;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
};
const failureMessage = (e: unknown): string => {
  const cause = (e as { cause?: Error }).cause ?? (e as Error);
  return cause?.message ?? String(e);
};

export async function clusterEgress(input: EgressInput): Promise<void> {
  const { intent, carried } = input;
  let want = { spec: input.spec, generation: input.generation };
  // A run continued from an earlier one that was Ready has nothing to redo.
  let changed = !carried?.last;
  let removing = false;
  /** Where objects were last applied: a cluster change cleans up the old one. */
  let appliedTo: EgressSpec | undefined = carried?.appliedTo;
  /** What the cluster was last made to hold, for the periodic re-check. */
  let last = carried?.last;
  const state: EgressReport = carried?.report ?? { workflowId: workflowInfo().workflowId, phase: 'Pending', observedGeneration: input.generation, message: 'starting' };

  setHandler(updateSignal, (spec, generation) => {
    if (generation < want.generation) return;
    want = { spec, generation };
    changed = true;
  });
  setHandler(removeSignal, () => void (removing = true));
  setHandler(stateQuery, () => state);

  const tell = async (phase: EgressPhase, message: string, extra: Partial<EgressReport> = {}) => {
    Object.assign(state, { phase, message, observedGeneration: want.generation }, extra);
    // The intent went away without asking (deleted before any report held it back): clean
    // up. `=== false`: histories recorded before report answered hold no value here.
    if ((await report(intent, { ...state })) === false) removing = true;
  };

  let failed = false;
  while (!removing) {
    if (!changed) {
      // A failure is looked at again now and then: the cluster may have been fixed meanwhile.
      if (failed) changed = !(await condition(() => changed || removing, RETRY_FAILED_AFTER)) || changed;
      else if (last && patched(RECHECK_PATCH)) {
        // Someone may edit or delete the cluster objects: look again now and then.
        if (await condition(() => changed || removing, input.recheckEvery ?? RECHECK_EVERY)) continue;
        const differences = await verifyClusterObjects(intent, last.spec, last.t);
        if (differences.length) changed = true;
        else if (workflowInfo().continueAsNewSuggested) {
          // A life-long workflow: start afresh before the history grows too long.
          await continueAsNew<typeof clusterEgress>({ ...input, spec: want.spec, generation: want.generation, carried: { appliedTo, last, report: { ...state } } });
        }
      } else await condition(() => changed || removing);
      continue;
    }
    changed = false;
    failed = false;
    const { spec } = want;
    try {
      const done = await interruptible(async () => {
        await tell('WaitingForPE', `waiting for ${spec.terminatingVrf ?? 'the first VRF'} to be synced with an End.DT46 SID`);
        const t: Termination = await awaitTermination(intent, spec);
        await tell('Applying', `applying ${spec.cni} objects with SID ${t.sid} (${t.device}/${t.vrf})`, { sid: t.sid });
        if (appliedTo && !sameCluster(appliedTo, spec)) await pruneClusterObjects(intent, appliedTo, []);
        appliedTo = spec;
        const objects = await applyClusterObjects(intent, spec, t);
        const differences = await verifyClusterObjects(intent, spec, t);
        if (differences.length) {
          // Another writer got in between: apply again after a pause.
          await tell('Applying', `read back differs (${differences.join('; ')}); applying again`);
          await sleep('5s');
          changed = true;
          return;
        }
        // A flavour change leaves the other CNI's objects behind.
        await pruneClusterObjects(intent, spec, objects);
        last = { spec, t };
        await tell('Ready', `${objects.join(', ')} steer ${spec.destinationCIDRs.join(', ')} to ${t.sid} on ${t.device}`, { sid: t.sid, objects });
      }, () => changed || removing);
      if (done === INTERRUPTED) continue;
    } catch (e) {
      // The intent is gone, or somebody cancelled the workflow: clean up all the same.
      if (failureType(e) === 'IntentGone' || isCancellation(e)) break;
      // Unrecoverable (bad input): take back what reached the cluster, say why, and wait
      // for a corrected spec.
      if (appliedTo) await pruneClusterObjects(intent, appliedTo, []);
      appliedTo = undefined;
      last = undefined;
      failed = true;
      await tell('Failed', failureMessage(e), { objects: [], sid: undefined });
    }
  }

  // Compensation, in reverse: the cluster objects (wherever they may be), then the PE side.
  await CancellationScope.nonCancellable(async () => {
    await tell('Withdrawing', 'removing the cluster objects');
    await pruneClusterObjects(intent, appliedTo ?? want.spec, []);
    if (appliedTo && !sameCluster(appliedTo, want.spec)) await pruneClusterObjects(intent, want.spec, []);
    await tell('Withdrawn', 'the cluster objects are gone; the PE side may be withdrawn', { objects: [], sid: undefined });
  });
}
