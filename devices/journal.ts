// The transaction journal: what a controller killed mid-transaction left on its devices, so
// that the next one finishes or undoes it (transactions.ts writes it, recovers
// from it on start). A transaction is recorded `prepared` before any device commits (its
// devices and what undoes each), `decided` once every device holds the confirmed commit (from
// then on it rolls forward), and forgotten when done. Entries hold device references and
// Recovery data (persist-ids, gNMI pre-images of the touched paths): never credentials.
//
// Backed by files, not a ConfigMap: the write sits on the commit path of every transaction,
// and transactions must go on while the API server is down (drift is still reverted then,
// issue 12 item 7), so the journal cannot depend on the API server. A local fsync'd file
// survives a SIGKILL or OOM kill of the process; in a pod it lives on a volume that
// outlives the container (the chart's emptyDir, or a PVC to survive rescheduling too).
// What it cannot cover — the pod's node lost — the devices' confirm timeout still does:
// an undecided transaction rolls back by itself there.
import { mkdirSync, readdirSync, readFileSync, openSync, writeSync, fsyncSync, closeSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Recovery } from './drivers/driver.js';
import { isAnySecretLeaf, isSecretName } from '../adapters/yang/secrets.js';
import type { DeviceConnections } from './connections.js';
import type { Obj } from '../apis/objects.js';

/** Enough of a NetworkDevice to dial it again (spec and the dial annotation; no Secret data). */
export type DeviceRef = Pick<Obj, 'apiVersion' | 'kind' | 'spec'> & { metadata: Pick<Obj['metadata'], 'name' | 'namespace' | 'annotations'> };

export interface JournalEntry {
  id: string;
  /** prepared: undecided, roll back. decided: every device committed-confirmed, roll forward. */
  phase: 'prepared' | 'decided';
  /** When the devices' confirmed commits expire by themselves (ms since the epoch). */
  expiresAt: number;
  devices: JournalDevice[];
}

export interface JournalDevice {
  device: DeviceRef;
  recovery: Recovery;
  /** Why the recovery data was left out (it held a secret-looking leaf): recovery skips this device. */
  withheld?: string;
}

/** A secret leaf: the generated table of the models' secret leaves decides where it covers the path, the name pattern elsewhere. */
const secretAt = (schema: string) => isAnySecretLeaf(schema) || isSecretName(schema.slice(schema.lastIndexOf('/') + 1));

/**
 * What the journal may keep of a device's recovery: a gNMI pre-image that holds a
 * secret leaf is withheld (the journal never holds secrets); its undo after a crash
 * is then left to the intents' reconciles, and the recovery log names the device.
 */
export function journalDevice(device: DeviceRef, recovery: Recovery): JournalDevice {
  if (recovery.protocol !== 'gnmi') return { device, recovery };
  const leak = (v: unknown, at: string): string | undefined => {
    if (Array.isArray(v)) return v.map((e) => leak(e, at)).find(Boolean);
    if (v === null || typeof v !== 'object') return undefined;
    for (const [k, x] of Object.entries(v)) {
      const name = k.slice(k.indexOf(':') + 1);
      if (secretAt(`${at}/${name}`)) return name;
      const inner = leak(x, `${at}/${name}`);
      if (inner) return inner;
    }
    return undefined;
  };
  const schemaOf = (path: string) => path.replace(/\[.*?\]/g, '').replace(/\/[^/:]+:/g, '/');
  const secret = recovery.preImage.map(([path, value]) => leak(value, schemaOf(path)) ?? (secretAt(schemaOf(path)) ? path : undefined)).find(Boolean);
  return secret ? { device, recovery: { protocol: 'gnmi', preImage: [] }, withheld: `its pre-image holds a secret (${secret})` } : { device, recovery };
}

export interface Journal {
  /** Durably records `entry` (replacing the one with its id) before it resolves. */
  put(entry: JournalEntry): Promise<void>;
  /** Forgets a finished transaction. */
  done(id: string): Promise<void>;
  /** Every unfinished transaction. */
  list(): Promise<JournalEntry[]>;
}

export class MemoryJournal implements Journal {
  readonly entries = new Map<string, JournalEntry>();
  /** Every put and done, in order (tests check the sequence). */
  readonly log: string[] = [];

