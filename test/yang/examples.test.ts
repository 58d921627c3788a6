// Everything in examples/ renders, and every device document passes yanglint; the seed's
// ENC pair lands in one valid <configure> for the device at 172.20.20.200.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { resolve } from '../../adapters/render/resolve.js';
import { validateFiles } from '../../adapters/yang/validate.js';
import { renderDocuments } from '../../cli/commands/render.js';
import { projectRoot } from '../../lab/stack/paths.js';

const examples = loadSources(join(projectRoot(), 'examples'));

describe('examples/', () => {
  const { devices, errors } = resolve(examples);
  const docs = renderDocuments(devices, 'tree');
  const out = mkdtempSync(join(tmpdir(), 'netintent-examples-'));
  for (const d of docs) writeFileSync(join(out, d.file), d.content);

  it('resolves every example', () => expect(errors).toEqual([]));

  it('renders one document per device', () => {
    expect(docs.map((d) => d.file).sort()).toEqual(['leaf1.srlinux.json', 'leaf2.srlinux.json', 'pe1.sros.xml', 'pe2.sros.xml']);
  });

  it.each(['sros', 'srlinux'] as const)('passes yanglint for every %s device', async (platform) => {
    const files = docs.filter((d) => d.device.platform === platform).map((d) => join(out, d.file));
    expect(await validateFiles(platform, files)).toEqual(files.map((file) => ({ file, ok: true, errors: [] })));
  });
});

describe("the seed's ENC manifests", () => {
  const seed = examples.filter((s) => s.object.kind === 'SROSConfig');
  const devices = examples.filter((s) => s.object.kind === 'NetworkDevice' && (s.object as any).spec.address === '172.20.20.200');

  it('render to a valid <configure> for the device at 172.20.20.200', async () => {
    expect(seed.map((s) => s.object.metadata?.name).sort()).toEqual(['customer-1234', 'vpls-01']);
    const { devices: rendered, errors } = resolve([...devices, ...seed]);
    expect(errors).toEqual([]);
    const [doc] = renderDocuments(rendered, 'tree');
    expect(doc!.device.device.spec.address).toBe('172.20.20.200');
    for (const want of [
      '<customer-name>1234</customer-name>',
      '<customer-id>1234</customer-id>',
      '<service-name>vpls-01</service-name>',
      '<service-id>4321</service-id>',
      '<customer>1234</customer>',
      '<admin-state>enable</admin-state>',
    ]) {
      expect(doc!.content).toContain(want);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'netintent-seed-')), doc!.file);
    writeFileSync(file, doc!.content);
    expect((await validateFiles('sros', [file]))[0]!.ok).toBe(true);
  });
});
