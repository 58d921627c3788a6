// `netintent controller`: informers for every kind feed one work queue per kind; the
// reverse dependency index re-queues dependents the moment something turns Ready; one
// replica leads (Lease) and the others stand by. Allocations are loaded from their
// ConfigMaps before the first reconcile.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { pino, type Logger } from 'pino';
import { KINDS } from '../apis/index.js';
import { ApiError, RestClient } from '../adapters/k8s/rest.js';
import { AllocationStore } from './allocations.js';
import { Retry, type Context } from './context.js';
import { addressKey, dependenciesOf, ReverseIndex } from './dependencies.js';
import { DeviceConnections } from '../devices/connections.js';
import { DriftWatcher } from '../devices/drift.js';
import { reconcileIntent } from './intents.js';
import { Metrics } from './metrics.js';
import { AlarmTracker } from './alarms.js';
import { AlarmWebhook, readWebhookSecret, type WebhookOptions } from './alarm-webhook.js';
import { reconcileDevice } from './network-device.js';
import { deviceAt, forgetClaims } from './ownership.js';
import { NearbyIndex } from './nearby.js';
import { condition, isReady, keyOf, objKey, parseKey, type Obj } from '../apis/objects.js';
import { Reporter } from './report.js';
import { EventRecorder } from './runtime/events.js';
import { Outbox } from './outbox.js';
import { Convergence, type ConvergenceOptions } from './convergence.js';
import { LeaderElector } from './runtime/leader.js';
import { WorkQueue } from './runtime/queue.js';
import { StatusWriter } from './runtime/status.js';
import type { EventType } from './runtime/informer.js';
import { ObjectStore } from './store.js';
import { TransactionEngine, type EngineOptions } from '../devices/transactions.js';
import { FileJournal } from '../devices/journal.js';
import { HistoryRecorder } from './history/recorder.js';
import { Origins } from './history/origins.js';
import { TemporalEgress, type EgressWorkflows } from '../workflows/client.js';
import type { TemporalOptions } from '../workflows/connection.js';

export interface ControllerOptions {
  /** Namespace of the allocation ConfigMaps and the leader Lease (created when missing). */
  namespace?: string;
  /** Watch only these namespaces (default: all). */
  watchNamespaces?: string[];
  identity?: string;
  leaderElection?: boolean;
  /** Workers per kind. */
  concurrency?: number;
  /** Every object is compared with its devices this often (NETCONF drift detection). */
  resyncMs?: number;
  deviceTimeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  engine?: EngineOptions;
  logger?: Logger;
  /** Where the cluster egress workflows run; without it, egress reports TemporalUnavailable. */
  temporal?: TemporalOptions;
  /**
   * The transaction journal's directory (a subdirectory per controller namespace): what a
   * killed controller left mid-transaction is finished or undone from it on start. Without
   * it the journal lives in memory and survives no restart (in-process tests).
   */
  journalDir?: string;
  /** When a change that does not stick backs off (NotConverging); tests shorten it. */
  convergence?: ConvergenceOptions;
  /** How often Ready egress workflows re-verify their cluster objects (default 300). */
  egressRecheckSeconds?: number;
  /** `namespace/name` of the Secret naming the alarm webhook (controllers/alarm-webhook.ts); none: no webhook. */
  alarmWebhookSecret?: string;
  alarmWebhook?: WebhookOptions;
  /** The transaction history (DeviceTransactions in `namespace`): records kept at most (default 1000; 0 records nothing) and for how long (default 7 days). */
  history?: { max?: number; maxAgeMs?: number; pruneEveryMs?: number; buffer?: number };
}

export class Controller {
  readonly metrics = new Metrics();
  readonly log: Logger;
  readonly engine: TransactionEngine;
  readonly allocations: AllocationStore;
  readonly reporter: Reporter;
  readonly outbox: Outbox;
  readonly alarms: AlarmTracker;
  private readonly webhook?: AlarmWebhook;
  readonly history: HistoryRecorder;
  private readonly rest: RestClient;
  private readonly conns: DeviceConnections;
  private readonly index = new ReverseIndex();
  private readonly nearbyIndex = new NearbyIndex();
  private readonly queues = new Map<string, WorkQueue>();
  private readonly store: ObjectStore;
  private readonly drift: DriftWatcher;
  private readonly egress?: EgressWorkflows;
  private readonly leader?: LeaderElector;
  private readonly seen = new Map<string, { ready: boolean; generation?: number; vrfs?: string[]; reason?: string; rts?: string; meta: string }>();
  private readonly namespace: string;
  private started = false;
  /** The last leader-election error logged (each new one is logged once). */
  private leaseError?: string;
  private stopping?: Promise<void>;

