// Kubernetes Events (core/v1) about our objects, aggregated as client-go's EventCorrelator
// does: events on one object with the same type and reason within a window are one Event,
// whose count and lastTimestamp go up and whose message is the latest one (prefixed with
// "(combined from similar events): " once messages differ). A controller retrying every few
// seconds so leaves one Event, not one per retry (issue 12: 1,312 DriftReverted Events in 70 s).
// Messages are bounded. Writes go through the outbox, so Events raised while the API server is
// away are written once it is back; a failure to record never fails a reconcile.
import { randomBytes } from 'node:crypto';
import { ApiError, type RestClient } from '../../adapters/k8s/rest.js';
import { Outbox } from '../outbox.js';
import type { Obj } from '../../apis/objects.js';
import { bounded, TEXT_LIMITS } from './bounded.js';
import { metaTime } from './status.js';

export type EventKind = 'Normal' | 'Warning';

/** client-go's aggregate message prefix (tools/record/events_cache.go). */
export const COMBINED_PREFIX = '(combined from similar events): ';

/** The part of RestClient Events need (a fake in unit tests). */
export type EventsApi = Pick<RestClient, 'request'>;

export interface EventOptions {
  component?: string;
  /** Similar events this close to the last one join it (client-go: 10 minutes). */
  windowMs?: number;
  onError?: (e: unknown) => void;
  outbox?: Outbox;
  now?: () => Date;
}

interface Aggregate {
  name: string;
  namespace: string;
  /** The first message: repeats of it are not "combined". */
  first: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  last: number;
  involved: Record<string, unknown>;
  type: EventKind;
  reason: string;
  /** The API server holds it (else the next write creates it). */
  created: boolean;
}

export class EventRecorder {
  private readonly aggregates = new Map<string, Aggregate>();
  private readonly component: string;
  private readonly windowMs: number;
  private readonly outbox: Outbox;
  private readonly now: () => Date;
  private readonly onError?: (e: unknown) => void;

  constructor(
    private readonly rest: EventsApi,
    o: EventOptions = {},
  ) {
    this.component = o.component ?? 'netintent-controller';
    this.windowMs = o.windowMs ?? 10 * 60_000;
    this.outbox = o.outbox ?? new Outbox({ ...(o.onError ? { onError: o.onError } : {}) });
    this.now = o.now ?? (() => new Date());
    this.onError = o.onError;
  }

  async record(o: Obj, type: EventKind, reason: string, message: string): Promise<void> {
    const namespace = o.metadata.namespace ?? 'default';
    const key = `${o.metadata.uid ?? `${o.kind}/${namespace}/${o.metadata.name}`}/${type}/${reason}`;
    const now = this.now();
    const prev = this.aggregates.get(key);
    let agg: Aggregate;
    if (prev && now.getTime() - prev.last <= this.windowMs) {
      agg = prev;
      agg.count++;
      agg.message = bounded(message === agg.first ? message : COMBINED_PREFIX + message, TEXT_LIMITS.eventMessage);
      agg.lastTimestamp = metaTime(now);
      agg.last = now.getTime();
    } else {
      agg = {
        name: `${o.metadata.name}.${randomBytes(8).toString('hex')}`,
        namespace,
        first: message,
        message: bounded(message, TEXT_LIMITS.eventMessage),
        count: 1,
        firstTimestamp: metaTime(now),
        lastTimestamp: metaTime(now),
        last: now.getTime(),
        involved: {
          apiVersion: o.apiVersion,
          kind: o.kind,
          name: o.metadata.name,
          namespace,
          uid: o.metadata.uid,
          resourceVersion: o.metadata.resourceVersion,
        },
        type,
        reason,
        created: false,
      };
      this.aggregates.delete(key);
      this.aggregates.set(key, agg);
      if (this.aggregates.size > 10_000) this.aggregates.delete(this.aggregates.keys().next().value!);
    }
    try {
      // The key names the Event, so a write still waiting for the API server writes the latest count.
      await this.outbox.event(agg.name, () => this.write(agg));
    } catch (e) {
      this.onError?.(e);
    }
  }

  /** Brings the API server's Event up to the aggregate: created once, then patched. */
  private async write(agg: Aggregate): Promise<void> {
    const path = `/api/v1/namespaces/${agg.namespace}/events`;
    const patch = { count: agg.count, lastTimestamp: agg.lastTimestamp, message: agg.message };
    if (agg.created) {
      try {
        await this.rest.request('PATCH', `${path}/${agg.name}`, patch, 'application/merge-patch+json');
        return;
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e; // expired (the API server's event TTL): create it again
      }
    }
    try {
      await this.rest.request('POST', path, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: agg.name, namespace: agg.namespace },
        involvedObject: agg.involved,
        type: agg.type,
        reason: agg.reason,
        message: agg.message,
        source: { component: this.component },
        reportingComponent: this.component,
        firstTimestamp: agg.firstTimestamp,
        lastTimestamp: agg.lastTimestamp,
        count: agg.count,
      });
    } catch (e) {
      // Created by an earlier attempt whose answer was lost: bring it up to date instead.
      if (!(e instanceof ApiError && e.code === 409)) throw e;
      await this.rest.request('PATCH', `${path}/${agg.name}`, patch, 'application/merge-patch+json');
    }
    agg.created = true;
  }
}