  put(entry: JournalEntry) {
    this.log.push(`${entry.id}:${entry.phase}`);
    this.entries.set(entry.id, structuredClone(entry));
    return Promise.resolve();
  }

  done(id: string) {
    this.log.push(`${id}:done`);
    this.entries.delete(id);
    return Promise.resolve();
  }

  list() {
    return Promise.resolve([...this.entries.values()].map((e) => structuredClone(e)));
  }
}

/** One file per unfinished transaction in `dir`, written to a temporary file, fsync'd and renamed into place. */
export class FileJournal implements Journal {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private file(id: string) {
    if (!/^[A-Za-z0-9._-]+$/.test(id)) throw new Error(`transaction id ${JSON.stringify(id)} cannot name a journal file`);
    return join(this.dir, `${id}.json`);
  }

  /** Synchronous I/O on purpose: the record must be on disk before the commit is sent. */
  async put(entry: JournalEntry): Promise<void> {
    const final = this.file(entry.id);
    const tmp = `${final}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(entry));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, final);
    this.syncDir();
  }

  async done(id: string): Promise<void> {
    rmSync(this.file(id), { force: true });
    this.syncDir();
  }

  list(): Promise<JournalEntry[]> {
    const out: JournalEntry[] = [];
    for (const f of readdirSync(this.dir)) {
      if (!f.endsWith('.json')) continue; // a .tmp a kill left behind was never renamed: never recorded
      try {
        out.push(JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as JournalEntry);
      } catch {
        // A rename is atomic: an unreadable entry is not ours. Leave it for a human.
      }
    }
    return Promise.resolve(out);
  }

  /** The rename (or unlink) itself is durable only once the directory is synced. */
  private syncDir() {
    const fd = openSync(this.dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** The reference the journal keeps of a NetworkDevice. */
export function deviceRef(d: Obj, dialAnnotation: string): DeviceRef {
  const dial = d.metadata.annotations?.[dialAnnotation];
  return {
    apiVersion: d.apiVersion,
    kind: d.kind,
    spec: d.spec,
    metadata: { name: d.metadata.name, ...(d.metadata.namespace ? { namespace: d.metadata.namespace } : {}), ...(dial ? { annotations: { [dialAnnotation]: dial } } : {}) },
  };
}

export interface Recovered {
  id: string;
  action: 'confirm' | 'cancel';
  devices: string[];
  /** Devices that never answered before the entry's deadline (they settled by their own timeout). */
  unreached: string[];
  /** Devices whose recovery was withheld from the journal (a secret in a gNMI pre-image): left to the reconciles. */
  withheld: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Settles what an earlier process left: a decided transaction is confirmed with its
 * persist-ids (gNMI Sets are final already), an undecided one cancelled (gNMI: the pre-image
 * set back). A device that answers that nothing is pending had settled already (confirmed,
 * or rolled back by its timeout). Devices that do not answer are retried until the entry's
 * confirm deadline, after which the NETCONF devices have settled by themselves (a gNMI
 * pre-image not set back by then is left to the intents' reconciles).
 */
export async function recoverJournal(journal: Journal, conns: Pick<DeviceConnections, 'get' | 'drop'>, onRecovered?: (r: Recovered) => void): Promise<void> {
  for (const entry of await journal.list()) {
    const action = entry.phase === 'decided' ? 'confirm' : 'cancel';
    let left = entry.devices;
    for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
      const still: typeof left = [];
      for (const d of left) {
        const device = d.device as Obj;
        if (d.withheld) {
          still.push(d);
          continue;
        }
        try {
          await (await conns.get(device)).driver.resume(d.recovery, action);
        } catch {
          conns.drop(device);
          still.push(d);
        }
      }
      left = still;
      if (left.every((d) => d.withheld) || Date.now() > entry.expiresAt) break;
      await sleep(delay);
    }
    await journal.done(entry.id).catch(() => undefined);
    const names = (ds: JournalDevice[]) => ds.map((d) => d.device.metadata.name);
    onRecovered?.({ id: entry.id, action, devices: names(entry.devices), unreached: names(left.filter((d) => !d.withheld)), withheld: names(left.filter((d) => d.withheld)) });
  }
}
