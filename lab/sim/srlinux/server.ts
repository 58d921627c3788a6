// `netintent sim srlinux`: an SR Linux-like gNMI server over one srl_nokia JSON_IETF
// document. Set is atomic (applied to a copy, checked by yanglint against the SR Linux
// models, then swapped in); Subscribe ONCE/POLL/STREAM (ON_CHANGE, SAMPLE) reports
// changes made by any client or out of band — how drift is seen.
import * as grpc from '@grpc/grpc-js';
import { pathFromWire as toElems, pathToWire as wire } from '../../../adapters/gnmi/path.js';
import { formatPath, parsePath } from '../../../adapters/yang/path.js';
import type { PathElem } from '../../../adapters/yang/tree.js';
import { gnmiService, type WirePath } from '../../../adapters/gnmi/proto.js';
import { MODELS as MODEL_FILES } from '../../../adapters/yang/models.js';
import { loadPlatformSchema, platformTops } from '../../../adapters/yang/schema-index.js';
import { baseDocument, type StartupConfig } from '../base-config.js';
import { YanglintSession } from '../yanglint-session.js';
import { PortFaults } from '../port-faults.js';
import { SRL_PORT_DOWN_REASONS, stateDocument } from './state.js';
import { sealSecretsIn } from '../secrets.js';
import { deleteAt, getAt, leavesAt, merge, replaceAt, updateAt, type Json, type KeyIndex, type Leaf, type Obj } from './tree.js';

/** The SR Linux top-level containers this simulator serves, with their modules (those the models load). */
const TOPS: Record<string, string> = platformTops('srlinux');
/** Modules reported in Capabilities. */
const MODELS = [...new Set([...Object.values(TOPS), ...MODEL_FILES.srlinux.modules.map((f) => f.slice(f.lastIndexOf('/') + 1).replace(/\.yang$/, ''))])].filter(
  (m) => m.startsWith('srl_nokia-') && m !== 'srl_nokia-features' && m !== 'srl_nokia-common',
);

export interface SrlSimOptions {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  /** PEM certificate and key; without them the server speaks plaintext (lab only). */
  tls?: { cert: Buffer; key: Buffer };
  /** SR Linux `set / ...` startup config merged over the platform base; the document starts as that base. */
  startupConfig?: StartupConfig;
  /**
   * Benchmark-only switch (`netintent sim fleet --no-validate`): false skips the YANG check
   * (yanglint) of Sets, and no yanglint process is started, so a benchmark measures its client
   * rather than libyang. Atomic Sets, Get and Subscribe behave as always. Default true.
   */
  validate?: boolean;
  /** A yanglint session shared by many simulators in one process (its owner closes it); one of its own otherwise. */
  yanglint?: YanglintSession;
}

export interface SrlFaults {
  latencyMs: number;
  rejectNextSet?: string;
  /** Accept requests and never answer them. */
  hang: boolean;
  /**
   * Leaves the device will not keep: right after each Set they are put back to these values, as
   * an operator's script or another manager would (how a change that does not stick looks).
   */
  sticky?: { path: string; value: Json }[];
}

/** List keys by unqualified path, from the shared schema index (once per process: a fleet starts many simulators). */
let keyIndex: Promise<KeyIndex> | undefined;
function loadKeys(): Promise<KeyIndex> {
  keyIndex ??= loadPlatformSchema('srlinux').then((schema) => {
    const keys: KeyIndex = new Map();
    for (const [path, e] of schema.index) if (e.kind === 'list') keys.set(path, e.keys);
    return keys;
  });
  return keyIndex;
}

/** Equal JSON values, whatever their member order (and realm: util.isDeepStrictEqual compares prototypes). */
function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as Json[]).length && a.every((x, i) => sameJson(x, (b as Json[])[i]!));
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson((a as Obj)[k]!, (b as Obj)[k]!));
}

