// A lab for controller tests: the simulators as devices (SR OS over NETCONF with pinned host
// keys, SR Linux over gNMI with verified TLS), each started on the underlay its example
// NetworkDevice's startup config has (lab/underlay.ts, as a containerlab node boots), the
// examples' NetworkDevices pointed at them in a fresh namespace, and a controller watching
// only that namespace.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { pino } from 'pino';
import { KINDS } from '../../apis/index.js';
import { crdFor } from '../../apis/crd.js';
import { applyAll, installCRDs, loadManifests, loadSources } from '../../adapters/k8s/manifests.js';
import { ApiError, RestClient } from '../../adapters/k8s/rest.js';
import { configureXml } from '../../adapters/yang/xml.js';
import { loadPlatformSchema } from '../../adapters/yang/schema-index.js';
import { parseStartupConfig } from '../../adapters/yang/startup-config.js';
import { Controller, type ControllerOptions } from '../../controllers/controller.js';
import { DIAL_ANNOTATION } from '../../devices/connections.js';
import type { Obj } from '../../apis/objects.js';
import { makeCerts } from '../../lab/stack/certs.js';
import { projectRoot } from '../../adapters/paths.js';
import { SrlSimulator } from '../../lab/sim/srlinux/server.js';
import { SrosSimulator, generateHostKey } from '../../lab/sim/sros/server.js';
import { devicesOf } from '../../lab/startup-configs.js';
import { underlayConfig } from '../../lab/underlay.js';
import { freshNamespace, testKubeConfig } from './kube.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const examples = (file: string) => loadManifests(join(projectRoot(), 'examples', file));

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(100);
  }
}

/** The startup config (platform base + underlay) of the example device `name`, as CLI lines. */
export function exampleUnderlay(name: string): string {
  const file = join(projectRoot(), 'examples', '00-devices.yaml');
  const all = devicesOf(loadSources(file));
  const d = all.find((x) => x.name === name);
  if (!d) throw new Error(`examples/00-devices.yaml has no NetworkDevice ${name}`);
  return underlayConfig(d, all);
}

/** Out of band (a NOC engineer, a reboot onto the startup config): the simulator's config becomes `cli`. */
export async function loadConfig(sim: SrosSimulator | SrlSimulator, cli: string) {
  if (sim instanceof SrosSimulator) sim.setRunning(configureXml(parseStartupConfig('sros', cli, await loadPlatformSchema('sros')), { compact: true }));
  else sim.setDocument(parseStartupConfig('srlinux', cli, await loadPlatformSchema('srlinux')) as SrlSimulator['doc']);
}

export class Lab {
  readonly sros = new Map<string, SrosSimulator>();
  readonly srl = new Map<string, SrlSimulator>();
  controller?: Controller;
  readonly rest: RestClient;
  private tls?: { cert: Buffer; key: Buffer; ca: Buffer };
  private certs?: Promise<void>;
  private readonly hostKeys: Record<string, string> = {};
  private readonly pending = new Set<Promise<unknown>>();

  private constructor(
    readonly kc: KubeConfig,
    readonly ns: string,
  ) {
    this.rest = new RestClient(kc);
  }

  /** `kc`: another API server than the test bed's (a test that stops its own). */
  static async create(prefix: string, kc = testKubeConfig()): Promise<Lab> {
    await installCRDs(kc, KINDS.map((k) => crdFor(k) as unknown as KubernetesObject));
    return new Lab(kc, await freshNamespace(kc, prefix));
  }

  /**
   * Starts (or restarts, on the same port with the same host key) an SR OS simulator, on the
   * example device's underlay unless `config` gives other startup CLI.
   */
  startSros(name: string, port?: number, config = exampleUnderlay(name)) {
    const hostKey = (this.hostKeys[name] ??= generateHostKey());
    return this.starting(async () => {
      const startupConfig = { text: config, source: `${name} startup-config` };
      const sim = await SrosSimulator.start({ username: 'admin', password: 'NokiaSros1!', hostKey, startupConfig, ...(port ? { port } : {}) });
      this.sros.set(name, sim);
      return sim;
    });
  }

  startSrl(name: string, port?: number, config = exampleUnderlay(name)) {
    return this.starting(async () => {
      this.certs ??= makeCerts(mkdtempSync(join(tmpdir(), 'netintent-ctl-tls-'))).then((c) => {
        this.tls = { cert: readFileSync(c.serverCert), key: readFileSync(c.serverKey), ca: readFileSync(c.ca) };
      });
      await this.certs;
      const startupConfig = { text: config, source: `${name} startup-config` };
      const sim = await SrlSimulator.start({ username: 'admin', password: 'NokiaSrl1!', tls: { cert: this.tls!.cert, key: this.tls!.key }, startupConfig, ...(port ? { port } : {}) });
      this.srl.set(name, sim);
      return sim;
    });
  }

