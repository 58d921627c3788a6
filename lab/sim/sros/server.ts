// `netintent sim sros`: an SR OS-like NETCONF server. SSH (ssh2 server side) with the
// netconf subsystem; running and candidate datastores of nokia-conf data; edits checked
// against the YANG models by yanglint; implicit candidate lock, confirmed commits that
// roll back by themselves, and fault injection for tests.
import ssh2, { type Connection, type ServerChannel } from 'ssh2';
import { CAP, helloXml, parseHello, parseMessage } from '../../../adapters/netconf/messages.js';
import { FrameDecoder, frame, type Framing } from '../../../adapters/netconf/framing.js';
import { YanglintSession } from '../yanglint-session.js';

// ssh2 is CommonJS: its server side is reached through the default export under ESM.
const { Server } = ssh2;
import { Datastore, EditFailed, type Operation, type Tree, type XNode } from './datastore.js';
import { loadSrosSchema, type SchemaIndex } from './schema.js';
import { configureChildren, configureXml, editXml, parser } from './xml.js';
import { generateHostKey, hostKeyFingerprint } from './host-key.js';
export { generateHostKey, hostKeyFingerprint };
import { rpcReply, rpcErrorReply, type ErrorSpec } from './replies.js';
import { commitProblems } from './rules.js';
import { asXmlText, baseDocument, type StartupConfig } from '../base-config.js';
import { DEFAULT_STREAM, NOTIFICATION_CAP } from '../../../adapters/netconf/notifications.js';
import { PortFaults } from '../port-faults.js';
import { operState, SROS_PORT_DOWN_REASONS } from './state.js';
import { selectState, stateChildren, stateXml } from './state-xml.js';
import { changeStreams, configChangeNotification, configEdits, type ChangedBy } from './notifications.js';

export interface SrosSimOptions {
  host?: string;
  port?: number;
  username: string;
  password: string;
  /** PEM/OpenSSH private host key; a fresh ed25519 key when omitted. */
  hostKey?: string | Buffer;
  /** MD-CLI flat startup config merged over the SR-1 platform base; running starts as that base. */
  startupConfig?: StartupConfig;
  /**
   * Benchmark-only switch (`netintent sim fleet --no-validate`): false skips the YANG check
   * (yanglint) of edits and commits, and no yanglint process is started, so a benchmark measures
   * its client rather than libyang. Datastores, locks, confirmed commits, persist and the
   * device's own commit rules (rules.ts) behave as always. Default true.
   */
  validate?: boolean;
  /** A yanglint session shared by many simulators in one process (its owner closes it); one of its own otherwise. */
  yanglint?: YanglintSession;
}

/** Faults a test (or the chaos suite) can inject. */
export interface Faults {
  latencyMs: number;
  rejectNextCommit?: string;
  /** Every commit fails with this message while set. */
  rejectCommits?: string;
  hang: boolean;
  /** Sees each request as it is about to be handled (after any latency): `drop` loses it unanswered, a promise delays it. */
  beforeRpc?: (xml: string) => 'drop' | Promise<void> | undefined;
}

const NOKIA_CONF_CAP = 'urn:nokia.com:sros:ns:yang:sr:conf?module=nokia-conf&revision=2025-10-01';

interface Session {
  id: number;
  framing: Framing;
  /** The RFC 5277 stream this session subscribed to (one per session, for the session's life). */
  stream?: string;
  send(xml: string): void;
  close(): void;
}

export class SrosSimulator {
  readonly running: Datastore;
  readonly candidate: Datastore;
  readonly faults: Faults = { latencyMs: 0, hang: false };
  /** Ports held down (POST /faults {"port":..,"oper":"down"}): nokia-state follows. */
  readonly portFaults = new PortFaults(SROS_PORT_DOWN_REASONS);
  port = 0;
  hostKeyFingerprint = '';
  /** Commits that changed running (confirmed and confirming ones). */
  commits = 0;
  /** NETCONF RPCs answered (replies sent, errors included). */
  rpcs = 0;
  /** The same, by operation (get-config, lock, commit…): where a client's round trips go. */
  ops: Record<string, number> = {};
  private readonly sessions = new Set<Session>();
  private nextSession = 1;
  private locks: { candidate?: number; running?: number } = {};
  /** Session that has uncommitted candidate changes (SR OS's implicit lock). */
  private editor?: number;
  private confirm?: { timer: NodeJS.Timeout; rollback: Tree; persist?: string; session: number };
  private readonly server: InstanceType<typeof Server>;

