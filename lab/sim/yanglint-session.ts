// One long-lived interactive yanglint per simulator: the models compile once, then each
// document validates in milliseconds. `validate` is the judge: full validation (`-t config`)
// of a whole datastore, as the router checks a commit. `parse` (`-t edit`) only pre-checks
// an edit-config body (structure, types, keys) before it is merged into the candidate.
// yanglint speaks only on stderr, so each request is followed by a deliberately failing
// command naming a marker; what came before the marker's line belongs to the request.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelSet, yangDir, type Platform } from '../../adapters/yang/models.js';

export class YanglintSession {
  private proc: ChildProcessWithoutNullStreams;
  private readonly dir = mkdtempSync(join(tmpdir(), 'netintent-yanglint-'));
  private buffer = '';
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private waiter?: { marker: string; resolve: (lines: string[]) => void };

  /** `extraModules`: paths relative to the vendor YANG folder (ietf-netconf for nc:operation). */
  constructor(platform: Platform, extraModules: string[] = []) {
    const m = modelSet(platform);
    this.proc = spawn('yanglint', [], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HOME: this.dir } });
    this.proc.stdout.resume();
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d: string) => this.onData(d));
    const features = m.features.length ? m.features.map((f) => ` -F ${f}`).join('') : '';
    const setup = [
      ...m.searchPaths.map((p) => `searchpath ${p}`),
      `add${features} ${[...m.modules, ...extraModules.map((p) => join(yangDir(), p))].join(' ')}`,
    ];
    this.proc.stdin.write(setup.join('\n') + '\n');
  }

  private onData(d: string) {
    this.buffer += d;
    const w = this.waiter;
    if (!w) return;
    const at = this.buffer.indexOf(w.marker);
    if (at < 0) return;
    const end = this.buffer.indexOf('\n', at);
    if (end < 0) return;
    const before = this.buffer.slice(0, this.buffer.lastIndexOf('\n', at) + 1);
    this.buffer = this.buffer.slice(end + 1);
    this.waiter = undefined;
    w.resolve(before.split('\n'));
  }

  /** Full validation (`-t config`) of a whole datastore; resolves with libyang's error lines (empty: valid). */
  validate(content: string, ext: 'xml' | 'json'): Promise<string[]> {
    return this.check('config', content, ext);
  }

  /** Parses an edit-config body (`-t edit`: no must/when/leafref/mandatory); resolves with its error lines. */
  parse(content: string, ext: 'xml' | 'json'): Promise<string[]> {
    return this.check('edit', content, ext);
  }

  private check(type: 'config' | 'edit', content: string, ext: 'xml' | 'json'): Promise<string[]> {
    const run = async () => {
      const n = this.seq++;
      const file = join(this.dir, `doc-${n}.${ext}`);
      writeFileSync(file, content);
      const marker = join(this.dir, `marker-${n}-does-not-exist`);
      const lines = await new Promise<string[]>((resolve) => {
        this.waiter = { marker, resolve };
        this.proc.stdin.write(`data -t ${type} ${file}\ndata -t edit ${marker}\n`);
      });
      rmSync(file, { force: true });
      return lines
        .filter((l) => /^libyang\[0\]|^libyang err|YANGLINT\[E\]/.test(l) && !/Failed to parse input data file/.test(l))
        .map((l) => l.replace(/^libyang\[0\]:\s*|^libyang err\s*:\s*|^YANGLINT\[E\]:\s*/, ''));
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  close() {
    this.proc.stdin.end('quit\n');
    this.proc.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
