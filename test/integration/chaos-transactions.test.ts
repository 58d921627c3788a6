// All or nothing across two SR OS PEs, with `netintent controller` as a real process that
// is SIGKILLed at each step of a transaction (issue 12, item 2): after prepare, after the
// commit on one device, after the commits on all, and between two confirms. The kill is
// timed by the simulators themselves (faults.beforeRpc: the process dies the moment a given
// RPC reaches a PE, and that RPC is lost). After the confirm timeout every PE holds the
// whole VRF or none of it; after a restart the controller converges, and the simulators'
// commit counters show no duplicate commit. Then the repro (pe1 hangs and drops
// mid-transaction while pe2 is slow), a confirm lost on the second PE after the first
// confirmed (the first gets its pre-image back, exactly), and a rejection, each with a
// truthful status.devices.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { NetconfDriver } from '../../devices/drivers/netconf-driver.js';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { NetconfSession } from '../../adapters/netconf/session.js';
import { removalOf } from '../../adapters/yang/tree.js';
import { resolve } from '../../adapters/render/resolve.js';
import { SrosSimulator } from '../../lab/sim/sros/server.js';
import { projectRoot } from '../../adapters/paths.js';
import { Lab, sleep, waitFor } from './controller-lab.js';

const CONFIRM_TIMEOUT = 8; // seconds: --confirm-timeout
let lab: Lab;
let proc: ChildProcess | undefined;
let logs = '';
const journalDir = mkdtempSync(join(tmpdir(), 'netintent-journal-'));
const sim = (n: 'pe1' | 'pe2') => lab.sros.get(n)!;
const holds = (n: 'pe1' | 'pe2', vrf: string) => sim(n).runningXml().includes(`<description>tenant ${vrf}</description>`);
const held = (vrf: string) => ({ pe1: holds('pe1', vrf), pe2: holds('pe2', vrf) });
const commits = () => ({ pe1: sim('pe1').commits, pe2: sim('pe2').commits });
const since = (before: { pe1: number; pe2: number }) => ({ pe1: sim('pe1').commits - before.pe1, pe2: sim('pe2').commits - before.pe2 });
const journalEntries = () => {
  const dir = join(journalDir, `${lab.ns}-system`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { phase: string; devices: { recovery: unknown }[] });
};

let vrfs = 0;
/** A VRF on pe1+pe2, on a VLAN and subnet of its own (two VRFs on one port and VLAN would conflict). */
const vrf = (name: string, n = ++vrfs) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name },
    spec: { description: `tenant ${name}`, endpoints: ['pe1', 'pe2'].map((device, i) => ({ device, port: '1/1/c3/1', vlan: 600 + n, ipv4: `10.${60 + i}.${n}.1/24` })) },
  }) as KubernetesObject;

function startController() {
  const args = [join(projectRoot(), 'dist', 'cli', 'main.js'), 'controller', '--kubeconfig', process.env.KUBECONFIG!, '--namespace', `${lab.ns}-system`,
    '--watch-namespace', lab.ns, '--no-leader-elect', '--resync', '4', '--metrics-addr', 'off', '--confirm-timeout', String(CONFIRM_TIMEOUT),
    '--device-timeout', '5', '--journal-dir', journalDir];
  const p = spawn('node', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  p.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
  proc = p;
  return p;
}

const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

/**
 * SIGKILLs the controller the moment an RPC for which `at[pe]` is true reaches that PE; that
 * RPC and every later one of the dead process are lost.
 */
function killAt(at: Partial<Record<'pe1' | 'pe2', (xml: string) => boolean>>) {
  const state = { killed: false };
  const victim = proc!;
  for (const n of ['pe1', 'pe2'] as const) {
    sim(n).faults.beforeRpc = (xml) => {
      if (state.killed) return 'drop';
      if (!at[n]?.(xml)) return undefined;
      state.killed = true;
      victim.kill('SIGKILL');
      return 'drop';
    };
  }
  return state;
}
const confirmedCommit = (xml: string) => /<commit[\s>]/.test(xml) && xml.includes('<confirmed');
const confirmingCommit = (xml: string) => /<commit[\s>]/.test(xml) && xml.includes('<persist-id>') && !xml.includes('<confirmed');

async function crash(at: Parameters<typeof killAt>[0]) {
  const state = killAt(at);
  try {
    await waitFor('the controller killed mid-transaction', () => state.killed, 60_000);
    await exited(proc!);
  } finally {
    for (const n of ['pe1', 'pe2'] as const) sim(n).faults.beforeRpc = undefined;
  }
}

/** Restarts the controller and waits for `name` to converge; then no commit may follow. */
async function restartAndConverge(name: string) {
  startController();
  await lab.waitCondition('VRF', name, 'Ready', 'True', undefined, 60_000);
  expect(held(name)).toEqual({ pe1: true, pe2: true });
  const after = commits();
  await sleep(5000); // more than a resync: a duplicate commit would show here
  expect(since(after)).toEqual({ pe1: 0, pe2: 0 });
  expect(journalEntries()).toEqual([]);
}

/** A running controller (an earlier test may have left it killed). */
function ensureController() {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) startController();
}

