// Kubernetes Events (core/v1) about our objects. A repeat of the same event on the same
// object bumps its count instead of adding another (as client-go's recorder does), and a
// failure to record never fails a reconcile.
import { randomBytes } from 'node:crypto';
import { ApiError, type RestClient } from '../../adapters/k8s/rest.js';
import type { Obj } from '../objects.js';

export type EventKind = 'Normal' | 'Warning';

export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number }>();

  constructor(
    private readonly rest: RestClient,
    private readonly component = 'netintent-controller',
    private readonly onError?: (e: unknown) => void,
  ) {}

  async record(o: Obj, type: EventKind, reason: string, message: string): Promise<void> {
    const namespace = o.metadata.namespace ?? 'default';
    const dedup = `${o.metadata.uid}/${type}/${reason}/${message}`;
    const now = new Date();
    const path = `/api/v1/namespaces/${namespace}/events`;
    try {
      const prev = this.seen.get(dedup);
      if (prev) {
        prev.count++;
        try {
          await this.rest.request('PATCH', `${path}/${prev.name}`, { count: prev.count, lastTimestamp: now.toISOString() }, 'application/merge-patch+json');
          return;
        } catch (e) {
          if (!(e instanceof ApiError && e.code === 404)) throw e; // expired: record afresh
        }
      }
      const name = `${o.metadata.name}.${randomBytes(8).toString('hex')}`;
      await this.rest.request('POST', path, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion },
        type,
        reason,
        message: message.slice(0, 1024),
        source: { component: this.component },
        reportingComponent: this.component,
        firstTimestamp: now.toISOString(),
        lastTimestamp: now.toISOString(),
        count: 1,
      });
      this.seen.set(dedup, { name, namespace, count: 1 });
      if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value!);
    } catch (e) {
      this.onError?.(e);
    }
  }
}
