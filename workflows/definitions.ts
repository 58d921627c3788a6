// What the controller and the workflow agree on: signals, query, ids, the task queue.
// Imported by both sides, so it holds nothing but definitions.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EgressSpec, IntentRef, Termination } from '../adapters/cilium/egress.js';

export const DEFAULT_TASK_QUEUE = 'netintent-egress';

export interface EgressInput {
  intent: IntentRef;
  spec: EgressSpec;
  generation: number;
  /** How often a Ready workflow re-verifies the cluster objects (a Temporal duration, default 5m). */
  recheckEvery?: string;
  /** State handed over by continue-as-new. */
  carried?: { appliedTo?: EgressSpec; last?: { spec: EgressSpec; t: Termination }; report: EgressReport };
}

export type EgressPhase = 'Pending' | 'WaitingForPE' | 'Applying' | 'Ready' | 'Failed' | 'Withdrawing' | 'Withdrawn';

/** What the workflow reports into the intent's `status.egress`. */
export interface EgressReport {
  workflowId: string;
  phase: EgressPhase;
  observedGeneration: number;
  message: string;
  sid?: string;
  objects?: string[];
}

/** A newer spec: the workflow converges to it (older generations are ignored). */
export const updateSignal = defineSignal<[EgressSpec, number]>('update');
/** The intent is going away (or no longer asks for egress): compensate and finish. */
export const removeSignal = defineSignal('remove');
export const stateQuery = defineQuery<EgressReport>('state');

/** One workflow per intent for its whole life: the id comes from the uid, so no twin is started. */
export const egressWorkflowId = (intent: { kind: string; uid: string }) => `netintent-egress-${intent.kind.toLowerCase()}-${intent.uid}`;
