// In-memory fakes of our own interfaces for the transaction engine's unit tests: a device
// driver over a "running" map of path string -> JSON value that behaves like a router with
// persistent confirmed commits (RFC 6241 §8.4: a pending commit survives its session, is
// confirmed or cancelled by persist-id, and rolls back by itself at its timeout — `expire()`),
// and a connection pool handing those drivers out.
import { Driver, type AbortResult, type ApplyOptions, type Observation, type Prepared, type Recovery } from '../../devices/drivers/driver.js';
import { RpcError } from '../../adapters/netconf/messages.js';
import { pathString, type Fragment, type YObject } from '../../adapters/yang/tree.js';
import type { Connection } from '../../devices/connections.js';
import type { Obj } from '../../apis/objects.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const rpcError = (operation: string, message: string) => new RpcError(operation, [{ type: 'application', tag: 'operation-failed', severity: 'error', message }]);
const unreachable = (name: string) => new Error(`read ECONNRESET (${name})`);

export interface FakeOptions {
  /** prepare() throws an RpcError when the change writes or deletes this path string. */
  rejectPath?: string;
  /** commit() throws this. */
  commitError?: Error;
  /** confirm() throws this (the confirm is lost: the commit stays pending). */
  confirmError?: Error;
  /** observeEach() throws this. */
  observeError?: Error;
  /** commit() takes this long. */
  commitDelayMs?: number;
  /** Every call after commit fails as a dead connection would (confirm, abort's undo, resume). */
  unreachable?: boolean;
  /** Runs as confirm() starts; it may throw (a lost confirm), change the device, or never resolve (a hang, a kill). */
  onConfirm?: (d: FakeDevice) => Promise<void> | void;
}

export class FakeDevice extends Driver {
  running = new Map<string, string>();
  /** Every driver call, in order: observe(n groups), prepare, commit, confirm, abort, resume:<action>. */
  log: string[] = [];
  /** The changes handed to prepare(). */
  prepared: Fragment[][] = [];
  commitOptions: (ApplyOptions | undefined)[] = [];
  /** The confirmed commit waiting for its confirm, as the device keeps it. */
  pendingCommit?: { persistId: string; pre: Map<string, string> };
  private seq = 0;

  constructor(
    readonly name: string,
    public opts: FakeOptions = {},
  ) {
    super();
  }

  seed(path: string, value: YObject) {
    this.running.set(path, JSON.stringify(value));
    return this;
  }

  snapshot() {
    return new Map(this.running);
  }

  /** The confirm timeout passed: a pending commit rolls back by itself. */
  expire() {
    if (this.pendingCommit) this.running = this.pendingCommit.pre;
    this.pendingCommit = undefined;
  }

  private removeTree(path: string) {
    for (const k of [...this.running.keys()]) if (k === path || k.startsWith(`${path}/`)) this.running.delete(k);
  }

  /** The engine never reads configuration subtrees (prerequisites are the device reconciler's). */
  readConfig(): Promise<YObject> {
    return Promise.resolve({});
  }

  observeEach(groups: Fragment[][]): Promise<Observation[]> {
    this.log.push(`observe(${groups.length})`);
    if (this.opts.observeError) return Promise.reject(this.opts.observeError);
    return Promise.resolve(
      groups.map((fragments) => {
        const diff: string[] = [];
        let exists = false;
        for (const f of fragments) {
          for (const u of f.updates) {
            const p = pathString(u.path);
            const have = this.running.get(p);
            const want = JSON.stringify(u.value);
            if (have !== undefined) exists = true;
            if (have !== want) diff.push(...(have !== undefined ? [`- ${p} ${have}`] : []), `+ ${p} ${want}`);
          }
          for (const d of f.deletes) {
            const p = pathString(d);
            if ([...this.running.keys()].some((k) => k === p || k.startsWith(`${p}/`))) diff.push(`- ${p}`);
          }
        }
        return { exists, upToDate: diff.length === 0, diff: diff.join('\n') };
      }),
    );
  }

