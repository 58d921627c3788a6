// The judge: full validation (`yanglint -t config`) of whole device datastores against the
// vendor models (../shared/yang/README.md), so that must, when, leafref and mandatory are
// checked as a router checks them at commit. A fragment alone would fail on what it refers
// to (ports, system interfaces, the underlay): callers validate base + change, merged.
// Many documents go through one yanglint run; a failing batch is split to name the files.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { yanglintModelArgs, type Platform } from './models.js';
import { mergeInto, type YObject } from './tree.js';
import { configureXml } from './xml.js';

const run = promisify(execFile);

export interface Verdict {
  file: string;
  ok: boolean;
  /** libyang's messages, each naming the data path it refuses. */
  errors: string[];
}

export interface ValidateOptions {
  /**
   * Parse only (`-t edit`): the documents are edit-config bodies (nc:operation attributes
   * allowed). Structure, types and keys are checked; must/when/leafref/mandatory are not.
   * For pre-checks of an edit, never as the judge.
   */
  editOnly?: boolean;
}

const errorLines = (text: string) => text.split('\n').filter((l) => /libyang err|YANGLINT\[E\]/.test(l) && !/Failed to parse input data file/.test(l));

async function yanglint(platform: Platform, files: string[], opts: ValidateOptions): Promise<{ ok: boolean; errors: string[] }> {
  const type = opts.editOnly ? 'edit' : 'config';
  try {
    const args = ['-t', type, ...yanglintModelArgs(platform, { editOperations: opts.editOnly }), ...files];
    const { stderr } = await run('yanglint', args, { maxBuffer: 64 * 1024 * 1024 });
    const errors = errorLines(stderr);
    return { ok: errors.length === 0, errors };
  } catch (e) {
    const err = e as { stderr?: string; code?: number | string; message: string };
    if (err.code === 'ENOENT') throw new Error('yanglint not found: install libyang2-tools (Debian) or libyang (brew)');
    const errors = errorLines(err.stderr ?? err.message);
    return { ok: false, errors: errors.length ? errors : [err.message] };
  }
}

/** Validates each file (a whole datastore, `-t config`); one yanglint call when all pass. */
export async function validateFiles(platform: Platform, files: string[], opts: ValidateOptions = {}): Promise<Verdict[]> {
  if (!files.length) return [];
  const all = await yanglint(platform, files, opts);
  if (all.ok) return files.map((file) => ({ file, ok: true, errors: [] }));
  if (files.length === 1) return [{ file: files[0]!, ok: false, errors: all.errors }];
  const mid = Math.ceil(files.length / 2);
  return [...(await validateFiles(platform, files.slice(0, mid), opts)), ...(await validateFiles(platform, files.slice(mid), opts))];
}


/** The whole datastore a device would hold: a copy of `base` with `change` merged over it. */
export function mergeDatastore(platform: Platform, base: YObject | undefined, change: YObject): YObject {
  const doc = structuredClone(base ?? {});
  mergeInto(platform, doc, change, '', { overwrite: true });
  return doc;
}

/** A datastore as yanglint reads it: SR OS `<configure>` XML, SR Linux JSON_IETF. */
export function datastoreText(platform: Platform, doc: YObject): string {
  return platform === 'sros' ? configureXml(doc, { compact: true }) : JSON.stringify(doc);
}

export interface DatastoreCheck {
  /** Names the document in verdicts (e.g. the render output file `pe1.sros.xml`). */
  name: string;
  platform: Platform;
  /** What the device holds before the change (startup config / underlay); none: empty. */
  base?: YObject;
  /** The rendered document (deviceDocument / assemble). */
  change: YObject;
}

/**
 * Full validation of each device's whole datastore, base + change. Verdicts come back in
 * input order, `file` = the check's name; errors are libyang's messages with the data path.
 */
export async function validateDatastores(checks: DatastoreCheck[]): Promise<Verdict[]> {
  const dir = mkdtempSync(join(tmpdir(), 'netintent-judge-'));
  try {
    const files = checks.map((c, i) => {
      const file = join(dir, `${i}.${c.platform === 'sros' ? 'xml' : 'json'}`);
      writeFileSync(file, datastoreText(c.platform, mergeDatastore(c.platform, c.base, c.change)));
      return file;
    });
    const verdicts = new Map<string, Verdict>();
    for (const platform of ['sros', 'srlinux'] as const) {
      const mine = files.filter((_, i) => checks[i]!.platform === platform);
      for (const v of await validateFiles(platform, mine)) verdicts.set(v.file, v);
    }
    return files.map((file, i) => ({ ...verdicts.get(file)!, file: checks[i]!.name }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