  constructor(
    kc: KubeConfig,
    private readonly o: ControllerOptions = {},
  ) {
    this.log = o.logger ?? pino({ name: 'netintent-controller' });
    this.namespace = o.namespace ?? 'netintent-system';
    this.rest = new RestClient(kc);
    this.conns = new DeviceConnections(this.rest, { timeoutMs: o.deviceTimeoutMs ?? 15_000 });
    const h = o.history ?? {};
    this.history = new HistoryRecorder(
      this.rest,
      this.namespace,
      { max: h.max ?? 1000, maxAgeMs: h.maxAgeMs ?? 7 * 24 * 3600_000, ...(h.pruneEveryMs ? { pruneEveryMs: h.pruneEveryMs } : {}), ...(h.buffer ? { buffer: h.buffer } : {}) },
      this.log,
      (result, n = 1) => this.metrics.historyRecords.inc({ result }, n),
    );
    this.engine = new TransactionEngine(this.conns, {
      ...(o.journalDir ? { journal: new FileJournal(join(o.journalDir, this.namespace)) } : {}),
      // Reconciles under way beyond those already waiting in the engine will submit soon.
      moreComing: (unanswered) => [...this.queues.values()].reduce((n, q) => n + q.busy, 0) > unanswered,
      ...o.engine,
      onRecord: (r) => {
        this.history.record(r);
        o.engine?.onRecord?.(r);
      },
      onRecovered: (r) => {
        this.log.warn({ transaction: r.id, action: r.action, devices: r.devices, unreached: r.unreached, withheld: r.withheld }, 'recovered a transaction an earlier controller left unfinished');
        o.engine?.onRecovered?.(r);
      },
      onTransaction: (t) => {
        this.metrics.transactions.inc({ result: t.ok ? 'committed' : 'aborted' });
        for (const d of t.devices) this.metrics.deviceCommits.inc({ device: d });
        this.log.info({ transaction: t.id, devices: t.devices, intents: t.intents, ok: t.ok, ms: t.ms }, 'transaction');
        o.engine?.onTransaction?.(t);
      },
    });
    this.allocations = new AllocationStore(kc, this.namespace);
    if (o.temporal) this.egress = new TemporalEgress(o.temporal, { recheckEvery: `${o.egressRecheckSeconds ?? 300}s` });
    // Statuses and Events the API server could not take wait here until it is back (issue 12, item 7).
    this.outbox = new Outbox({ onError: (e) => this.log.warn({ err: String(e) }, 'status or event not recorded') });
    this.reporter = new Reporter(
      new StatusWriter(kc),
      new EventRecorder(this.rest, { outbox: this.outbox, onError: (e) => this.log.warn({ err: String(e) }, 'event not recorded') }),
      this.outbox,
    );
    this.alarms = new AlarmTracker(this.metrics);
    if (o.alarmWebhookSecret) {
      const ref = o.alarmWebhookSecret;
      if (!/^[a-z0-9-]+\/[a-z0-9.-]+$/.test(ref)) throw new Error(`alarm webhook Secret: expected namespace/name, got ${ref}`);
      const webhook = new AlarmWebhook(() => readWebhookSecret(this.rest, ref), this.metrics, this.log, o.alarmWebhook);
      this.alarms.onChange((e) => webhook.send(e));
      this.webhook = webhook;
    }
    this.metrics.pools(() => this.allocations.allocator.usage());
    this.metrics.totals({ statusWrites: () => this.reporter.writes, deviceReads: () => this.engine.reads, allocationWrites: () => this.allocations.writes });
    this.drift = new DriftWatcher(this.conns, (k) => this.enqueue(k), (d, e) => this.log.warn({ device: d, err: String(e) }, 'drift subscription failed; the periodic resync finds drift until it is back'));
    this.store = new ObjectStore(kc, (type, obj) => this.onEvent(type, obj), {
      ...(o.watchNamespaces ? { namespaces: o.watchNamespaces } : {}),
      resyncMs: o.resyncMs ?? 60_000,
      onError: (kind, e) => this.log.warn({ kind, err: String(e) }, 'watch failed; restarting'),
    });
    for (const def of KINDS) {
      this.queues.set(
        def.kind,
        new WorkQueue({
          concurrency: o.concurrency ?? (def.kind === 'NetworkDevice' ? 8 : 32),
          baseDelayMs: o.retryBaseMs ?? 500,
          maxDelayMs: o.retryMaxMs ?? 30_000,
          onWait: (s) => this.metrics.queueWait.observe({ kind: def.kind }, s),
          onError: (key, e, attempt) =>
            e instanceof Retry ? this.log.info({ key, attempt }, e.message) : this.log.error({ key, attempt, err: e instanceof Error ? e.message : String(e) }, 'reconcile failed'),
        }),
      );
    }
    if (o.leaderElection !== false) {
      this.leader = new LeaderElector(kc, {
        namespace: this.namespace,
        name: 'netintent-controller',
        identity: o.identity ?? `${hostname()}-${process.pid}`,
        onStartedLeading: () => void this.lead().catch((e: unknown) => this.fatal(e)),
        onStoppedLeading: () => {
          if (this.started) {
            this.log.error('lost leadership; stopping');
            void this.stop();
          }
        },
        onError: (e) => {
          const msg = e instanceof Error ? e.message : String(e);
          if (msg !== this.leaseError) this.log.warn({ err: msg }, 'leader election: the Lease could not be read or written (check RBAC on leases in --namespace)');
          this.leaseError = msg;
        },
      });
    }
  }

