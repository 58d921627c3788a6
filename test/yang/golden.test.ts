// Golden files per kind × platform × encoding: renderer output is compared byte for byte
// with test/golden/<case>/<format>/, and every device document is judged by yanglint.
// UPDATE_GOLDEN=1 rewrites the expected files (review the diff before committing).
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { resolve } from '../../adapters/render/resolve.js';
import { validateFiles } from '../../adapters/yang/validate.js';
import { renderDocuments } from '../../cli/commands/render.js';
import { projectRoot } from '../../lab/stack/paths.js';

const dir = join(projectRoot(), 'test', 'golden');
const cases = readdirSync(dir).filter((c) => statSync(join(dir, c)).isDirectory()).sort();
const update = process.env.UPDATE_GOLDEN === '1';
const formats = ['tree', 'netconf', 'gnmi'] as const;

describe.each(cases)('golden %s', (name) => {
  const sources = [...loadSources(join(dir, 'devices.yaml')), ...loadSources(join(dir, name, 'input.yaml'))];
  const { devices, errors } = resolve(sources);

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

describe('yanglint', () => {
  it.each(['sros', 'srlinux'] as const)('accepts every %s golden document', async (platform) => {
    const trees = cases.flatMap((c) => readdirSync(join(dir, c, 'tree')).map((f) => join(dir, c, 'tree', f)));
    const files = trees.filter((f) => f.endsWith(platform === 'sros' ? '.sros.xml' : '.srlinux.json'));
    expect(files.length).toBeGreaterThanOrEqual(platform === 'sros' ? 10 : 6);
    const bad = (await validateFiles(platform, files)).filter((v) => !v.ok);
    expect(bad).toEqual([]);
  });

  it('accepts the <configure> of every NETCONF golden, nc:operation attributes included', async () => {
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
    expect((await validateFiles('sros', files, { editOperations: true })).filter((v) => !v.ok)).toEqual([]);
  });
});
