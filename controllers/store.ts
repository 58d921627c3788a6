// One informer per kind netintent serves (per watched namespace, or cluster-wide), all
// feeding one handler: the controllers read desired state from these caches and never
// from the API server on the hot path.
import type { KubeConfig, KubernetesListObject } from '@kubernetes/client-node';
import { KINDS } from '../apis/index.js';
import { RestClient } from '../adapters/k8s/rest.js';
import { ResilientInformer, type EventType } from './runtime/informer.js';
import type { Obj } from '../apis/objects.js';

export type StoreHandler = (type: EventType, obj: Obj) => void;

export interface StoreOptions {
  /** Watch only these namespaces (default: all). */
  namespaces?: string[];
  resyncMs?: number;
  onError?: (kind: string, e: unknown) => void;
}

export class ObjectStore {
  /** kind → namespace ('' for all) → informer */
  private readonly informers = new Map<string, Map<string, ResilientInformer<Obj>>>();

  constructor(kc: KubeConfig, handler: StoreHandler, o: StoreOptions = {}) {
    const rest = new RestClient(kc);
    for (const def of KINDS) {
      const byNs = new Map<string, ResilientInformer<Obj>>();
      for (const ns of o.namespaces?.length ? o.namespaces : ['']) {
        const path = `/apis/${def.group}/${def.version}${ns ? `/namespaces/${ns}` : ''}/${def.plural}`;
        const list = () => rest.request<KubernetesListObject<Obj>>('GET', path);
        byNs.set(ns, new ResilientInformer<Obj>(kc, path, list, handler, { resyncMs: o.resyncMs, onError: (e) => o.onError?.(def.kind, e) }));
      }
      this.informers.set(def.kind, byNs);
    }
  }

  private all() {
    return [...this.informers.values()].flatMap((m) => [...m.values()]);
  }

  async start() {
    await Promise.all(this.all().map((i) => i.start()));
  }

  async stop() {
    await Promise.all(this.all().map((i) => i.stop()));
  }

  get(kind: string, namespace: string, name: string): Obj | undefined {
    const byNs = this.informers.get(kind);
    return (byNs?.get(namespace) ?? byNs?.get(''))?.get(name, namespace);
  }

  list(kind: string): readonly Obj[] {
    return [...(this.informers.get(kind)?.values() ?? [])].flatMap((i) => i.list());
  }
}
