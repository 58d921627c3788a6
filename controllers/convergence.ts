// No hot loops (issue 12): a change that does not stick — the devices differ from the intent
// again right after a successful commit, so the same configuration is committed again and
// again — must not be committed in a loop (the probe saw 902 transactions in 47 s). The rule:
// `maxCommits` commits of one configuration (same config hashes) within `windowMs`, with no
// quiet spell in which the devices kept it, put the intent in NotConverging: it is only
// observed (and the diff reported) until a backoff ends, then committed once more; each
// further commit that does not stick doubles the backoff. The devices keeping the
// configuration for `settleMs`, or a new configuration, starts afresh.
import { condition, type Obj } from '../apis/objects.js';
import { cond, type Reporter } from './report.js';
import type { ReconcileResult } from './runtime/queue.js';

export interface ConvergenceOptions {
  windowMs?: number;
  maxCommits?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** The devices matching this long after the last commit means the change stuck. */
  settleMs?: number;
  now?: () => number;
}

export type Gate = { commit: true } | { commit: false; retryInMs: number; commits: number; windowMs: number };

interface Track {
  signature: string;
  commits: number[];
  /** Backoffs so far (0: converging). */
  strikes: number;
  until: number;
}

export class Convergence {
  private readonly tracks = new Map<string, Track>();
  private readonly windowMs: number;
  private readonly maxCommits: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly settleMs: number;
  private readonly now: () => number;

  constructor(o: ConvergenceOptions = {}) {
    this.windowMs = o.windowMs ?? 60_000;
    this.maxCommits = o.maxCommits ?? 3;
    this.baseMs = o.baseBackoffMs ?? 5_000;
    this.maxMs = o.maxBackoffMs ?? 300_000;
    this.settleMs = o.settleMs ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  /** Whether `intent` may commit the configuration `signature` now. */
  gate(intent: string, signature: string): Gate {
    const t = this.tracks.get(intent);
    if (!t || t.signature !== signature) return { commit: true };
    const now = this.now();
    if (t.until > now) return { commit: false, retryInMs: t.until - now, commits: this.recent(t, now).length, windowMs: this.windowMs };
    return { commit: true };
  }

  /** `intent`'s devices were written with `signature`. */
  committed(intent: string, signature: string) {
    const now = this.now();
    let t = this.tracks.get(intent);
    if (!t || t.signature !== signature) this.tracks.set(intent, (t = { signature, commits: [], strikes: 0, until: 0 }));
    t.commits = [...this.recent(t, now), now];
    // Once backing off, every commit that has to be made again is another strike.
    if (t.strikes > 0 || t.commits.length >= this.maxCommits) {
      t.until = now + Math.min(this.baseMs * 2 ** t.strikes, this.maxMs);
      t.strikes++;
    }
  }

  /** `intent`'s devices matched without a write: the last change stuck if it has held a while. */
  settled(intent: string) {
    const t = this.tracks.get(intent);
    if (t && this.now() - (t.commits.at(-1) ?? 0) >= this.settleMs) this.tracks.delete(intent);
  }

  /** Backing off now (for status and tests). */
  backingOff(intent: string): boolean {
    return (this.tracks.get(intent)?.until ?? 0) > this.now();
  }

  forget(intent: string) {
    this.tracks.delete(intent);
  }

  private recent(t: Track, now: number) {
    return t.commits.filter((c) => now - c < this.windowMs);
  }
}

/** The status and Event of an intent whose change does not stick; it is observed until `gate` reopens. */
export async function reportNotConverging(
  report: Reporter,
  o: Obj,
  gate: Extract<Gate, { commit: false }>,
  drifted: string[],
  fields: Record<string, unknown>,
): Promise<ReconcileResult> {
  const retry = Math.ceil(gate.retryInMs / 1000);
  const msg =
    `${drifted.join(', ')} did not keep this configuration: committed ${gate.commits} time(s) in ${gate.windowMs / 1000} s ` +
    'and changed back each time (status.diff shows what differs); something on the device (a script, another manager) ' +
    `rewrites it. netintent commits again in ${retry} s, backing off`;
  if (condition(o, 'Synced')?.reason !== 'NotConverging') {
    await report.event(o, 'Warning', 'NotConverging', `${msg}\n${String(fields.diff ?? '')}`);
  }
  const conds = (['Drifted', 'Synced', 'Ready'] as const).map((type) => cond(type, type === 'Drifted', 'NotConverging', msg));
  await report.set(o, conds, fields);
  return { requeueAfterMs: gate.retryInMs };
}