  prepare(change: Fragment[]): Promise<Prepared> {
    this.log.push('prepare');
    this.prepared.push(change);
    const touched = change.flatMap((f) => [...f.updates.map((u) => pathString(u.path)), ...f.deletes.map(pathString)]);
    if (this.opts.rejectPath !== undefined && touched.includes(this.opts.rejectPath)) {
      return Promise.reject(rpcError('edit-config', `bad element at ${this.opts.rejectPath}`));
    }
    const persistId = `${this.name}-${++this.seq}`;
    let pre: Map<string, string> | undefined;
    let phase: 'staged' | 'pending' | 'confirmed' | 'done' = 'staged';
    return Promise.resolve({
      recovery: { protocol: 'netconf', persistId },
      commit: async (o?: ApplyOptions) => {
        this.log.push('commit');
        this.commitOptions.push(o);
        if (this.opts.commitDelayMs) await sleep(this.opts.commitDelayMs);
        if (this.opts.commitError) throw this.opts.commitError;
        pre = this.snapshot();
        for (const f of change) {
          for (const d of f.deletes) this.removeTree(pathString(d));
          for (const u of f.updates) {
            if (u.replace) this.removeTree(pathString(u.path));
            this.running.set(pathString(u.path), JSON.stringify(u.value));
          }
        }
        this.pendingCommit = { persistId, pre };
        phase = 'pending';
      },
      confirm: async () => {
        this.log.push('confirm');
        await this.opts.onConfirm?.(this);
        if (this.opts.unreachable) throw unreachable(this.name);
        if (this.opts.confirmError) throw this.opts.confirmError;
        this.pendingCommit = undefined;
        phase = 'confirmed';
      },
      abort: async (): Promise<AbortResult> => {
        this.log.push('abort');
        const was = phase;
        phase = 'done';
        if (was === 'staged' || was === 'done') return was === 'staged' ? 'untouched' : 'rolledBack';
        if (this.opts.unreachable) return was === 'pending' ? 'expiring' : 'failed';
        if (was === 'pending' && this.pendingCommit?.persistId !== persistId) return 'rolledBack'; // expired meanwhile
        this.running = pre!; // cancel-commit, or the pre-image written back after a confirm
        this.pendingCommit = undefined;
        return 'rolledBack';
      },
    });
  }

  resume(r: Recovery, action: 'confirm' | 'cancel'): Promise<boolean> {
    this.log.push(`resume:${action}`);
    if (this.opts.unreachable) return Promise.reject(unreachable(this.name));
    if (r.protocol !== 'netconf' || this.pendingCommit?.persistId !== r.persistId) return Promise.resolve(false);
    if (action === 'cancel') this.running = this.pendingCommit.pre;
    this.pendingCommit = undefined;
    return Promise.resolve(true);
  }

  close() {
    this.log.push('close');
    return Promise.resolve();
  }

  count(event: string) {
    return this.log.filter((e) => e === event).length;
  }
}

export class FakeConnections {
  readonly devices = new Map<string, FakeDevice>();
  /** Device names whose get() fails like a refused TCP connection. */
  readonly refused = new Set<string>();
  readonly gets: string[] = [];
  readonly dropped: string[] = [];

  add(...ds: FakeDevice[]) {
    for (const d of ds) this.devices.set(d.name, d);
    return this;
  }

  get(device: Obj): Promise<Connection> {
    const name = device.metadata.name;
    this.gets.push(name);
    if (this.refused.has(name)) return Promise.reject(new Error(`connect ECONNREFUSED 192.0.2.1:830 (${name})`));
    const driver = this.devices.get(name);
    if (!driver) return Promise.reject(new Error(`no such device ${name}`));
    return Promise.resolve({ driver, capabilities: [], softwareVersion: 'fake' });
  }

  drop(device: Obj) {
    this.dropped.push(device.metadata.name);
  }

  /** Every prepare across all devices. */
  prepares() {
    return [...this.devices.values()].reduce((n, d) => n + d.count('prepare'), 0);
  }
}
