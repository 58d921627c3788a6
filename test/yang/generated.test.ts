// Generated input: 1,000 random valid intents over 60 devices (seeded, reproducible).
// Every payload — one intent on one device, merged over that device's underlay
// (lab/underlay.ts) as its own whole datastore — must pass full validation.
import { describe, expect, it } from '@jest/globals';
import { networkDeviceSpec } from '../../apis/networkdevice.js';
import { resolve } from '../../adapters/render/resolve.js';
import type { Platform } from '../../adapters/yang/models.js';
import { assemble, type YObject } from '../../adapters/yang/tree.js';
import { validateDatastores, type DatastoreCheck } from '../../adapters/yang/validate.js';
import { synthInventory } from '../../bench/synth.js';
import { underlayDatastore } from '../../lab/underlay-datastore.js';
import type { UnderlayDevice } from '../../lab/underlay.js';

const INTENTS = 1000;
const SEED = Number(process.env.NETINTENT_SEED ?? 20261121);

describe(`${INTENTS} generated intents (seed ${SEED})`, () => {
  const sources = synthInventory({ devices: 60, intents: INTENTS, seed: SEED });
  const { devices, errors } = resolve(sources);
  const networkDevices: UnderlayDevice[] = sources
    .filter((s) => s.object.kind === 'NetworkDevice')
    .map((s) => ({ name: s.object.metadata!.name!, spec: networkDeviceSpec.parse((s.object as { spec: unknown }).spec) }));

  it('resolves every generated intent', () => {
    const intents = sources.filter((s) => s.object.kind !== 'NetworkDevice').length;
    expect(intents).toBeGreaterThanOrEqual(INTENTS * 0.95); // L3VPNs without 3 spare VRFs are skipped
    expect(errors).toEqual([]);
  });

  it.each(['sros', 'srlinux'] as const)("every %s payload passes full validation over its device's underlay", async (platform: Platform) => {
    const bases = new Map<string, Promise<YObject>>();
    const checks: DatastoreCheck[] = [];
    for (const d of devices.filter((x) => x.platform === platform)) {
      const device = networkDevices.find((n) => n.name === d.device.name)!;
      if (!bases.has(device.name)) bases.set(device.name, underlayDatastore(device, networkDevices));
      const base = await bases.get(device.name)!;
      d.fragments.forEach((f, i) => checks.push({ name: `${d.device.name}-${i}`, platform, base, change: assemble(platform, [f.fragment]) }));
    }
    expect(checks.length).toBeGreaterThan(300);
    const bad = (await validateDatastores(checks)).filter((v) => !v.ok);
    expect(bad).toEqual([]);
  }, 300_000);
});
