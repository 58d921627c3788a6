// The controller's side of the egress workflows: it only starts, signals and describes them.
// Every call is bounded by a deadline, and any failure to reach Temporal becomes one error
// type the reconciler reports as `TemporalUnavailable`.
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { IntentRef } from '../adapters/cilium/egress.js';
import { connectionOptions, type TemporalOptions } from './connection.js';
import { egressWorkflowId, removeSignal, updateSignal, type EgressInput } from './definitions.js';
import type { clusterEgress } from './egress.js';

export class TemporalUnavailable extends Error {}

/** What reconcilers need of the workflows; tests of reconcilers may fake it. */
export interface EgressWorkflows {
  /** Starts the intent's workflow with this spec, or signals the running one. Returns its id. */
  ensure(input: EgressInput): Promise<string>;
  /** Whether the intent's workflow is running. */
  running(intent: IntentRef): Promise<boolean>;
  /** Asks the workflow (starting one if none runs) to take the cluster side back. */
  remove(input: EgressInput): Promise<string>;
  close(): Promise<void>;
}

export class TemporalEgress implements EgressWorkflows {
  private client?: Promise<Client>;

  constructor(
    private readonly o: TemporalOptions,
    private readonly opts: { timeoutMs?: number; /** Re-verify interval of Ready workflows. */ recheckEvery?: string } = {},
  ) {}

  private get timeoutMs() {
    return this.opts.timeoutMs ?? 5000;
  }

  ensure(input: EgressInput): Promise<string> {
    return this.signalWithStart(input, updateSignal.name, [input.spec, input.generation]);
  }

  remove(input: EgressInput): Promise<string> {
    return this.signalWithStart(input, removeSignal.name, []);
  }

  running(intent: IntentRef): Promise<boolean> {
    return this.call(async (c) => {
      try {
        return (await c.workflow.getHandle(egressWorkflowId(intent)).describe()).status.name === 'RUNNING';
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) return false;
        throw e;
      }
    });
  }

  async close() {
    const c = await this.client?.catch(() => undefined);
    this.client = undefined;
    await c?.connection.close();
  }

  private signalWithStart(input: EgressInput, signal: string, signalArgs: unknown[]): Promise<string> {
    const workflowId = egressWorkflowId(input.intent);
    return this.call(async (c) => {
      await c.workflow.signalWithStart<typeof clusterEgress, unknown[]>('clusterEgress', {
        workflowId,
        taskQueue: this.o.taskQueue,
        args: [this.opts.recheckEvery ? { ...input, recheckEvery: this.opts.recheckEvery } : input],
        signal,
        signalArgs,
      });
      return workflowId;
    });
  }

  private async call<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    let client: Client;
    try {
      client = await (this.client ??= this.connect());
    } catch (e) {
      this.client = undefined;
      throw new TemporalUnavailable(`cannot reach Temporal at ${this.o.address}: ${(e as Error).message}`);
    }
    try {
      return await client.connection.withDeadline(Date.now() + this.timeoutMs, () => fn(client));
    } catch (e) {
      throw new TemporalUnavailable(`Temporal at ${this.o.address} (namespace ${this.o.namespace}) did not answer: ${(e as Error).message}`);
    }
  }

  private async connect(): Promise<Client> {
    const connection = await Connection.connect({ ...connectionOptions(this.o), connectTimeout: this.timeoutMs });
    return new Client({ connection, namespace: this.o.namespace });
  }
}
