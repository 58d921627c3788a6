// An API server outage for one test: a private etcd + kube-apiserver (lab/stack/kube.ts, so the
// shared test bed other suites use is never stopped), whose kube-apiserver is stopped and then
// started again with the same command line, port and certificates, over the same etcd.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { RestClient } from '../../adapters/k8s/rest.js';
import { startKube, stopKube, type KubeStack } from '../../lab/stack/kube.js';
import { alive, startDetached, stopGroup, type Started } from '../../lab/stack/processes.js';

export class PrivateApiServer {
  private apiArgs: string[] = [];

  private constructor(readonly stack: KubeStack) {}

  static async start(): Promise<PrivateApiServer> {
    const dir = mkdtempSync(join(tmpdir(), 'netintent-it-private-'));
    writeFileSync(join(dir, 'owner.pid'), String(process.pid)); // reaped by the next run if this one is killed
    const stack = await startKube(dir);
    return new PrivateApiServer(stack);
  }

  get kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromFile(this.stack.kubeconfig);
    return kc;
  }

  private get api(): Started {
    return this.stack.processes.find((p) => p.name === 'kube-apiserver')!;
  }

  /** Stops kube-apiserver (etcd keeps running): clients get ECONNREFUSED. */
  async stopApiServer() {
    const p = this.api;
    // The command line it was started with (lab/stack/kube.ts), to start it again unchanged.
    this.apiArgs = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    await stopGroup(p.pid);
  }

  /** Starts kube-apiserver again and waits until it is ready. */
  async startApiServer(timeoutMs = 90_000) {
    const [cmd, ...args] = this.apiArgs;
    const started = startDetached('kube-apiserver', cmd!, args, this.api.log);
    this.stack.processes = this.stack.processes.map((p) => (p.name === 'kube-apiserver' ? started : p));
    writeFileSync(join(this.stack.dir, 'state.json'), JSON.stringify(this.stack, null, 2)); // so stopKube stops this one
    const rest = new RestClient(this.kubeConfig);
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (!alive(started.pid)) throw new Error(`kube-apiserver exited; see ${started.log}`);
      if (await rest.request('GET', '/readyz').then(() => true, () => false)) return;
      if (Date.now() > until) throw new Error('kube-apiserver did not become ready again');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  stop() {
    return stopKube(this.stack.dir);
  }
}
