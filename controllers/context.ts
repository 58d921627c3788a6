// What every reconciler is given: the caches, the shared engines and the way to report.
import type { Logger } from 'pino';
import type { RestClient } from '../adapters/k8s/rest.js';
import type { AllocationStore } from './allocations.js';
import type { ReverseIndex } from './dependencies.js';
import type { Cache } from './desired.js';
import type { Obj } from '../apis/objects.js';
import type { Reporter } from './report.js';
import type { Convergence } from './convergence.js';
import type { Part, TransactionEngine } from '../devices/transactions.js';
import type { DeviceConnections } from '../devices/connections.js';
import type { EgressWorkflows } from '../workflows/client.js';
import type { Origins } from './history/origins.js';
import type { TransactionRecord } from '../devices/history.js';

export interface Context {
  cache: Cache & { byAddress(address: string): Obj[] };
  index: ReverseIndex;
  allocations: AllocationStore;
  conns: DeviceConnections;
  engine: TransactionEngine;
  report: Reporter;
  /** Changes that do not stick back off (NotConverging) instead of committing in a loop. */
  convergence: Convergence;
  rest: RestClient;
  log: Logger;
  /**
   * Intent key → the device config hashes this process last saw its devices match. The
   * informer may not yet hold the status that says so when drift re-queues the intent.
   */
  inSync: Map<string, string>;
  /** Who asked for an intent's change and the spec before it, for the transaction history. */
  origins: Origins;
  /** The transaction history, for what the engine does not record itself (drift only reported). */
  history?: { record(r: TransactionRecord): void };
  /** The egress workflows; undefined when no Temporal is configured. */
  egress?: EgressWorkflows;
  /** Intent uid → the generation this process handed its egress workflow (-1: removal). */
  egressHanded: Map<string, number>;
  enqueue(key: string): void;
  /** Tracks the intent's paths on its gNMI devices for ON_CHANGE drift detection. */
  watchDrift(intent: string, parts: Part[]): void;
  unwatchDrift(intent: string): void;
  /** The other intents on any device `o` names (controllers/nearby.ts): all an intent can clash with. */
  nearby(o: Obj): Obj[];
  /** Counters of what reconciles find (controllers/metrics.ts); absent in tests that do not count. */
  tally?: {
    commitFailed(device: string, reason: string): void;
    driftDetected(device: string, kind: string): void;
  };
}

/** Thrown after the status says what failed: the work queue backs off and tries again. */
export class Retry extends Error {}