type Listener = () => void;
interface SubscribeRequest {
  subscribe?: { prefix?: WirePath; mode: string; subscription: { path: WirePath; mode: string; sample_interval: string }[]; updates_only: boolean };
  poll?: object;
}
const now = () => String(BigInt(Date.now()) * 1_000_000n);

export class SrlSimulator {
  doc: Obj = {};
  readonly faults: SrlFaults = { latencyMs: 0, hang: false };
  /** Ports held down (POST /faults {"port":..,"oper":"down"}): the state leaves follow. */
  readonly portFaults = new PortFaults(SRL_PORT_DOWN_REASONS);
  port = 0;
  /** Set RPCs applied. */
  sets = 0;
  /** Applied Sets that changed the document (as a commit that changed running). */
  commits = 0;
  /** gNMI requests answered: Capabilities, Get, Set, and each Subscribe request (subscribe or poll). */
  rpcs = 0;
  /** The same, by method. */
  ops: Record<string, number> = {};
  private count(op: string) {
    this.rpcs++;
    this.ops[op] = (this.ops[op] ?? 0) + 1;
  }
  private readonly listeners = new Set<Listener>();
  private server = new grpc.Server();

  private constructor(
    private readonly keys: KeyIndex,
    /** Undefined when validation is off (a benchmark's `validate: false`). */
    private readonly yanglint: YanglintSession | undefined,
    private readonly o: SrlSimOptions,
  ) {}

  static async start(o: SrlSimOptions = {}): Promise<SrlSimulator> {
    const yanglint = o.validate === false ? undefined : (o.yanglint ?? new YanglintSession('srlinux'));
    const sim = new SrlSimulator(await loadKeys(), yanglint, o);
    sim.doc = (await baseDocument('srlinux', o.startupConfig)) as Obj;
    sim.server.addService(gnmiService().service, sim.handlers());
    sim.port = await new Promise<number>((resolve, reject) =>
      sim.server.bindAsync(`${o.host ?? '127.0.0.1'}:${o.port ?? 0}`, sim.credentials(), (err, port) => (err ? reject(err) : resolve(port))),
    );
    return sim;
  }

  /** An out-of-band change (a NOC engineer at the CLI): replaces the whole document. */
  setDocument(doc: Obj) {
    this.doc = structuredClone(doc);
    this.changed();
  }

  /** Drops every connection and stream (a flapping management network), then listens again. */
  async dropConnections() {
    this.server.forceShutdown();
    this.server = new grpc.Server();
    this.server.addService(gnmiService().service, this.handlers());
    await new Promise<void>((resolve, reject) =>
      this.server.bindAsync(`${this.o.host ?? '127.0.0.1'}:${this.port}`, this.credentials(), (err) => (err ? reject(err) : resolve())),
    );
  }

