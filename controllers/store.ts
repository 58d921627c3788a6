// One informer per kind netintent serves, all feeding one handler: the controllers read
// desired state from these caches and never from the API server on the hot path.
import type { KubeConfig, KubernetesListObject } from '@kubernetes/client-node';
import { KINDS } from '../apis/index.js';
import { RestClient } from '../adapters/k8s/rest.js';
import { ResilientInformer, type EventType } from './runtime/informer.js';
import type { Obj } from './objects.js';

export type StoreHandler = (type: EventType, obj: Obj) => void;

export class ObjectStore {
  private readonly informers = new Map<string, ResilientInformer<Obj>>();

  constructor(kc: KubeConfig, handler: StoreHandler, o: { resyncMs?: number; onError?: (kind: string, e: unknown) => void } = {}) {
    const rest = new RestClient(kc);
    for (const def of KINDS) {
      const path = `/apis/${def.group}/${def.version}/${def.plural}`;
      const list = () => rest.request<KubernetesListObject<Obj>>('GET', path);
      this.informers.set(
        def.kind,
        new ResilientInformer<Obj>(kc, path, list, handler, { resyncMs: o.resyncMs, onError: (e) => o.onError?.(def.kind, e) }),
      );
    }
  }

  async start() {
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  async stop() {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  get(kind: string, namespace: string, name: string): Obj | undefined {
    return this.informers.get(kind)?.get(name, namespace);
  }

  list(kind: string): readonly Obj[] {
    return this.informers.get(kind)?.list() ?? [];
  }
}
