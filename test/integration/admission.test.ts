// Admission on the real kube-apiserver: the generated CRDs install, the examples and the
// seed's ENC manifests are accepted as written, and bad input is refused naming its field.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { CustomObjectsApi, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { KINDS } from '../../apis/index.js';
import { crdFor } from '../../apis/crd.js';
import { apiErrorMessage, applyAll, installCRDs, loadManifests } from '../../adapters/k8s/manifests.js';
import { projectRoot } from '../../adapters/paths.js';
import { broken, immutableCases, invalidCases, valid, type ValidKey } from '../fixtures/valid.js';
import { freshNamespace, kubectl, testKubeConfig } from './kube.js';

let kc: KubeConfig;
let objects: KubernetesObjectApi;
let ns: string;

beforeAll(async () => {
  kc = testKubeConfig();
  await installCRDs(kc, KINDS.map((k) => crdFor(k) as unknown as KubernetesObject));
  objects = KubernetesObjectApi.makeApiClient(kc);
  ns = await freshNamespace(kc, 'admission');
});

/** Creates `obj`; resolves with the API server's refusal message, or undefined when accepted. */
async function refusal(create: () => Promise<unknown>): Promise<{ code?: number; message: string } | undefined> {
  try {
    await create();
    return undefined;
  } catch (e) {
    return { code: (e as { code?: number }).code, message: apiErrorMessage(e) };
  }
}

describe('examples/', () => {
  const examples = loadManifests(join(projectRoot(), 'examples'));
  beforeAll(() => applyAll(kc, examples));

  it('applies every manifest unchanged and reads each back', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    for (const o of examples) {
      const got = await objects.read({ apiVersion: o.apiVersion!, kind: o.kind!, metadata: { name: o.metadata!.name!, namespace: o.metadata!.namespace ?? 'default' } });
      expect(got.metadata?.uid).toBeTruthy();
    }
  });

  it("keeps the seed's SROSConfig properties and depends_on annotation as written", async () => {
    const seed = examples.find((o) => o.metadata?.name === 'vpls-01') as KubernetesObject & { spec: unknown };
    const got = (await objects.read({ apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', metadata: { name: 'vpls-01', namespace: 'default' } })) as KubernetesObject & { spec: unknown };
    expect(got.spec).toEqual(seed.spec);
    expect(got.spec).toMatchObject({ properties: { 'service-id': 4321, customer: '1234', 'service-name': 'vpls-01' } });
    expect(JSON.parse(got.metadata!.annotations!['nwi.enc.nokia.com/depends_on']!)).toEqual([
      { apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', name: 'customer-1234', namespace: 'enc-nwi-system' },
    ]);
  });

  it('lists every kind under `kubectl get netintent`', () => {
    const names = kubectl('get', 'netintent', '-A', '-o', 'name').split('\n');
    for (const want of ['networkdevice.netintent.dev/pe1', 'vrf.netintent.dev/blue', 'l3vpn.netintent.dev/blue',
      'vpls.netintent.dev/green', 'srv6policy.netintent.dev/pe1-to-pe2-gold',
      'srosconfig.nwi.enc.nokia.com/vpls-01', 'srosconfig.nwi.enc.nokia.com/customer-1234']) {
      expect(names).toContain(want);
    }
  });
});

describe('valid manifests', () => {
  it.each(Object.keys(valid) as ValidKey[])('accepts %s', async (key) => {
    const m = valid[key]();
    m.metadata.namespace = ns;
    expect(await refusal(() => objects.create(m))).toBeUndefined();
  });

  it('fills defaults at admission', async () => {
    const m = valid.vrf();
    m.metadata = { name: 'defaults', namespace: ns };
    await objects.create(m);
    const got = (await objects.read(m)) as KubernetesObject & { spec: { customer: string } };
    expect(got.spec.customer).toBe('1');
  });

  it('shows status through the printer columns', async () => {
    const m = valid.vrf();
    m.metadata = { name: 'columns', namespace: ns };
    await objects.create(m);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const key = { group: 'netintent.dev', version: 'v1alpha1', namespace: ns, plural: 'vrfs', name: 'columns' };
    const cur = (await custom.getNamespacedCustomObject(key)) as Record<string, unknown>;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const cond = (type: string) => ({ type, status: 'True', reason: 'Synced', message: 'ok', lastTransitionTime: now, observedGeneration: 1 });
    await custom.replaceNamespacedCustomObjectStatus({
      ...key,
      body: { ...cur, status: { conditions: [cond('Ready'), cond('Synced')], deviceSummary: '2/2', routeDistinguishers: [{ device: 'pe9', rd: '65000:500' }], serviceId: 500 } },
    });
    const [header, row] = kubectl('get', 'vrf', 'columns', '-n', ns).trim().split('\n');
    expect(header!.split(/\s+/)).toEqual(['NAME', 'READY', 'SYNCED', 'DEVICES', 'RD', 'SERVICE-ID', 'AGE']);
    expect(row!.split(/\s+/).slice(0, 6)).toEqual(['columns', 'True', 'True', '2/2', '65000:500', '500']);
  });
});

describe('invalid manifests are refused, naming the field', () => {
  it('has at least 25 cases', () => expect(invalidCases.length).toBeGreaterThanOrEqual(25));

  it.each(invalidCases)('$name → $field', async (c) => {
    const m = broken(c, ns);
    m.metadata.name = `bad-${invalidCases.indexOf(c)}`;
    const r = await refusal(() => objects.create(m));
    expect(r).toBeDefined();
    expect(r!.code).toBe(422);
    expect(r!.message).toContain(`${c.field}:`);
  });
});

describe('set-once fields', () => {
  it.each(immutableCases)('$name is refused', async (c) => {
    const m = valid[c.base]();
    m.metadata = { name: `imm-${immutableCases.indexOf(c)}`, namespace: ns };
    await objects.create(m);
    const cur = (await objects.read(m)) as typeof m;
    c.mutate(cur.spec);
    const r = await refusal(() => objects.replace(cur));
    expect(r).toBeDefined();
    expect(r!.code).toBe(422);
    expect(r!.message).toContain(`${c.field}:`);
    expect(r!.message).toContain('immutable once set');
  });

  it('may still be set when it was empty', async () => {
    const m = valid.vrf();
    m.metadata = { name: 'late-rd', namespace: ns };
    delete m.spec.routeDistinguisher;
    await objects.create(m);
    const cur = (await objects.read(m)) as typeof m;
    cur.spec.routeDistinguisher = '65000:777';
    expect(await refusal(() => objects.replace(cur))).toBeUndefined();
  });
});
