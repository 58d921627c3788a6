// `netintent render`: what would be pushed, offline. Reads manifests, resolves and
// allocates in memory, renders per device, optionally checks every document with yanglint.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { deviceDocument } from '../../adapters/render/render.js';
import { resolve, type DeviceRender } from '../../adapters/render/resolve.js';
import { setRequest } from '../../adapters/yang/gnmi-request.js';
import { validateFiles } from '../../adapters/yang/validate.js';
import { configureXml, editConfigRpc } from '../../adapters/yang/xml.js';
import { ConflictError } from '../../adapters/yang/tree.js';

type Format = 'tree' | 'netconf' | 'gnmi';

export interface Rendered {
  device: DeviceRender;
  file: string;
  content: string;
}

/** The documents `render` writes, one per device. */
export function renderDocuments(devices: DeviceRender[], format: Format): Rendered[] {
  return devices.map((d) => {
    const base = d.device.namespace === 'default' ? d.device.name : `${d.device.namespace}.${d.device.name}`;
    const fragments = d.fragments.map((f) => f.fragment);
    if (format === 'netconf' && d.platform === 'sros') {
      return { device: d, file: `${base}.netconf.xml`, content: editConfigRpc(fragments) + '\n' };
    }
    // SR Linux speaks gNMI only: --format netconf gives it its SetRequest.
    if (format !== 'tree') return { device: d, file: `${base}.gnmi.json`, content: JSON.stringify(setRequest(fragments), null, 2) + '\n' };
    const doc = deviceDocument(d.platform, d.fragments);
    return d.platform === 'sros'
      ? { device: d, file: `${base}.sros.xml`, content: configureXml(doc) + '\n' }
      : { device: d, file: `${base}.srlinux.json`, content: JSON.stringify(doc, null, 2) + '\n' };
  });
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
    .option('--validate', 'check every tree document with yanglint against the vendor YANG models')
    .action(async (o: { filename: string[]; out?: string; format: Format; validate?: boolean }) => {
      const sources = o.filename.flatMap((f) => loadSources(f));
      const { devices, errors } = resolve(sources);
      if (errors.length) {
        for (const e of errors) process.stderr.write(`${e.origin}: ${e.object}: ${e.field ? `${e.field}: ` : ''}${e.message}\n`);
        throw new Error(`${errors.length} error(s); nothing rendered`);
      }
      let docs: Rendered[];
      try {
        docs = renderDocuments(devices, o.format);
      } catch (e) {
        if (e instanceof ConflictError) throw new Error(`conflicting intents: ${e.message}`);
        throw e;
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
      if (o.validate) {
        if (o.format !== 'tree') throw new Error('--validate checks tree documents: use it with --format tree');
        if (!o.out) throw new Error('--validate needs --out');
        let bad = 0;
        for (const platform of ['sros', 'srlinux'] as const) {
          const files = docs.filter((d) => d.device.platform === platform).map((d) => join(o.out!, d.file));
          for (const v of await validateFiles(platform, files)) {
            if (!v.ok) bad++;
            process.stderr.write(`${v.ok ? 'valid  ' : 'INVALID'} ${v.file}${v.ok ? '' : '\n  ' + v.errors.join('\n  ')}\n`);
          }
        }
        if (bad) throw new Error(`${bad} document(s) rejected by yanglint`);
      }
    });
}