  private credentials() {
    const tls = this.o.tls;
    return tls ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: tls.cert, private_key: tls.key }], false) : grpc.ServerCredentials.createInsecure();
  }

  async close() {
    this.listeners.clear();
    // Open Subscribe streams would hold a graceful shutdown forever: give them a second.
    await new Promise<void>((r) => {
      const force = setTimeout(() => (this.server.forceShutdown(), r()), 1000);
      this.server.tryShutdown(() => (clearTimeout(force), r()));
    });
    if (!this.o.yanglint) this.yanglint?.close();
  }

  private changed() {
    for (const l of this.listeners) l();
  }

  private authorized(md: grpc.Metadata): boolean {
    if (this.o.username === undefined) return true;
    return md.get('username')[0] === this.o.username && md.get('password')[0] === this.o.password;
  }

  /**
   * What a Get of this DataType reads (gNMI specification §3.3.1): CONFIG the configuration,
   * STATE and OPERATIONAL the `config false` leaves (state.ts), ALL (the default) both.
   */
  private view(type: string | undefined): Obj {
    if (type === 'CONFIG') return this.doc;
    const state = stateDocument(this.doc, this.portFaults);
    if (type === 'STATE' || type === 'OPERATIONAL') return state;
    const all = structuredClone(this.doc);
    merge(all, state, '', this.keys);
    return all;
  }

  private notification(paths: PathElem[][], doc: Obj = this.doc) {
    return {
      timestamp: now(),
      update: paths
        .map((p) => ({ p, v: getAt(doc, p) }))
        .filter((x) => x.v !== undefined)
        .map((x) => ({ path: wire(x.p), val: { json_ietf_val: Buffer.from(JSON.stringify(x.v)) } })),
      delete: [],
    };
  }

  private handlers(): grpc.UntypedServiceImplementation {
    const guard = async <T>(op: string, call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<T>, fn: () => Promise<T> | T) => {
      if (!this.authorized(call.metadata)) return cb({ code: grpc.status.UNAUTHENTICATED, details: 'bad username or password' });
      if (this.faults.hang) return;
      await this.latency();
      this.count(op);
      try {
        cb(null, await fn());
      } catch (e) {
        const code = (e as { code?: grpc.status }).code ?? grpc.status.INVALID_ARGUMENT;
        cb({ code, details: (e as Error).message });
      }
    };
    return {
      Capabilities: (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) =>
        guard('Capabilities', call, cb, () => ({
          supported_models: MODELS.map((name) => ({ name, organization: 'Nokia', version: '25.3.1' })),
          supported_encodings: ['JSON_IETF', 'JSON'],
          gNMI_version: '0.10.0',
        })),
      Get: (call: grpc.ServerUnaryCall<{ prefix?: WirePath; path: WirePath[]; encoding: string; type: string }, unknown>, cb: grpc.sendUnaryData<unknown>) =>
        guard('Get', call, cb, () => {
          const prefix = toElems(call.request.prefix);
          const paths = (call.request.path.length ? call.request.path : [{ elem: [] }]).map((p) => [...prefix, ...toElems(p)]);
          const doc = this.view(call.request.type);
          for (const p of paths) {
            if (getAt(doc, p) === undefined && p.length) throw Object.assign(new Error(`${formatPath(p)} not found`), { code: grpc.status.NOT_FOUND });
          }
          return { notification: [this.notification(paths, doc)] };
        }),
      Set: (call: grpc.ServerUnaryCall<{ prefix?: WirePath; delete: WirePath[]; replace: { path: WirePath; val: Record<string, unknown> }[]; update: { path: WirePath; val: Record<string, unknown> }[] }, unknown>, cb: grpc.sendUnaryData<unknown>) =>
        guard('Set', call, cb, () => this.set(call.request)),
      Subscribe: (call: grpc.ServerDuplexStream<SubscribeRequest, unknown>) =>
        this.subscribe(call),
    };
  }

  private async set(req: { prefix?: WirePath; delete: WirePath[]; replace: { path: WirePath; val: Record<string, unknown> }[]; update: { path: WirePath; val: Record<string, unknown> }[] }) {
    if (this.faults.rejectNextSet !== undefined) {
      const message = this.faults.rejectNextSet;
      this.faults.rejectNextSet = undefined;
      throw Object.assign(new Error(message), { code: grpc.status.ABORTED });
    }
    const prefix = toElems(req.prefix);
    const value = (v: Record<string, unknown>): Json => {
      const which = v.value as string;
      if (which !== 'json_ietf_val' && which !== 'json_val') throw new Error(`only JSON_IETF values are accepted, got ${which}`);
      return JSON.parse(Buffer.from(v[which] as Buffer).toString('utf8')) as Json;
    };
    // All or nothing: the edits go to a copy that replaces the document only when valid.
    const next = structuredClone(this.doc);
    for (const d of req.delete) deleteAt(next, [...prefix, ...toElems(d)]);
    for (const u of req.replace) replaceAt(next, [...prefix, ...toElems(u.path)], value(u.val), this.keys, TOPS);
    for (const u of req.update) updateAt(next, [...prefix, ...toElems(u.path)], value(u.val), this.keys, TOPS);
    sealSecretsIn('srlinux', next);
    const problems = this.yanglint ? await this.yanglint.validate(JSON.stringify(next), 'json') : [];
    if (problems.length) throw new Error(problems[0]!);
    if (!sameJson(next, this.doc)) this.commits++;
    this.doc = next;
    this.sets++;
    this.changed();
    if (this.faults.sticky?.length) setTimeout(() => this.reassertSticky(), 20);
    const op = (name: string) => (p: WirePath) => ({ path: p, op: name });
    return {
      timestamp: now(),
      response: [...req.delete.map(op('DELETE')), ...req.replace.map((u) => op('REPLACE')(u.path)), ...req.update.map((u) => op('UPDATE')(u.path))],
    };
  }

  /** The injected round trip (faults.latencyMs), before every request is handled. */
  private async latency() {
    if (this.faults.latencyMs) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
  }

  private reassertSticky() {
    for (const { path, value } of this.faults.sticky ?? []) updateAt(this.doc, parsePath(path), value, this.keys, TOPS);
    this.changed();
  }

  private subscribe(call: grpc.ServerDuplexStream<SubscribeRequest, unknown>) {
    if (!this.authorized(call.metadata)) {
      call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: 'bad username or password' });
      return;
    }
    let paths: PathElem[][] = [];
    const timers: NodeJS.Timeout[] = [];
    let listener: Listener | undefined;
    let closed = false;
    const cleanup = () => {
      closed = true;
      timers.forEach(clearInterval);
      if (listener) this.listeners.delete(listener);
    };
    const sendAll = () => {
      call.write({ update: this.notification(paths) });
    };
    // ON_CHANGE streams the leaves that changed and deletes the leaves that went (as SR Linux
    // does), so a client can tell which list entry a change was in.
    let leaves = new Map<string, Leaf>();
    const leavesNow = () => {
      const out = new Map<string, Leaf>();
      for (const p of paths) leavesAt(getAt(this.doc, p), p, this.keys, out);
      return out;
    };
    const sendChanges = () => {
      const current = leavesNow();
      const changed = [...current.entries()].filter(([k, l]) => leaves.get(k)?.json !== l.json).map(([, l]) => l);
      const gone = [...leaves.keys()].filter((k) => !current.has(k)).map((k) => leaves.get(k)!.path);
      leaves = current;
      if (!changed.length && !gone.length) return;
      call.write({ update: { timestamp: now(), update: changed.map((l) => ({ path: wire(l.path), val: { json_ietf_val: Buffer.from(l.json) } })), delete: gone.map(wire) } });
    };
    // Requests and the client's half-close are handled in order, each request after the injected latency.
    let chain = Promise.resolve();
    const inOrder = (fn: () => void | Promise<void>) => void (chain = chain.then(fn).catch(() => undefined));
    const onRequest = (req: SubscribeRequest) => {
      if (closed) return;
      this.count('Subscribe');
      if (req.poll) {
        sendAll();
        call.write({ sync_response: true });
        return;
      }
      const s = req.subscribe;
      if (!s) return;
      const prefix = toElems(s.prefix);
      paths = s.subscription.map((x) => [...prefix, ...toElems(x.path)]);
      if (!s.updates_only) sendAll();
      leaves = leavesNow();
      call.write({ sync_response: true });
      if (s.mode === 'ONCE') {
        call.end();
        return;
      }
      if (s.mode === 'STREAM') {
        const sample = s.subscription.find((x) => x.mode === 'SAMPLE');
        if (sample) {
          const ms = Math.max(100, Number(BigInt(sample.sample_interval || '0') / 1_000_000n) || 1000);
          timers.push(setInterval(sendAll, ms));
        } else {
          listener = sendChanges;
          this.listeners.add(listener);
        }
      }
    };
    call.on('data', (req: SubscribeRequest) =>
      inOrder(async () => {
        await this.latency();
        onRequest(req);
      }),
    );
    call.on('end', () =>
      inOrder(() => {
        cleanup();
        call.end();
      }),
    );
    call.on('cancelled', cleanup);
    call.on('error', cleanup);
  }
}