  /** Runs a simulator start that stop() waits for, so a failed setup leaks no server. */
  private starting<T>(start: () => Promise<T>): Promise<T> {
    const p = start();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }

  /** The examples' devices (and Secrets), in this namespace, dialled at the simulators. */
  devices(): KubernetesObject[] {
    const out: KubernetesObject[] = examples('00-devices.yaml')
      .map((o) => this.here(o))
      .filter((o) => o.kind !== 'NetworkDevice' || this.sros.has(o.metadata!.name!) || this.srl.has(o.metadata!.name!));
    for (const d of out.filter((o) => o.kind === 'NetworkDevice') as Obj[]) {
      const sros = this.sros.get(d.metadata.name);
      const sim = sros ?? this.srl.get(d.metadata.name)!;
      d.metadata.annotations = { ...d.metadata.annotations, [DIAL_ANNOTATION]: `127.0.0.1:${sim.port}` };
      if (sros) d.spec!.hostKey = { sha256Fingerprint: sros.hostKeyFingerprint };
      else d.spec!.tls = { caSecretRef: { name: 'lab-ca' }, serverName: 'localhost' };
    }
    if (this.tls) out.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'lab-ca', namespace: this.ns }, stringData: { 'ca.crt': this.tls.ca.toString() } } as KubernetesObject);
    return out;
  }

  here<T extends KubernetesObject>(o: T): T {
    const c = structuredClone(o);
    c.metadata = { ...c.metadata, namespace: this.ns };
    return c;
  }

  apply(objects: KubernetesObject[]) {
    return applyAll(this.kc, objects.map((o) => (o.metadata?.namespace ? o : this.here(o))));
  }

  async startController(o: ControllerOptions = {}) {
    this.controller = new Controller(this.kc, {
      namespace: `${this.ns}-system`,
      watchNamespaces: [this.ns],
      leaderElection: false,
      resyncMs: 60_000,
      retryBaseMs: 300,
      retryMaxMs: 3000,
      logger: pino({ level: process.env.NETINTENT_TEST_LOG ?? 'silent' }),
      ...o,
    });
    await this.controller.start();
    return this.controller;
  }

  async get(kind: string, name: string, ns = this.ns): Promise<Obj | undefined> {
    const def = KINDS.find((k) => k.kind === kind)!;
    try {
      return await this.rest.request<Obj>('GET', `/apis/${def.group}/${def.version}/namespaces/${ns}/${def.plural}/${name}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  async delete(kind: string, name: string, ns = this.ns) {
    const def = KINDS.find((k) => k.kind === kind)!;
    await this.rest.request('DELETE', `/apis/${def.group}/${def.version}/namespaces/${ns}/${def.plural}/${name}`);
  }

  async patch(kind: string, name: string, patch: object, ns = this.ns) {
    const def = KINDS.find((k) => k.kind === kind)!;
    await this.rest.request('PATCH', `/apis/${def.group}/${def.version}/namespaces/${ns}/${def.plural}/${name}`, patch, 'application/merge-patch+json');
  }

  /** The object once `condition` has `status` for its current generation. */
  waitCondition(kind: string, name: string, type: string, status: string, reason?: string, timeoutMs = 30_000, ns = this.ns) {
    return waitFor(`${kind} ${name} ${type}=${status}${reason ? ` (${reason})` : ''}`, async () => {
      const o = await this.get(kind, name, ns);
      const c = o?.status?.conditions?.find((x) => x.type === type);
      if (c && c.status === status && (!reason || c.reason === reason) && c.observedGeneration === o!.metadata.generation) return o;
      // What it said last, for the timeout's message.
      const seen = o ? JSON.stringify(o.status?.conditions?.map((x) => `${x.type}=${x.status} ${x.reason}: ${x.message.slice(0, 300)}`) ?? 'no status') : 'absent';
      throw new Error(`last seen: ${seen}`);
    }, timeoutMs);
  }

  async events(name: string): Promise<{ reason: string; type: string; message: string }[]> {
    const list = await this.rest.request<{ items: { reason: string; type: string; message: string; involvedObject: { name: string } }[] }>('GET', `/api/v1/namespaces/${this.ns}/events`);
    return list.items.filter((e) => e.involvedObject.name === name);
  }

  async stop() {
    await Promise.allSettled([...this.pending]);
    await this.controller?.stop();
    for (const s of this.sros.values()) await s.close();
    for (const s of this.srl.values()) await s.close();
  }
}
