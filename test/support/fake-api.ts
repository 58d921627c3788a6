// In-memory fakes of our own API ports (StatusStore, the Events part of RestClient) for unit
// tests of the Reporter, the EventRecorder and the outbox. `down` makes every call fail as a
// stopped API server does (ECONNREFUSED); `refuse` answers with an API error instead.
import { ApiError } from '../../adapters/k8s/rest.js';
import type { Ref, StatusChange, StatusStore, Written } from '../../controllers/runtime/status.js';
import type { EventsApi } from '../../controllers/runtime/events.js';

export const connRefused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });

export class FakeStatusStore implements StatusStore {
  down = false;
  refuse?: ApiError;
  rv = 1;
  writes = 0;
  generation = 1;
  status: Record<string, unknown> = {};

  async update(_ref: Ref, change: StatusChange): Promise<Written> {
    if (this.down) throw connRefused();
    if (this.refuse) throw this.refuse;
    const status = change(structuredClone(this.status), this.generation);
    this.status = status;
    this.writes++;
    return { status, resourceVersion: String(++this.rv) };
  }
}

export interface StoredEvent {
  metadata: { name: string; namespace: string };
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

export class FakeEventsApi implements EventsApi {
  down = false;
  readonly events = new Map<string, StoredEvent>();
  readonly calls: string[] = [];

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    if (this.down) throw connRefused();
    this.calls.push(method);
    if (method === 'POST') {
      const e = structuredClone(body) as StoredEvent;
      if (this.events.has(e.metadata.name)) throw new ApiError(409, 'AlreadyExists', `events "${e.metadata.name}" already exists`);
      this.events.set(e.metadata.name, e);
      return e as T;
    }
    if (method === 'PATCH') {
      const name = path.slice(path.lastIndexOf('/') + 1);
      const e = this.events.get(name);
      if (!e) throw new ApiError(404, 'NotFound', `events "${name}" not found`);
      Object.assign(e, body);
      return e as T;
    }
    throw new Error(`unexpected ${method} ${path}`);
  }

  /** Stored Events in the order they were created. */
  list(): StoredEvent[] {
    return [...this.events.values()];
  }
}