async function stopController() {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGKILL');
  await exited(proc);
}

beforeAll(async () => {
  lab = await Lab.create('chaostx');
  await Promise.all([lab.startSros('pe1'), lab.startSros('pe2')]);
  await lab.apply(lab.devices());
  startController();
  for (const d of ['pe1', 'pe2']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterEach(() => {
  for (const s of lab?.sros.values() ?? []) Object.assign(s.faults, { latencyMs: 0, hang: false, beforeRpc: undefined, rejectCommits: undefined });
});

afterAll(async () => {
  await stopController();
  await lab?.stop();
});

const dumpLogsOnFailure = async (fn: () => Promise<void>) => {
  try {
    await fn();
  } catch (e) {
    process.stderr.write(`--- controller log ---\n${logs.slice(-20_000)}\n`);
    throw e;
  }
};

describe('controller SIGKILL at each step of a transaction', () => {
  it('after prepare: nothing was committed, the journal says undecided, and a restart commits once', () =>
    dumpLogsOnFailure(async () => {
      const before = commits();
      const kill = crash({ pe1: confirmedCommit, pe2: confirmedCommit });
      await lab.apply([vrf('kprep')]);
      await kill;
      expect(journalEntries().map((e) => e.phase)).toEqual(['prepared']); // durable across the SIGKILL
      expect(held('kprep')).toEqual({ pe1: false, pe2: false });
      expect(since(before)).toEqual({ pe1: 0, pe2: 0 });
      await restartAndConverge('kprep');
      expect(since(before)).toEqual({ pe1: 2, pe2: 2 }); // one confirmed commit + its confirm each
    }), 120_000);

  it('after the commit on one PE: it holds the change until the confirm timeout, then neither does', () =>
    dumpLogsOnFailure(async () => {
      ensureController();
      await waitFor('no transaction in flight', async () => journalEntries().length === 0, 30_000);
      const before = commits();
      sim('pe2').faults.latencyMs = 300; // pe1 commits first
      const kill = crash({ pe2: confirmedCommit });
      await lab.apply([vrf('kone')]);
      await kill;
      sim('pe2').faults.latencyMs = 0;
      expect(held('kone')).toEqual({ pe1: true, pe2: false }); // the half-done state the timeout must undo
      await waitFor('pe1 rolled back by its confirm timeout', () => !holds('pe1', 'kone'), (CONFIRM_TIMEOUT + 5) * 1000);
      expect(held('kone')).toEqual({ pe1: false, pe2: false });
      await restartAndConverge('kone');
      expect(since(before)).toEqual({ pe1: 3, pe2: 2 });
    }), 120_000);

  it('after the commits on all PEs (decided, none confirmed): none holds it after the timeout; a restart commits once', () =>
    dumpLogsOnFailure(async () => {
      ensureController();
      await waitFor('no transaction in flight', async () => journalEntries().length === 0, 30_000);
      const before = commits();
      const kill = crash({ pe1: confirmingCommit, pe2: confirmingCommit });
      await lab.apply([vrf('kall')]);
      await kill;
      expect(journalEntries().map((e) => e.phase)).toEqual(['decided']);
      expect(held('kall')).toEqual({ pe1: true, pe2: true });
      await sleep((CONFIRM_TIMEOUT + 2) * 1000);
      expect(held('kall')).toEqual({ pe1: false, pe2: false });
      await restartAndConverge('kall');
      expect(since(before)).toEqual({ pe1: 3, pe2: 3 });
    }), 120_000);

  it('between two confirms: a restart within the timeout confirms the other PE with its persist-id, and commits nothing more', () =>
    dumpLogsOnFailure(async () => {
      ensureController();
      await waitFor('no transaction in flight', async () => journalEntries().length === 0, 30_000);
      const before = commits();
      sim('pe2').faults.latencyMs = 300; // pe2 prepares last, so it confirms second
      const kill = crash({ pe2: confirmingCommit });
      await lab.apply([vrf('kmid')]);
      await kill;
      const killedAt = Date.now();
      sim('pe2').faults.latencyMs = 0;
      expect(since(before)).toEqual({ pe1: 2, pe2: 1 }); // pe1 confirmed, pe2 pending: the "pe1=1 pe2=0"
      expect(journalEntries().map((e) => e.phase)).toEqual(['decided']);
      await restartAndConverge('kmid');
      expect(since(before)).toEqual({ pe1: 2, pe2: 2 }); // pe2: the recovery's confirm, nothing else
      await sleep(Math.max(0, killedAt + (CONFIRM_TIMEOUT + 1) * 1000 - Date.now()));
      expect(held('kmid')).toEqual({ pe1: true, pe2: true }); // the old timeout had nothing left to roll back
    }), 120_000);
});

describe('a device lost mid-transaction', () => {
  const devicesOf = async (name: string) =>
    Object.fromEntries(((await lab.get('VRF', name))?.status?.devices as { name: string; state: string; message?: string }[] | undefined ?? []).map((d) => [d.name, d]));

  it('issue repro: pe2 slow, pe1 hangs and drops after committing: pe2 does not keep the VRF, and the status says what each holds', () =>
    dumpLogsOnFailure(async () => {
      ensureController();
      // The 3,000 ms on pe2, where it matters: its confirmed commit. 1 s after pe1 has
      // committed (it shows the VRF), pe1 hangs and drops its connection.
      let pe1HeldWhenHung: boolean | undefined;
      sim('pe2').faults.beforeRpc = (xml) => (confirmedCommit(xml) ? sleep(3000).then(() => undefined) : undefined);
      sim('pe1').faults.beforeRpc = (xml) => {
        if (!confirmedCommit(xml)) return undefined;
        setTimeout(() => {
          pe1HeldWhenHung = holds('pe1', 'repro');
          sim('pe1').faults.hang = true;
          sim('pe1').dropConnections();
        }, 1000);
        return undefined;
      };
      await lab.apply([vrf('repro')]);
      const o = await waitFor('the failure reported', async () => {
        const d = await devicesOf('repro');
        return d.pe2?.state === 'RolledBack' || d.pe2?.state === 'Pending' ? d : undefined;
      }, 90_000);
      expect(pe1HeldWhenHung).toBe(true);
      expect(holds('pe2', 'repro')).toBe(false);
      expect(o.pe2!.state).toBe('RolledBack'); // it held the confirmed commit, and it was cancelled
      expect(['Unknown', 'RolledBack']).toContain(o.pe1!.state); // never "Pending" while it may hold the change
      expect(o.pe1!.message).toBeTruthy();
      for (const n of ['pe1', 'pe2'] as const) Object.assign(sim(n).faults, { hang: false, beforeRpc: undefined });
      await lab.waitCondition('VRF', 'repro', 'Ready', 'True', undefined, 90_000);
      expect(held('repro')).toEqual({ pe1: true, pe2: true });
    }), 180_000);

  it('a confirm lost on pe2 after pe1 confirmed: pe1 gets its pre-image back exactly, pe2 rolls back by its timeout', () =>
    dumpLogsOnFailure(async () => {
      ensureController();
      const pe1Before = sim('pe1').runningXml();
      sim('pe2').faults.latencyMs = 300;
      sim('pe2').faults.beforeRpc = (xml) => {
        if (!confirmingCommit(xml)) return undefined;
        sim('pe2').faults.hang = true; // the confirm and everything after it is lost
        return 'drop';
      };
      await lab.apply([vrf('lost')]);
      const d = await waitFor('the failure reported', async () => {
        const s = await devicesOf('lost');
        return s.pe1?.state === 'RolledBack' ? s : undefined;
      }, 60_000);
      expect(sim('pe1').runningXml()).toBe(pe1Before);
      expect(d.pe2!.state).toBe('Unknown');
      expect(d.pe2!.message).toMatch(/rolls back by itself/);
      await waitFor('pe2 rolled back by its timeout', () => !holds('pe2', 'lost'), (CONFIRM_TIMEOUT + 5) * 1000);
      sim('pe2').faults.beforeRpc = undefined;
      sim('pe2').faults.hang = false;
      sim('pe2').faults.latencyMs = 0;
      await lab.waitCondition('VRF', 'lost', 'Ready', 'True', undefined, 90_000);
      expect(held('lost')).toEqual({ pe1: true, pe2: true });
    }), 180_000);

  it('a rejection on one PE leaves the other clean, and says so', () =>
    dumpLogsOnFailure(async () => {
      ensureController();
      const pe1Before = sim('pe1').runningXml();
      sim('pe2').faults.rejectCommits = 'MINOR: MGMT_CORE #2203: simulated rejection';
      await lab.apply([vrf('rej')]);
      const d = await waitFor('the failure reported', async () => {
        const s = await devicesOf('rej');
        return s.pe2?.state === 'Failed' ? s : undefined;
      }, 60_000);
      expect(d.pe2!.message).toContain('simulated rejection');
      expect(['RolledBack', 'Pending']).toContain(d.pe1!.state);
      await lab.patch('VRF', 'rej', { metadata: { annotations: { 'netintent.dev/paused': 'true' } } });
      await lab.waitCondition('VRF', 'rej', 'Ready', 'False', 'Paused');
      await sleep(1000);
      expect(sim('pe1').runningXml()).toBe(pe1Before);
      expect(held('rej')).toEqual({ pe1: false, pe2: false });
      sim('pe2').faults.rejectCommits = undefined;
    }), 120_000);
});

describe('NetconfDriver phases × SR OS simulator: undo after confirm, and a new session finishing a dead one', () => {
  const { devices } = resolve(loadSources(join(projectRoot(), 'examples')));
  const blue = devices.find((d) => d.device.name === 'pe1')!.fragments.filter((f) => f.owner.kind === 'VRF' && f.owner.name === 'blue').map((f) => f.fragment);
  let device: SrosSimulator;
  /** Non-presence containers left empty are no configuration (RFC 7950 §7.5.1): compare without them. */
  const config = () => device.runningXml().replace(/<(service|policy-options)\/>/g, '');
  const connect = async () => new NetconfDriver(await NetconfSession.connect({ host: '127.0.0.1', port: device.port, username: 'admin', password: 'pw', hostKeyFingerprint: device.hostKeyFingerprint }));
  beforeAll(async () => {
    device = await SrosSimulator.start({ username: 'admin', password: 'pw', startupConfig: { file: join(projectRoot(), 'lab', 'topologies', 'configs', 'pe1.partial.cfg') } });
  });
  afterAll(async () => {
    await device?.close();
  });

  it('writes the exact pre-image back when a confirmed change is aborted, for an apply and for a removal', async () => {
    const d = await connect();
    const before = config();
    const p = await d.prepare(blue);
    await p.commit({ confirmTimeoutSec: 30 });
    await p.confirm();
    expect(device.runningXml()).toContain('<service-name>blue</service-name>');
    expect(await p.abort()).toBe('rolledBack');
    expect(config()).toBe(before);

    await d.apply(blue);
    const withBlue = config();
    const r = await d.prepare(blue.map(removalOf));
    await r.commit({ confirmTimeoutSec: 30 });
    await r.confirm();
    expect(device.runningXml()).not.toContain('<service-name>blue</service-name>');
    expect(await r.abort()).toBe('rolledBack');
    expect(config()).toBe(withBlue);
    await d.remove(blue);
    await d.close();
  });

  it('a confirmed commit outlives its session (persist); a new session confirms it with the persist-id, once', async () => {
    const d = await connect();
    const p = await d.prepare(blue);
    await p.commit({ confirmTimeoutSec: 2 });
    await d.close(); // the controller dies here
    const commits = device.commits;
    const next = await connect();
    expect(await next.resume(p.recovery, 'confirm')).toBe(true);
    expect(await next.resume(p.recovery, 'confirm')).toBe(false); // nothing pending any more
    await sleep(2500); // past the old timeout
    expect(device.runningXml()).toContain('<service-name>blue</service-name>');
    expect(device.commits).toBe(commits + 1);
    await next.remove(blue);
    await next.close();
  });

  it('a new session cancels it with the persist-id; an unconfirmed one also rolls back by its timeout', async () => {
    const before = config();
    const d = await connect();
    const p = await d.prepare(blue);
    await p.commit({ confirmTimeoutSec: 30 });
    await d.close();
    expect(device.runningXml()).toContain('<service-name>blue</service-name>');
    const next = await connect();
    expect(await next.resume({ protocol: 'netconf', persistId: 'netintent-not-ours' }, 'cancel')).toBe(false);
    expect(await next.resume(p.recovery, 'cancel')).toBe(true);
    expect(config()).toBe(before);

    const q = await next.prepare(blue);
    await q.commit({ confirmTimeoutSec: 1 });
    await next.close();
    await sleep(1500);
    expect(config()).toBe(before);
  });
});
