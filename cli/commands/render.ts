// `netintent render`: what would be pushed, offline. Reads manifests, resolves and
// allocates in memory, renders per device, and with --validate judges each device's whole
// datastore (its base config + the rendered change) with full YANG validation before
// anything is written.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { renderDocuments, type Format, type Rendered } from '../../adapters/render/documents.js';
import { resolve, type Source } from '../../adapters/render/resolve.js';
import { ConflictError } from '../../adapters/yang/tree.js';
import { validateDatastores } from '../../adapters/yang/validate.js';
import { loadPlatformSchema } from '../../adapters/yang/schema-index.js';
import type { Platform } from '../../adapters/yang/models.js';
import { startupDatastore, underlayDatastore } from '../../lab/underlay-datastore.js';
import { devicesOf } from '../../lab/startup-configs.js';

/**
 * Judges every document: base (files in `baseDir`, else the underlay netintent expects)
 * merged with the rendered change. Returns one line per document, errors indented below.
 */
async function judge(docs: Rendered[], sources: Source[], baseDir?: string): Promise<{ bad: number; report: string[] }> {
  const peers = devicesOf(sources);
  const checks = await Promise.all(
    docs.map(async (d) => {
      const device = { name: d.device.device.name, spec: d.device.device.spec };
      const base = baseDir ? await startupDatastore(baseDir, device) : await underlayDatastore(device, peers);
      return { name: d.file, platform: d.device.platform, base, change: d.tree };
    }),
  );
  const verdicts = await validateDatastores(checks);
  return {
    bad: verdicts.filter((v) => !v.ok).length,
    report: verdicts.map((v) => `${v.ok ? 'valid  ' : 'INVALID'} ${v.file}${v.ok ? '' : '\n  ' + v.errors.join('\n  ')}`),
  };
}

export function renderCommand(): Command {
  return new Command('render')
    .description('Render what netintent would push to each device, from manifests, without a cluster.')
    .requiredOption('-f, --filename <path...>', 'manifest files or folders (multi-document YAML)')
    .option('-o, --out <dir>', 'write one file per device here instead of printing')
    .addOption(
      new Option('--format <format>', 'tree: the device document (SR OS <configure> XML / SR Linux JSON_IETF); netconf: the <edit-config> RPC; gnmi: the SetRequest (gnmic --request-file)')
        .choices(['tree', 'netconf', 'gnmi'])
        .default('tree'),
    )
    .option('--validate', "judge each device's whole datastore (base + rendered change) with yanglint -t config before writing anything")
    .option('--base-config <dir>', 'base datastores for --validate: <device>.partial.cfg (SR OS) / <device>.cli (SR Linux); default: the underlay netintent expects')
    .action(async (o: { filename: string[]; out?: string; format: Format; validate?: boolean; baseConfig?: string }) => {
      const sources = o.filename.flatMap((f) => loadSources(f));
      // ENC objects are checked against their platform's YANG schema (spec.path and every property).
      const encPlatforms = new Set<Platform>();
      for (const s of sources) {
        if (s.object.kind === 'SROSConfig') encPlatforms.add('sros');
        if (s.object.kind === 'SRLinuxConfig') encPlatforms.add('srlinux');
      }
      const schemas = Object.fromEntries(await Promise.all([...encPlatforms].map(async (p) => [p, await loadPlatformSchema(p)] as const)));
      const { devices, errors } = resolve(sources, undefined, { schemas });
      if (errors.length) {
        for (const e of errors) process.stderr.write(`INVALID ${e.origin}: ${e.object}: ${e.field ? `${e.field}: ` : ''}${e.message}\n`);
        throw new Error(`${errors.length} invalid object(s) or error(s); nothing rendered`);
      }
      let docs: Rendered[];
      try {
        docs = renderDocuments(devices, o.format);
      } catch (e) {
        if (e instanceof ConflictError) throw new Error(`conflicting intents: ${e.message}`);
        throw e;
      }
      if (o.baseConfig && !o.validate) throw new Error('--base-config is the base of --validate: use them together');
      if (o.validate) {
        const { bad, report } = await judge(docs, sources, o.baseConfig);
        process.stderr.write(report.join('\n') + '\n');
        if (bad) throw new Error(`${bad} device datastore(s) rejected by yanglint; nothing written`);
      }
      if (o.out) {
        mkdirSync(o.out, { recursive: true });
        for (const d of docs) writeFileSync(join(o.out, d.file), d.content);
        process.stderr.write(`wrote ${docs.length} file(s) to ${o.out}\n`);
      } else {
        for (const d of docs) {
          const s = d.device.device.spec;
          process.stdout.write(`# ${d.file} — ${d.device.device.name} (${s.platform}, ${s.address})\n${d.content}`);
        }
      }
    });
}
