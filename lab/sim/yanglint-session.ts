// One long-lived interactive yanglint per simulator: the models compile once, then each
// document validates in milliseconds. yanglint speaks only on stderr, so each request is
// followed by a deliberately failing command naming a marker; what came before the
// marker's line belongs to the request.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODELS, yangDir, type Platform } from '../../adapters/yang/models.js';

export class YanglintSession {
  private proc: ChildProcessWithoutNullStreams;
  private readonly dir = mkdtempSync(join(tmpdir(), 'netintent-yanglint-'));
  private buffer = '';
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private waiter?: { marker: string; resolve: (lines: string[]) => void };

  constructor(platform: Platform, extraModules: string[] = []) {
    const dir = yangDir();
    const m = MODELS[platform];
    this.proc = spawn('yanglint', [], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, HOME: this.dir } });
    this.proc.stdout.resume();
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d: string) => this.onData(d));
    const features = m.features.length ? m.features.map((f) => ` -F ${f}`).join('') : '';
    const setup = [
      ...m.searchPaths.map((p) => `searchpath ${join(dir, p)}`),
      `add${features} ${[...m.modules.map((p) => join(dir, p)), ...extraModules.map((p) => join(dir, p))].join(' ')}`,
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

  /** Validates a document (`-t edit`); resolves with libyang's error lines (empty: valid). */
  validate(content: string, ext: 'xml' | 'json'): Promise<string[]> {
    const run = async () => {
      const n = this.seq++;
      const file = join(this.dir, `doc-${n}.${ext}`);
      writeFileSync(file, content);
      const marker = join(this.dir, `marker-${n}-does-not-exist`);
      const lines = await new Promise<string[]>((resolve) => {
        this.waiter = { marker, resolve };
        this.proc.stdin.write(`data -t edit ${file}\ndata -t edit ${marker}\n`);
      });
      rmSync(file, { force: true });
      return lines.filter((l) => /^libyang\[0\]|YANGLINT\[E\]/.test(l)).map((l) => l.replace(/^libyang\[0\]:\s*|^YANGLINT\[E\]:\s*/, ''));
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
