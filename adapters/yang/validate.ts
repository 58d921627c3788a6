// The judge: yanglint -t edit against the vendor models (../shared/yang/README.md).
// Many documents go through one yanglint run; a failing batch is split to name the files.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { yanglintModelArgs, type Platform } from './models.js';

const run = promisify(execFile);

export interface Verdict {
  file: string;
  ok: boolean;
  errors: string[];
}

async function yanglint(platform: Platform, files: string[]): Promise<{ ok: boolean; errors: string[] }> {
  try {
    const { stderr } = await run('yanglint', ['-t', 'edit', ...yanglintModelArgs(platform), ...files], { maxBuffer: 64 * 1024 * 1024 });
    const errors = stderr.split('\n').filter((l) => l.includes('libyang err'));
    return { ok: errors.length === 0, errors };
  } catch (e) {
    const err = e as { stderr?: string; code?: number | string; message: string };
    if (err.code === 'ENOENT') throw new Error('yanglint not found: install libyang2-tools (Debian) or libyang (brew)');
    return { ok: false, errors: (err.stderr ?? err.message).split('\n').filter((l) => l.includes('err')) };
  }
}

/** Validates each file; one yanglint call when all pass. */
export async function validateFiles(platform: Platform, files: string[]): Promise<Verdict[]> {
  if (!files.length) return [];
  const all = await yanglint(platform, files);
  if (all.ok) return files.map((file) => ({ file, ok: true, errors: [] }));
  if (files.length === 1) return [{ file: files[0]!, ok: false, errors: all.errors }];
  const mid = Math.ceil(files.length / 2);
  return [...(await validateFiles(platform, files.slice(0, mid))), ...(await validateFiles(platform, files.slice(mid)))];
}
