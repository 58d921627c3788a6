// Generated input: 1,000 random valid intents over 60 devices (seeded, reproducible).
// Every payload — one intent on one device, as its own document — must pass yanglint.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolve } from '../../adapters/render/resolve.js';
import { assemble } from '../../adapters/yang/tree.js';
import { validateFiles } from '../../adapters/yang/validate.js';
import { configureXml } from '../../adapters/yang/xml.js';
import { synthInventory } from '../../bench/synth.js';

const INTENTS = 1000;
const SEED = Number(process.env.NETINTENT_SEED ?? 20261121);

describe(`${INTENTS} generated intents (seed ${SEED})`, () => {
  const sources = synthInventory({ devices: 60, intents: INTENTS, seed: SEED });
  const { devices, errors } = resolve(sources);
  const dir = mkdtempSync(join(tmpdir(), 'netintent-generated-'));
  const files = { sros: [] as string[], srlinux: [] as string[] };
  for (const d of devices) {
    d.fragments.forEach((f, i) => {
      const doc = assemble(d.platform, [f.fragment]);
      const file = join(dir, `${d.device.name}-${i}.${d.platform === 'sros' ? 'xml' : 'json'}`);
      writeFileSync(file, d.platform === 'sros' ? configureXml(doc) : JSON.stringify(doc));
      files[d.platform].push(file);
    });
  }

  it('resolves every generated intent', () => {
    const intents = sources.filter((s) => s.object.kind !== 'NetworkDevice').length;
    expect(intents).toBeGreaterThanOrEqual(INTENTS * 0.95); // L3VPNs without 3 spare VRFs are skipped
    expect(errors).toEqual([]);
  });

  it.each(['sros', 'srlinux'] as const)('every %s payload passes yanglint', async (platform) => {
    expect(files[platform].length).toBeGreaterThan(300);
    const bad = (await validateFiles(platform, files[platform])).filter((v) => !v.ok);
    expect(bad).toEqual([]);
  }, 120_000);
});
