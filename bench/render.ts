// npm run bench:render — renders a large synthetic inventory and prints payloads/s and
// peak RSS. A payload is one intent's fragment for one device, encoded for the wire that
// device speaks (NETCONF <edit-config> XML for SR OS, gNMI SetRequest JSON for SR Linux).
// Target on a 2-core machine: >= 20,000 payloads/s.
import { deviceDocument } from '../adapters/render/render.js';
import { resolve } from '../adapters/render/resolve.js';
import { setRequest } from '../adapters/yang/gnmi-request.js';
import { configureXml, editConfigXml } from '../adapters/yang/xml.js';
import { synthInventory } from './synth.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const devices = Number(args.get('devices') ?? 500);
const intents = Number(args.get('intents') ?? 10_000);
const runs = Number(args.get('runs') ?? 5);

const sources = synthInventory({ devices, intents, seed: 42 });
console.log(`inventory: ${devices} devices, ${intents} intents (seeded)`);

const results: { payloads: number; ms: number; docMs: number; bytes: number }[] = [];
for (let run = 0; run < runs; run++) {
  const t0 = performance.now();
  const { devices: rendered, errors } = resolve(sources);
  if (errors.length) throw new Error(`synthetic inventory did not resolve: ${errors[0]!.message}`);
  let payloads = 0;
  let bytes = 0;
  for (const d of rendered) {
    for (const f of d.fragments) {
      const wire = d.platform === 'sros' ? editConfigXml([f.fragment]) : JSON.stringify(setRequest([f.fragment]));
      bytes += wire.length;
      payloads++;
    }
  }
  const t1 = performance.now();
  for (const d of rendered) {
    const doc = deviceDocument(d.platform, d.fragments);
    bytes += (d.platform === 'sros' ? configureXml(doc) : JSON.stringify(doc)).length;
  }
  const t2 = performance.now();
  results.push({ payloads, ms: t1 - t0, docMs: t2 - t1, bytes });
  console.log(
    `run ${run + 1}: ${payloads} payloads in ${(t1 - t0).toFixed(0)} ms ` +
      `(${Math.round(payloads / ((t1 - t0) / 1000))} payloads/s, resolve + allocate + render + encode); ` +
      `${rendered.length} device documents in ${(t2 - t1).toFixed(0)} ms`,
  );
}
const rates = results.map((r) => r.payloads / (r.ms / 1000)).sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`payloads/s: best ${Math.round(rates.at(-1)!)}, median ${Math.round(median)} (target 20000); ${(results[0]!.bytes / 1e6).toFixed(1)} MB encoded per run`);
console.log(`peak RSS: ${rss.toFixed(0)} MiB`);
