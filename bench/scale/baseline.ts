// The naive baseline (issue 14): each intent's payload pushed to each of its devices on its
// own, as an ncclient or Ansible loop does — SR OS: lock candidate, edit-config, commit,
// unlock; SR Linux: one Set — with our own NETCONF and gNMI clients, against the same
// simulators and the same intents. `workers` pushes run at once on different devices (as
// Ansible's forks; 1 is a plain loop); a device takes one push at a time, since a push holds
// its candidate lock. Sessions stay open (a loop that reconnects per push would be slower).
import type { KubernetesObject } from '@kubernetes/client-node';
import { NetconfSession } from '../../adapters/netconf/session.js';
import { GnmiClient } from '../../adapters/gnmi/client.js';
import { resolve } from '../../adapters/render/resolve.js';
import { setRequest } from '../../adapters/yang/gnmi-request.js';
import { editConfigXml } from '../../adapters/yang/xml.js';
import type { Fragment } from '../../adapters/yang/tree.js';
import type { FleetDevice } from './inventory.js';

export interface BaselineResult {
  seconds: number;
  tasks: number;
  failures: number;
  firstFailure?: string;
}

/** `objects`: the NetworkDevices and the intents, as applied to the cluster. */
export async function naivePush(fleet: FleetDevice[], objects: KubernetesObject[], creds: { username: string; password: string; ca: Buffer }, workers: number, log: (s: string) => void): Promise<BaselineResult> {
  const { devices: rendered, errors } = resolve(objects.map((object, i) => ({ object, origin: `scale#${i + 1}` })));
  if (errors.length) throw new Error(`the inventory does not render: ${errors[0]!.object}: ${errors[0]!.message}`);
  // Per device, its tasks in intent order: one per intent that has a fragment there.
  const tasks = new Map<string, Fragment[]>();
  for (const d of rendered) tasks.set(d.device.name, d.fragments.map((f) => f.fragment));
  const byName = new Map(fleet.map((d) => [d.name, d]));
  const total = [...tasks.values()].reduce((n, t) => n + t.length, 0);
  log(`baseline: ${total} pushes (intent × device) over ${tasks.size} devices, ${workers} at a time`);
  let failures = 0;
  let firstFailure: string | undefined;
  const t0 = performance.now();
  const sessions = new Map<string, Promise<Pusher>>();
  const pusher = (name: string) => {
    if (!sessions.has(name)) sessions.set(name, connect(byName.get(name)!, creds));
    return sessions.get(name)!;
  };
  // Devices with pushes left, in turn; each worker takes the next device and pushes one intent to it.
  const ready = [...tasks.keys()];
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, workers) }, async () => {
        for (let name = ready.shift(); name !== undefined; name = ready.shift()) {
          const queue = tasks.get(name)!;
          const f = queue.shift()!;
          const p = await pusher(name);
          try {
            await p.push(f);
          } catch (e) {
            failures++;
            firstFailure ??= `${name}: ${e instanceof Error ? e.message : String(e)}`;
          }
          if (queue.length) ready.push(name);
        }
      }),
    );
  } finally {
    await Promise.all([...sessions.values()].map((s) => s.then((p) => p.close(), () => undefined)));
  }
  return { seconds: (performance.now() - t0) / 1000, tasks: total, failures, ...(firstFailure ? { firstFailure } : {}) };
}

interface Pusher {
  /** One intent's fragment, as a loop pushes it (the simulators count its RPCs). */
  push(f: Fragment): Promise<void>;
  close(): Promise<void>;
}

async function connect(d: FleetDevice, creds: { username: string; password: string; ca: Buffer }): Promise<Pusher> {
  if (d.platform === 'sros') {
    const s = await NetconfSession.connect({ host: '127.0.0.1', port: d.port, username: creds.username, password: creds.password, hostKeyFingerprint: d.hostKeyFingerprint!, timeoutMs: 60_000 });
    return {
      async push(f) {
        await s.lock('candidate');
        try {
          await s.editConfig(editConfigXml([f]));
          await s.commit();
        } catch (e) {
          await s.discardChanges().catch(() => undefined);
          throw e;
        } finally {
          await s.unlock('candidate');
        }
      },
      close: () => s.close(),
    };
  }
  const c = new GnmiClient({ address: `127.0.0.1:${d.port}`, username: creds.username, password: creds.password, ca: creds.ca, serverName: 'localhost', timeoutMs: 60_000 });
  return {
    async push(f) {
      const req = setRequest([f]);
      await c.set({ replace: req.replaces ?? [], update: req.updates ?? [], delete: req.deletes ?? [] });
    },
    close: async () => c.close(),
  };
}
