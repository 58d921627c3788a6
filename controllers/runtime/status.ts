// Status through the status subresource: read, change, write with the resourceVersion
// read, and try again on a conflict. Conditions keep their lastTransitionTime unless
// their status really changes (metav1.Condition semantics).
import type { KubeConfig } from '@kubernetes/client-node';
import type { Condition } from '../../apis/common.js';
import { ApiError, RestClient } from '../../adapters/k8s/rest.js';

export interface Ref {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

type Obj = { apiVersion?: string; kind?: string; metadata: { name?: string; namespace?: string; resourceVersion?: string; generation?: number }; status?: Record<string, unknown> };

/** metav1.Time: RFC 3339 with whole seconds. */
export const metaTime = (d = new Date()) => d.toISOString().replace(/\.\d+Z$/, 'Z');

export function setCondition(conditions: Condition[] = [], c: Omit<Condition, 'lastTransitionTime'>, now = new Date()): Condition[] {
  const prev = conditions.find((x) => x.type === c.type);
  const lastTransitionTime = prev && prev.status === c.status ? prev.lastTransitionTime : metaTime(now);
  return [...conditions.filter((x) => x.type !== c.type), { ...c, lastTransitionTime }];
}

/** What was written: the status and the object's resourceVersion after the write. */
export interface Written {
  status: Record<string, unknown>;
  resourceVersion?: string;
}

export type StatusChange = (status: Record<string, unknown>, generation: number) => Record<string, unknown>;

/** The status a writer believes current, and the object version it belongs to. */
export interface Seen {
  status: Record<string, unknown>;
  resourceVersion?: string;
  generation: number;
}

/** The port Reporter writes through (StatusWriter on the API server; an in-memory fake in unit tests). */
export interface StatusStore {
  /** `seen`, when given, is tried first in place of a fresh read (see StatusWriter.update). */
  update(ref: Ref, change: StatusChange, seen?: Seen): Promise<Written>;
}

export class StatusWriter implements StatusStore {
  private readonly rest: RestClient;

  constructor(kc: KubeConfig) {
    this.rest = new RestClient(kc);
  }

  /**
   * Applies `change` to the latest status; retries on conflict up to `attempts` times. With
   * `seen` (the informer's copy, or our own last write), the first try writes on it without a
   * read: the GET before each write was a quorum read from etcd per status write (issue 14),
   * and the resourceVersion precondition still refuses a stale copy (409), read again then.
   * The body's metadata can stay minimal: a CRD's status PUT takes only `status` and keeps
   * the stored metadata (apiextensions-apiserver, customresource status_strategy.go
   * PrepareForUpdate), and managedFields left out of a request are kept.
   */
  async update(ref: Ref, change: StatusChange, seen?: Seen, attempts = 5): Promise<Written> {
    const path = await this.rest.path({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
    for (let i = 1; ; i++) {
      const obj: Obj =
        i === 1 && seen?.resourceVersion
          ? { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace, resourceVersion: seen.resourceVersion, generation: seen.generation }, status: seen.status }
          : await this.rest.request<Obj>('GET', path);
      const status = change(structuredClone(obj.status ?? {}), obj.metadata.generation ?? 0);
      try {
        const after = await this.rest.request<Obj>('PUT', `${path}/status`, { ...obj, status });
        return { status, resourceVersion: after?.metadata?.resourceVersion };
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 409) || i >= attempts) throw e;
      }
    }
  }
}
