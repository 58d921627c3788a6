// Everything in examples/ renders, and every device's whole datastore — the underlay
// netintent expects (lab/underlay.ts) + the rendered document — passes full validation;
// the seed's ENC pair lands in one valid <configure> for the device at 172.20.20.200.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { renderDocuments, type Rendered } from '../../adapters/render/documents.js';
import { resolve } from '../../adapters/render/resolve.js';
import { validateDatastores } from '../../adapters/yang/validate.js';
import { projectRoot } from '../../adapters/paths.js';
import { devicesOf } from '../../lab/startup-configs.js';
import { underlayDatastore } from '../../lab/underlay-datastore.js';

const examples = loadSources(join(projectRoot(), 'examples'));
const networkDevices = devicesOf(loadSources(join(projectRoot(), 'examples', '00-devices.yaml')));

/** Full validation of each document over its device's underlay. */
async function judge(docs: Rendered[]) {
  const checks = await Promise.all(
    docs.map(async (d) => {
      const device = networkDevices.find((n) => n.name === d.device.device.name)!;
      return { name: d.file, platform: d.device.platform, base: await underlayDatastore(device, networkDevices), change: d.tree };
    }),
  );
  return validateDatastores(checks);
}

describe('examples/', () => {
  const { devices, errors } = resolve(examples);
  const docs = renderDocuments(devices, 'tree');

  it('resolves every example', () => expect(errors).toEqual([]));

  it('renders one document per device', () => {
    expect(docs.map((d) => d.file).sort()).toEqual(['leaf1.srlinux.json', 'leaf2.srlinux.json', 'pe1.sros.xml', 'pe2.sros.xml']);
  });

  it.each(['sros', 'srlinux'] as const)("passes full validation of every %s device's datastore", async (platform) => {
    const mine = docs.filter((d) => d.device.platform === platform);
    expect(await judge(mine)).toEqual(mine.map((d) => ({ file: d.file, ok: true, errors: [] })));
  }, 60_000);
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
    expect((await judge([doc!]))[0]).toEqual({ file: doc!.file, ok: true, errors: [] });
  }, 60_000);
});
