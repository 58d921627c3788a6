// Which intents are Ready, as the API server tells a watcher (the bench's view is the
// user's: kubectl wait, not the controller's memory). One informer per kind.
import { makeInformer, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { RestClient } from '../../adapters/k8s/rest.js';

type Obj = KubernetesObject & { metadata: { name: string; generation?: number }; status?: { conditions?: { type: string; status: string; observedGeneration?: number; reason?: string; message?: string }[] } };

const isReady = (o: Obj) => o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True' && c.observedGeneration === o.metadata.generation) ?? false;

export class Readiness {
  private readonly ready = new Map<string, number>();
  /** What the objects not Ready say (their Ready condition's reason and message). */
  private readonly waiting = new Map<string, string>();
  private readonly informers: { stop(): Promise<void> }[] = [];
  private waiters: (() => void)[] = [];
  private stopped = false;

  private constructor() {}

  static async watch(kc: KubeConfig, ns: string, plurals: string[]): Promise<Readiness> {
    const me = new Readiness();
    const rest = new RestClient(kc);
    for (const plural of plurals) {
      const path = `/apis/netintent.dev/v1alpha1/namespaces/${ns}/${plural}`;
      const inf = makeInformer<Obj>(kc, path, () => rest.request<KubernetesListObject<Obj>>('GET', path));
      const seen = (o: Obj) => {
        const key = `${plural}/${o.metadata.name}`;
        const c = o.status?.conditions?.find((x) => x.type === 'Ready');
        if (isReady(o)) {
          me.ready.set(key, o.metadata.generation ?? 0);
          me.waiting.delete(key);
        } else {
          me.ready.delete(key);
          me.waiting.set(key, c ? `${c.reason ?? c.status}: ${c.message ?? ''}` : 'no Ready condition yet');
        }
        me.waiters.splice(0).forEach((w) => w());
      };
      inf.on('add', seen);
      inf.on('update', seen);
      inf.on('delete', (o) => {
        me.ready.delete(`${plural}/${o.metadata.name}`);
        me.waiting.delete(`${plural}/${o.metadata.name}`);
      });
      inf.on('error', () => setTimeout(() => void (me.stopped ? undefined : inf.start()), 500));
      await inf.start();
      me.informers.push(inf);
    }
    return me;
  }

  get count(): number {
    return this.ready.size;
  }

  /** Ready at generation `generation` or later. */
  isReady(plural: string, name: string, generation = 0): boolean {
    return (this.ready.get(`${plural}/${name}`) ?? -1) >= generation;
  }

  /** Resolves when `test` holds, checked on every change. */
  async until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; not Ready: ${this.notReady(5).join('; ') || 'none seen'}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 500);
      });
    }
  }

  /** Up to `n` objects not Ready, with what their Ready condition says. */
  notReady(n: number): string[] {
    return [...this.waiting].slice(0, n).map(([k, why]) => `${k} (${why.slice(0, 300)})`);
  }

  async stop() {
    this.stopped = true;
    await Promise.all(this.informers.map((i) => i.stop()));
  }
}
