// The generated CRDs: structural, complete, and in agreement with the zod schemas.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { KINDS } from '../../apis/index.js';
import { crdFor } from '../../apis/crd.js';
import { loadManifests } from '../../adapters/k8s/manifests.js';
import { projectRoot } from '../../adapters/paths.js';
import { invalidCases, valid, broken } from '../fixtures/valid.js';

type Node = Record<string, unknown>;
function* walk(node: unknown, path = ''): Generator<[string, Node]> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) yield* walk(v, `${path}[${i}]`);
    return;
  }
  yield [path, node as Node];
  for (const [k, v] of Object.entries(node)) yield* walk(v, `${path}.${k}`);
}

const version = (def: (typeof KINDS)[number]) => (crdFor(def).spec as any).versions[0];

describe.each(KINDS.map((k) => [k.kind, k] as const))('CRD %s', (_kind, def) => {
  const crd = crdFor(def) as any;
  const schema = version(def).schema.openAPIV3Schema;

  it('is namespaced, in category netintent, with short names and the status subresource', () => {
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names.categories).toEqual(['netintent']);
    expect(crd.spec.names.shortNames.length).toBeGreaterThan(0);
    expect(version(def).subresources).toEqual({ status: {} });
  });

  it('prints READY and SYNCED first and AGE last', () => {
    const cols = version(def).additionalPrinterColumns.map((c: { name: string }) => c.name);
    expect(cols.slice(0, 2)).toEqual(['Ready', 'Synced']);
    expect(cols.at(-1)).toBe('Age');
  });

  it('has a structural schema: types everywhere, no additionalProperties beside properties, no refs', () => {
    for (const [path, node] of walk(schema)) {
      if (path.endsWith('.x-kubernetes-validations') || path.includes('.x-kubernetes-validations[')) continue;
      if ('properties' in node && path.split('.').at(-1) !== 'properties') {
        expect(['object', undefined]).toContain(node.type);
        expect(node.additionalProperties).toBeUndefined();
      }
      for (const bad of ['$ref', 'anyOf', 'oneOf', 'allOf', '$schema']) expect(Object.keys(node)).not.toContain(bad);
    }
  });

  it('uses only look-around-free patterns (RE2 and ECMAScript agree)', () => {
    for (const [, node] of walk(schema)) {
      if (typeof node.pattern === 'string') expect(node.pattern).not.toMatch(/\(\?[=!<]|\\\d/);
    }
  });
});

describe('zod and the CRDs agree on the manifests', () => {
  const specOf = new Map(KINDS.map((k) => [`${k.group}/${k.version}/${k.kind}`, k.spec]));

  it('parses every example with its kind’s zod schema', () => {
    const examples = loadManifests(join(projectRoot(), 'examples')).filter((o) => specOf.has(`${o.apiVersion}/${o.kind}`));
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const o of examples) {
      const r = specOf.get(`${o.apiVersion}/${o.kind}`)!.safeParse((o as any).spec);
      expect([o.metadata?.name, r.error?.message]).toEqual([o.metadata?.name, undefined]);
    }
  });

  it('parses the valid fixtures', () => {
    for (const make of Object.values(valid)) {
      const m = make();
      expect(specOf.get(`${m.apiVersion}/${m.kind}`)!.safeParse(m.spec).success).toBe(true);
    }
  });

  it('rejects, in zod too, the invalid cases that need no cross-field rule', () => {
    const fieldLevel = invalidCases.filter((c) => /\.(vlan|ipv4|ipv6|port|sid|serviceId|routeDistinguisher|platform|cni|evi|color|path|switchID|device|sha256Fingerprint)$|\[0\]$/.test(c.field) && !/segments\[0\]$|endpoints\[0\]$/.test(c.field));
    expect(fieldLevel.length).toBeGreaterThanOrEqual(15);
    for (const c of fieldLevel) {
      const m = broken(c, 'x');
      expect([c.name, specOf.get(`${m.apiVersion}/${m.kind}`)!.safeParse(m.spec).success]).toEqual([c.name, false]);
    }
  });
});
