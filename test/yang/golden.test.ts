// Golden files per kind × platform × encoding: renderer output is compared byte for byte
// with test/golden/<case>/<format>/, and every device's whole datastore — the underlay
// netintent expects (lab/underlay.ts) + the rendered document — passes full validation.
// UPDATE_GOLDEN=1 rewrites the expected files (review the diff before committing).
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { renderDocuments } from '../../adapters/render/documents.js';
import { resolve } from '../../adapters/render/resolve.js';
import { validateDatastores, validateFiles } from '../../adapters/yang/validate.js';
import { projectRoot } from '../../adapters/paths.js';
import { devicesOf } from '../../lab/startup-configs.js';
import { underlayDatastore } from '../../lab/underlay-datastore.js';

const dir = join(projectRoot(), 'test', 'golden');
const cases = readdirSync(dir).filter((c) => statSync(join(dir, c)).isDirectory()).sort();
const update = process.env.UPDATE_GOLDEN === '1';
const formats = ['tree', 'netconf', 'gnmi'] as const;
// The underlay needs an AS: the lab's 65000 where a golden device leaves asNumber out.
const goldenDevices = devicesOf(loadSources(join(dir, 'devices.yaml'))).map((d) => ({
  ...d,
  spec: { ...d.spec, asNumber: d.spec.asNumber ?? 65000 },
}));

const resolveCase = (name: string) => resolve([...loadSources(join(dir, 'devices.yaml')), ...loadSources(join(dir, name, 'input.yaml'))]);

describe.each(cases)('golden %s', (name) => {
  const { devices, errors } = resolveCase(name);

  it('resolves without errors', () => expect(errors).toEqual([]));

  it.each(formats)('renders %s as expected', (format) => {
    const out = join(dir, name, format);
    const docs = renderDocuments(devices, format);
    if (update) {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      for (const d of docs) writeFileSync(join(out, d.file), d.content);
    }
    expect(existsSync(out)).toBe(true);
    expect(docs.map((d) => d.file).sort()).toEqual(readdirSync(out).sort());
    for (const d of docs) expect(d.content).toEqual(readFileSync(join(out, d.file), 'utf8'));
  });
});

describe('full validation of every golden device datastore (underlay + rendered document)', () => {
  const docs = cases.flatMap((name) => renderDocuments(resolveCase(name).devices, 'tree').map((d) => ({ name: `${name}/${d.file}`, d })));

  it.each(['sros', 'srlinux'] as const)('accepts every %s datastore', async (platform) => {
    const mine = docs.filter((x) => x.d.device.platform === platform);
    expect(mine.length).toBeGreaterThanOrEqual(platform === 'sros' ? 10 : 6);
    const checks = await Promise.all(
      mine.map(async ({ name, d }) => {
        const device = goldenDevices.find((g) => g.name === d.device.device.name)!;
        return { name, platform, base: await underlayDatastore(device, goldenDevices), change: d.tree };
      }),
    );
    const bad = (await validateDatastores(checks)).filter((v) => !v.ok);
    expect(bad).toEqual([]);
  }, 120_000);

  it('parses the <configure> of every NETCONF golden as an edit-config body, nc:operation attributes included', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'netintent-edit-'));
    const files = cases.flatMap((c) =>
      readdirSync(join(dir, c, 'netconf'))
        .filter((f) => f.endsWith('.netconf.xml'))
        .map((f) => {
          const rpc = readFileSync(join(dir, c, 'netconf', f), 'utf8');
          const config = /<config>(.*)<\/config>/s.exec(rpc)![1]!;
          const file = join(tmp, `${c}-${f}`);
          writeFileSync(file, config);
          return file;
        }),
    );
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect((await validateFiles('sros', files, { editOnly: true })).filter((v) => !v.ok)).toEqual([]);
  });
});