  private constructor(
    private readonly schema: SchemaIndex,
    /** Undefined when validation is off (a benchmark's `validate: false`). */
    private readonly yanglint: YanglintSession | undefined,
    private readonly o: SrosSimOptions,
    base: Tree = {},
  ) {
    this.running = new Datastore(schema, base);
    this.candidate = new Datastore(schema, structuredClone(base));
    const key = o.hostKey ?? generateHostKey();
    this.hostKeyFingerprint = hostKeyFingerprint(key);
    this.server = new Server({ hostKeys: [key] }, (conn) => this.onConnection(conn));
  }

  static async start(o: SrosSimOptions): Promise<SrosSimulator> {
    const base = (await baseDocument('sros', o.startupConfig))['nokia-conf:configure'];
    const tree = base ? (asXmlText({ configure: base }).configure as Tree) : {};
    const sim = new SrosSimulator(await loadSrosSchema(), o.validate === false ? undefined : (o.yanglint ?? srosYanglint()), o, tree);
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
    });
    sim.port = (sim.server.address() as { port: number }).port;
    return sim;
  }

  /** An out-of-band change of the running config (a NOC engineer at the CLI). */
  setRunning(configureXmlText: string) {
    const ds = new Datastore(this.schema, {});
    ds.edit(configureChildren(parser.parse(configureXmlText) as XNode[]) ?? [], 'merge');
    const before = this.running.tree;
    this.running.tree = ds.tree;
    // As an MD-CLI session would: a user, and session-id 0 for a session that is not NETCONF (RFC 6470).
    this.notifyChange(before, { username: this.o.username, sessionId: 0 });
    // Without uncommitted edits the candidate is the running config, as on the router:
    // the next edit-config builds on the change instead of committing it away.
    if (this.editor === undefined) this.candidate.tree = structuredClone(this.running.tree);
  }

  runningXml(): string {
    return configureXml(this.running.tree, this.schema);
  }

  /** Drops every open session, as a flapping management network would. */
  dropConnections() {
    for (const s of this.sessions) s.close();
  }

  async close() {
    this.dropConnections();
    if (this.confirm) clearTimeout(this.confirm.timer);
    await new Promise<void>((r) => this.server.close(() => r()));
    if (!this.o.yanglint) this.yanglint?.close();
  }

  private onConnection(conn: Connection) {
    conn.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === this.o.username && ctx.password === this.o.password) ctx.accept();
      else ctx.reject(['password']);
    });
    conn.on('ready', () => {
      conn.on('session', (accept) => {
        const session = accept();
        session.on('subsystem', (acceptSub, reject, info) => {
          if (info.name !== 'netconf') return reject();
          this.serve(acceptSub(), conn);
        });
      });
    });
    conn.on('error', () => undefined);
  }

  private serve(channel: ServerChannel, conn: Connection) {
    const decoder = new FrameDecoder('eom');
    const s: Session = {
      id: this.nextSession++,
      framing: 'eom',
      send: (xml) => channel.write(frame(xml, s.framing)),
      close: () => conn.end(),
    };
    this.sessions.add(s);
    const caps = [CAP.base10, CAP.base11, CAP.candidate, CAP.confirmedCommit, CAP.validate, CAP.rollbackOnError, NOTIFICATION_CAP.notification, NOTIFICATION_CAP.interleave];
    channel.write(frame(helloXml([...caps, NOKIA_CONF_CAP], s.id), 'eom'));
    let helloSeen = false;
    let chain = Promise.resolve();
    channel.on('data', (data: Buffer) => {
      let messages: string[];
      try {
        messages = decoder.push(data);
      } catch {
        conn.end();
        return;
      }
      for (const m of messages) {
        if (!helloSeen) {
          helloSeen = true;
          try {
            const caps = parseHello(m).capabilities;
            s.framing = caps.includes(CAP.base11) ? 'chunked' : 'eom';
            decoder.framing = s.framing;
          } catch {
            conn.end();
          }
          continue;
        }
        chain = chain.then(() => this.handle(s, m));
      }
    });
    channel.on('close', () => this.endSession(s));
  }

  private endSession(s: Session) {
    if (!this.sessions.delete(s)) return;
    if (this.locks.candidate === s.id) delete this.locks.candidate;
    if (this.locks.running === s.id) delete this.locks.running;
    if (this.editor === s.id) {
      this.candidate.tree = structuredClone(this.running.tree);
      this.editor = undefined;
    }
    // A confirmed commit without persist ends with its session (RFC 6241 8.4.1).
    if (this.confirm && this.confirm.session === s.id && !this.confirm.persist) this.rollback();
  }

  private rollback() {
    if (!this.confirm) return;
    clearTimeout(this.confirm.timer);
    const before = this.running.tree;
    this.running.tree = this.confirm.rollback;
    this.notifyChange(before, { server: true });
    this.candidate.tree = structuredClone(this.running.tree);
    this.confirm = undefined;
  }

  private async handle(s: Session, xml: string) {
    if (this.faults.hang) return;
    if (this.faults.latencyMs) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
    // A device that hangs while a request is on its way never answers it either; a test's
    // hook may drop a request at the moment it arrives (chaos: a kill between two RPCs).
    const hook = this.faults.beforeRpc?.(xml);
    if (hook instanceof Promise) await hook;
    if (this.faults.hang || hook === 'drop') return;
    let msg;
    try {
      msg = parseMessage(xml);
    } catch {
      s.send(rpcErrorReply(undefined, { type: 'rpc', tag: 'malformed-message', message: 'not well-formed XML' }));
      return;
    }
    const id = msg.attrs['message-id'];
    const op = msg.children.find((c) => Object.keys(c).some((k) => k !== ':@'));
    if (msg.kind !== 'rpc' || !op) {
      s.send(rpcErrorReply(id, { type: 'rpc', tag: 'malformed-message', message: 'expected <rpc>' }));
      return;
    }
    const name = Object.keys(op).find((k) => k !== ':@')!;
    const body = op[name] as XNode[];
    this.rpcs++;
    this.ops[name] = (this.ops[name] ?? 0) + 1;
    try {
      const data = await this.dispatch(s, name, body);
      s.send(rpcReply(id, data));
      if (name === 'close-session') s.close();
    } catch (e) {
      if (e instanceof RpcFailure) s.send(rpcErrorReply(id, ...e.errors));
      else s.send(rpcErrorReply(id, { type: 'application', tag: 'operation-failed', message: (e as Error).message }));
    }
  }

  private async dispatch(s: Session, op: string, body: XNode[]): Promise<string | undefined> {
    const param = (n: string) => body.find((b) => n in b)?.[n] as XNode[] | undefined;
    const datastore = (n: string) => {
      const which = param(n)?.map((x) => Object.keys(x).find((k) => k !== ':@'))[0];
      if (which !== 'running' && which !== 'candidate') throw new RpcFailure({ type: 'protocol', tag: 'invalid-value', message: `<${n}> must be running or candidate` });
      return which;
    };
    const text = (n: string) => param(n)?.find((x) => '#text' in x)?.['#text'] as string | undefined;
    switch (op) {
      case 'get':
      case 'get-config': {
        const source = op === 'get' ? 'running' : datastore('source');
        const filter = param('filter');
        const ds = source === 'running' ? this.running : this.candidate;
        const tree = ds.select(filter ? (configureChildren(filter) ?? []) : undefined);
        const conf = Object.keys(tree).length || !filter ? configureXml(tree, this.schema) : '';
        // <get> also answers nokia-state, as the router does: what the filter's <state> selects (all of it without a filter).
        const wanted = filter ? stateChildren(filter) : [];
        if (op === 'get-config' || !wanted) return `<data>${conf}</data>`;
        const state = selectState(operState(this.running.tree, this.portFaults), wanted.length ? wanted : undefined);
        return `<data>${conf}${Object.keys(state).length || !filter ? stateXml(state) : ''}</data>`;
      }
      case 'edit-config': {
        if (datastore('target') !== 'candidate') {
          throw new RpcFailure({ type: 'protocol', tag: 'operation-not-supported', message: 'edit-config to <running> is not supported with nokia-conf: edit <candidate> and commit' });
        }
        this.takeCandidate(s);
        const config = param('config');
        const content = configureChildren(config);
        if (!content) throw new RpcFailure({ type: 'application', tag: 'unknown-namespace', message: 'config must hold <configure xmlns="urn:nokia.com:sros:ns:yang:sr:conf">' });
        const problems = this.yanglint ? await this.yanglint.parse(editXml(content), 'xml') : [];
        if (problems.length) throw new RpcFailure({ type: 'application', tag: 'invalid-value', message: problems[0]!, ...pathOf(problems[0]!) });
        const next = new Datastore(this.schema, structuredClone(this.candidate.tree));
        try {
          next.edit(content, (text('default-operation') as Operation | undefined) ?? 'merge');
        } catch (e) {
          if (e instanceof EditFailed) throw new RpcFailure({ type: 'application', tag: e.error.tag, message: e.error.message, path: e.error.path });
          throw e;
        }
        this.candidate.tree = next.tree;
        this.editor = s.id;
        return undefined;
      }
      case 'lock':
      case 'unlock': {
        const target = datastore('target');
        const holder = this.locks[target];
        if (op === 'lock') {
          if (holder !== undefined && holder !== s.id) throw new RpcFailure({ type: 'protocol', tag: 'lock-denied', message: `${target} is locked by session ${holder}`, info: `<session-id>${holder}</session-id>` });
          if (target === 'candidate' && this.editor !== undefined && this.editor !== s.id) {
            throw new RpcFailure({ type: 'protocol', tag: 'lock-denied', message: `candidate has uncommitted changes of session ${this.editor}`, info: `<session-id>${this.editor}</session-id>` });
          }
          this.locks[target] = s.id;
        } else {
          if (holder !== s.id) throw new RpcFailure({ type: 'protocol', tag: 'operation-failed', message: `${target} is not locked by this session` });
          delete this.locks[target];
        }
        return undefined;
      }
      case 'validate':
        await this.check(this.candidate.tree);
        return undefined;
      case 'commit':
        return this.commit(s, param('confirmed') !== undefined, Number(text('confirm-timeout') ?? 600), text('persist'), text('persist-id'));
      case 'cancel-commit': {
        // RFC 6241 §8.4.9 / §8.4.5.1: a persist-id must name the pending (persistent) confirmed commit.
        const persistId = text('persist-id');
        if (persistId !== undefined && this.confirm?.persist !== persistId) {
          throw new RpcFailure({ type: 'protocol', tag: 'invalid-value', message: 'no confirmed commit is pending with this persist-id' });
        }
        if (!this.confirm) throw new RpcFailure({ type: 'protocol', tag: 'operation-failed', message: 'no confirmed commit is pending' });
        if (this.confirm.persist !== undefined && persistId !== this.confirm.persist) {
          throw new RpcFailure({ type: 'protocol', tag: 'invalid-value', message: 'persist-id does not match the pending confirmed commit' });
        }
        if (this.confirm.persist === undefined && this.confirm.session !== s.id) {
          throw new RpcFailure({ type: 'protocol', tag: 'operation-failed', message: 'the confirmed commit was issued by another session and has no persist' });
        }
        this.rollback();
        return undefined;
      }
      case 'discard-changes':
        this.candidate.tree = structuredClone(this.running.tree);
        if (this.editor === s.id) this.editor = undefined;
        return undefined;
      case 'close-session':
        return undefined;
      case 'create-subscription': {
        // SR OS (System Management Guide, "NETCONF notifications"): one stream per session, no <filter>.
        if (s.stream !== undefined) throw new RpcFailure({ type: 'protocol', tag: 'operation-failed', message: `this session already subscribed to stream ${s.stream}` });
        if (param('filter') !== undefined) throw new RpcFailure({ type: 'protocol', tag: 'operation-not-supported', message: '<filter> is not supported in <create-subscription>' });
        if (param('startTime') !== undefined) throw new RpcFailure({ type: 'protocol', tag: 'operation-not-supported', message: 'replay (<startTime>) is not supported by the simulator' });
        const stream = text('stream') ?? DEFAULT_STREAM;
        if (stream !== DEFAULT_STREAM && !changeStreams(this.running.tree).has(stream)) {
          throw new RpcFailure({ type: 'protocol', tag: 'invalid-value', message: `no such stream: ${stream}` });
        }
        s.stream = stream;
        return undefined;
      }
      default:
        throw new RpcFailure({ type: 'protocol', tag: 'operation-not-supported', message: `${op} is not supported` });
    }
  }

  /** A change of running, to the sessions subscribed to a stream a change log feeds (sros/notifications.ts). */
  private notifyChange(before: Tree, by: ChangedBy) {
    if (this.faults.hang) return;
    const streams = changeStreams(this.running.tree);
    const to = [...this.sessions].filter((x) => x.stream !== undefined && streams.has(x.stream));
    if (!to.length) return;
    const edits = configEdits(before, this.running.tree, this.schema);
    if (!edits.length) return;
    const xml = configChangeNotification(by, edits);
    for (const x of to) x.send(xml);
  }

  /** What the device checks before a commit: the YANG models, then its own rules (rules.ts). */
  private async check(tree: Tree) {
    const problems = this.yanglint ? await this.yanglint.validate(configureXml(tree, this.schema), 'xml') : [];
    if (problems.length) throw new RpcFailure({ type: 'application', tag: 'invalid-value', message: problems[0]!, ...pathOf(problems[0]!) });
    const refused = commitProblems(tree);
    if (refused.length) throw new RpcFailure({ type: 'application', tag: 'operation-failed', message: refused[0]! });
  }

  private takeCandidate(s: Session) {
    const holder = this.locks.candidate ?? this.editor;
    if (holder !== undefined && holder !== s.id) {
      throw new RpcFailure({ type: 'protocol', tag: 'in-use', message: `candidate is in use by session ${holder}`, info: `<session-id>${holder}</session-id>` });
    }
  }

  private async commit(s: Session, confirmed: boolean, timeout: number, persist?: string, persistId?: string): Promise<undefined> {
    this.takeCandidate(s);
    if (this.faults.rejectNextCommit !== undefined || this.faults.rejectCommits !== undefined) {
      const message = (this.faults.rejectNextCommit ?? this.faults.rejectCommits)!;
      this.faults.rejectNextCommit = undefined;
      throw new RpcFailure({ type: 'application', tag: 'operation-failed', message });
    }
    // RFC 6241 §8.4.1: after a confirmed commit with <persist>, the follow-up and the confirming
    // commit may come from any session and MUST carry the matching <persist-id>; a persist-id
    // that names no pending confirmed commit is invalid-value (§8.4.5.1).
    if (persistId !== undefined && this.confirm?.persist !== persistId) {
      throw new RpcFailure({ type: 'protocol', tag: 'invalid-value', message: 'no confirmed commit is pending with this persist-id' });
    }
    if (this.confirm && this.confirm.persist !== undefined && persistId !== this.confirm.persist) {
      throw new RpcFailure({ type: 'protocol', tag: 'invalid-value', message: 'a persistent confirmed commit is pending: give its persist-id' });
    }
    await this.check(this.candidate.tree);
    const before = this.confirm?.rollback ?? structuredClone(this.running.tree);
    if (this.confirm) clearTimeout(this.confirm.timer);
    this.confirm = undefined;
    const changed = this.running.tree;
    this.running.tree = structuredClone(this.candidate.tree);
    this.editor = undefined;
    this.commits++;
    this.notifyChange(changed, { username: this.o.username, sessionId: s.id });
    if (confirmed) {
      this.confirm = { rollback: before, session: s.id, ...(persist !== undefined ? { persist } : {}), timer: setTimeout(() => this.rollback(), timeout * 1000) };
    }
    return undefined;
  }
}

/** A yanglint session with the SR OS models (and ietf-netconf, for nc:operation). */
export function srosYanglint(): YanglintSession {
  return new YanglintSession('sros', ['sros-25.10/ietf/ietf-netconf.yang']);
}

class RpcFailure extends Error {
  readonly errors: ErrorSpec[];
  constructor(...errors: ErrorSpec[]) {
    super(errors[0]?.message);
    this.errors = errors;
  }
}

function pathOf(problem: string): { path?: string } {
  const m = /Data location "([^"]+)"/.exec(problem);
  return m ? { path: m[1]! } : {};
}
