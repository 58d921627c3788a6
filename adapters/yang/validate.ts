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

export interface ValidateOptions {
  /** The documents are edit-config content with nc:operation attributes. */
  editOperations?: boolean;
}

async function yanglint(platform: Platform, files: string[], opts: ValidateOptions): Promise<{ ok: boolean; errors: string[] }> {
  try {
    const args = ['-t', 'edit', ...yanglintModelArgs(platform, opts), ...files];
    const { stderr } = await run('yanglint', args, { maxBuffer: 64 * 1024 * 1024 });
    const errors = stderr.split('\n').filter((l) => l.includes('libyang err'));
    return { ok: errors.length === 0, errors };
  } catch (e) {
    const err = e as { stderr?: string; code?: number | string; message: string };
    if (err.code === 'ENOENT') throw new Error('yanglint not found: install libyang2-tools (Debian) or libyang (brew)');
    return { ok: false, errors: (err.stderr ?? err.message).split('\n').filter((l) => l.includes('err')) };
  }
}

/** Validates each file; one yanglint call when all pass. */
export async function validateFiles(platform: Platform, files: string[], opts: ValidateOptions = {}): Promise<Verdict[]> {
  if (!files.length) return [];
  const all = await yanglint(platform, files, opts);
  if (all.ok) return files.map((file) => ({ file, ok: true, errors: [] }));
  if (files.length === 1) return [{ file: files[0]!, ok: false, errors: all.errors }];
  const mid = Math.ceil(files.length / 2);
  return [...(await validateFiles(platform, files.slice(0, mid), opts)), ...(await validateFiles(platform, files.slice(mid), opts))];
}