  private context(): Context {
    return {
      // What this process reported and the informer does not show yet counts (report.view).
      cache: { get: (k, ns, n) => this.reporter.view(this.store.get(k, ns, n)), list: (k) => this.store.list(k).map((o) => this.reporter.view(o)), byAddress: (a) => this.byAddress(a) },
      index: this.index,
      allocations: this.allocations,
      conns: this.conns,
      engine: this.engine,
      report: this.reporter,
      convergence: new Convergence(this.o.convergence),
      rest: this.rest,
      log: this.log,
      inSync: new Map(),
      origins: new Origins(),
      history: this.history,
      ...(this.egress ? { egress: this.egress } : {}),
      egressHanded: new Map(),
      enqueue: (k) => this.enqueue(k),
      watchDrift: (k, parts) => this.drift.track(k, parts),
      unwatchDrift: (k) => this.drift.untrack(k),
      nearby: (o) => this.nearby(o),
      tally: {
        commitFailed: (device, reason) => this.metrics.commitFailures.inc({ device, reason }),
        driftDetected: (device, kind) => this.metrics.driftDetected.inc({ device, kind }),
      },
    };
  }

  /** The intents sharing a device with `o`, as reconciles see them (report.view). */
  private nearby(o: Obj): Obj[] {
    const addressOf = (device: string) => {
      const [ns, name] = device.split('/') as [string, string];
      const d = this.store.get('NetworkDevice', ns, name);
      return d ? String(d.spec?.address ?? '') : undefined;
    };
    const deviceAt = (address: string) => {
      const d = this.byAddress(address)[0];
      return d && `${d.metadata.namespace ?? 'default'}/${d.metadata.name}`;
    };
    return this.nearbyIndex.near(o, addressOf, deviceAt).flatMap((k) => {
      const { kind, namespace, name } = parseKey(k);
      const x = this.store.get(kind, namespace, name);
      return x ? [this.reporter.view(x)] : [];
    });
  }

  /** The NetworkDevice holding `address` (never a refused duplicate: controllers/ownership.ts). */
  private byAddress(address: string): Obj[] {
    const d = deviceAt(address, this.store);
    return d ? [d] : [];
  }

  get isLeading(): boolean {
    return this.started;
  }

  /**
   * /readyz: leading, or standing by with the Lease answering. A healthy standby is ready, so
   * a PodDisruptionBudget can evict either replica; one that cannot reach its Lease is not.
   */
  get isReady(): boolean {
    return this.started || (!!this.leader?.healthy && !this.stopping);
  }

  enqueue(key: string) {
    if (key.startsWith('address:')) return;
    this.queues.get(parseKey(key).kind)?.add(key);
  }

  /** Index the object's dependencies and wake whoever waits on it. */
  private onEvent(type: EventType, obj: Obj) {
    const key = objKey(obj);
    this.alarms.observe(obj, type === 'delete');
    const before = this.seen.get(key);
    const meta = metaOf(obj);
    // controller-runtime's GenerationChangedPredicate, plus the metadata a reconcile reads: the
    // echo of our own status write wakes nobody itself; a status someone else wrote does.
    if (type !== 'update' || before?.meta !== meta || obj.kind === 'NetworkDevice' || !this.reporter.isOwnStatus(obj)) this.enqueue(key);
    if (type === 'resync') return;
    const keys = obj.kind === 'NetworkDevice' ? [key, addressKey(String(obj.spec?.address ?? ''))] : [key];
    if (type === 'delete') {
      this.nearbyIndex.delete(key);
      forgetClaims(obj);
      this.reporter.forget(obj);
      this.index.depsOf(key).forEach((d) => this.enqueue(d)); // a deletion they waited for may proceed
      this.index.delete(key);
      this.seen.delete(key);
      keys.flatMap((k) => this.index.dependents(k)).forEach((d) => this.enqueue(d));
      before?.vrfs?.forEach((v) => this.enqueue(v));
      return;
    }
    this.nearbyIndex.set(obj);
    const deps = dependenciesOf(obj, { byAddress: (a) => this.byAddress(a) });
    this.index.set(key, deps.ok ? deps.keys : []);
    const vrfs = obj.kind === 'L3VPN' ? ((obj.spec?.vrfs as { name: string }[] | undefined) ?? []).map((m) => keyOf('VRF', obj.metadata.namespace ?? 'default', m.name)) : undefined;
    // A device's Ready reason is what its waiting intents quote (PrerequisitesMissing, DeviceUnreachable).
    const reason = obj.kind === 'NetworkDevice' ? condition(obj, 'Ready')?.reason : undefined;
    // A VRF's route targets in status are what its L3VPNs wait for (l3vpn.ts), Ready or not.
    const rts = obj.kind === 'VRF' ? JSON.stringify(obj.status?.routeTargets ?? null) : undefined;
    const now = { ready: isReady(obj), generation: obj.metadata.generation, vrfs, reason, rts, meta };
    this.seen.set(key, now);
    if (!before || before.ready !== now.ready || before.generation !== now.generation || before.reason !== now.reason || before.rts !== now.rts || obj.metadata.deletionTimestamp) {
      keys.flatMap((k) => this.index.dependents(k)).forEach((d) => this.enqueue(d));
      // An L3VPN decides its VRFs' route targets: they render again when it changes.
      if (before?.generation !== now.generation) [...new Set([...(before?.vrfs ?? []), ...(vrfs ?? [])])].forEach((v) => this.enqueue(v));
    }
  }

  private async ensureNamespace() {
    try {
      await this.rest.request('GET', `/api/v1/namespaces/${this.namespace}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
      await this.rest.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } }).catch((err: unknown) => {
        if (!(err instanceof ApiError && err.code === 409)) throw err;
      });
    }
  }

  /** Starts: with leader election, work begins once this replica leads. */
  async start() {
    await this.ensureNamespace();
    if (this.leader) this.leader.start();
    else await this.lead();
  }

  private async lead() {
    this.log.info({ namespace: this.namespace }, 'leading: loading allocations and starting informers');
    // Before any new transaction: finish or undo what a killed predecessor left on the devices.
    void this.engine.resumeJournal().catch((e: unknown) => this.log.error({ err: String(e) }, 'transaction journal not recovered'));
    await this.allocations.load();
    void this.history.start();
    // Workers start once every informer has listed (controller-runtime's WaitForCacheSync):
    // a reconcile that runs before its dependencies' kind is listed sees them missing and
    // reports a false WaitingForDependency (seen as status writes on a restart).
    await this.store.start();
    const ctx = this.context();
    for (const [kind, q] of this.queues) {
      q.start(async (key) => {
        const end = this.metrics.reconcileSeconds.startTimer({ kind });
        try {
          const r = kind === 'NetworkDevice' ? await reconcileDevice(ctx, key) : await reconcileIntent(ctx, key);
          this.metrics.reconciles.inc({ kind, result: 'ok' });
          return r;
        } catch (e) {
          this.metrics.reconciles.inc({ kind, result: e instanceof Retry ? 'retry' : 'error' });
          throw e;
        } finally {
          await this.reporter.settle(key).catch((e: unknown) => this.log.warn({ key, err: String(e) }, 'status not written'));
          end();
          this.metrics.queueDepth.set({ kind }, q.length);
        }
      });
    }
    this.started = true;
    this.log.info('controller running');
  }

  private fatal(e: unknown) {
    this.log.error({ err: e instanceof Error ? e.message : String(e) }, 'cannot start');
    void this.stop();
  }

  /** Graceful: hands the lease back, finishes in-flight reconciles, closes device sessions. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.started = false;
      await this.leader?.stop();
      await this.store.stop();
      this.log.debug('informers stopped');
      await Promise.all([...this.queues.values()].map((q) => q.shutdown()));
      this.log.debug('work queues drained');
      await this.engine.idle();
      await this.history.stop();
      this.drift.stop();
      await this.conns.closeAll();
      await this.egress?.close();
      await this.webhook?.stop();
      if (!(await this.outbox.drain(2000))) this.log.warn({ waiting: this.outbox.size }, 'statuses or events not written before stopping');
      this.outbox.close();
      this.log.info('controller stopped');
    })();
    return this.stopping;
  }
}

/** What of an object, besides its spec (generation), a reconcile acts on: annotations (dry run, pause, drift policy), labels, finalizers, deletion. */
const metaOf = (o: Obj) =>
  JSON.stringify([o.metadata.generation, o.metadata.annotations ?? {}, o.metadata.labels ?? {}, o.metadata.finalizers ?? [], o.metadata.deletionTimestamp ?? null]);
