// Reading and applying manifests: server-side apply with field manager `netintent`,
// namespaces created first, CRDs waited on until Established.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { RestClient } from './rest.js';

export const FIELD_MANAGER = 'netintent';

/** Every YAML document in a file, or in the *.yaml / *.yml files of a folder (sorted, not recursive). */
export function loadManifests(path: string): KubernetesObject[] {
  return loadSources(path).map((s) => s.object);
}

/** Like loadManifests, with where each object came from (`file#n`, n counting from 1). */
export function loadSources(path: string): { object: KubernetesObject; origin: string }[] {
  if (!existsSync(path)) throw new Error(`no such file or folder: ${path}`);
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f))
    : [path];
  const out: { object: KubernetesObject; origin: string }[] = [];
  for (const file of files) {
    parseAllDocuments(readFileSync(file, 'utf8')).forEach((doc, i) => {
      const origin = `${file}#${i + 1}`;
      if (doc.errors.length) throw new Error(`${origin}: ${doc.errors[0]?.message}`);
      const obj = doc.toJS() as KubernetesObject | null;
      if (obj === null || obj === undefined) return;
      if (!obj.apiVersion || !obj.kind || !obj.metadata?.name) {
        throw new Error(`${origin}: every document needs apiVersion, kind and metadata.name`);
      }
      out.push({ object: obj, origin });
    });
  }
  return out;
}

/** The API server's own words for a failed request (its Status message), not a stack dump. */
export function apiErrorMessage(e: unknown): string {
  const err = e as { code?: number; body?: unknown; message?: string };
  let body = err.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      /* plain text */
    }
  }
  const msg = (body as { message?: string } | undefined)?.message ?? (typeof body === 'string' ? body : undefined);
  return msg ?? err.message ?? String(e);
}

export function describe(obj: KubernetesObject): string {
  const ns = obj.metadata?.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj.kind} ${ns}${obj.metadata?.name}`;
}

/** Server-side applies each object in order; namespaces they name are created first. */
export async function applyAll(kc: KubeConfig, objects: KubernetesObject[], log: (l: string) => void = () => {}) {
  const client = new RestClient(kc);
  const namespaces = new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => !!n));
  const ordered = [
    ...[...namespaces].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    ...objects,
  ];
  for (const obj of ordered) {
    try {
      await client.apply(obj, FIELD_MANAGER);
      if (!(obj.kind === 'Namespace' && !objects.includes(obj))) log(`applied ${describe(obj)}`);
    } catch (e) {
      throw new Error(`${describe(obj)}: ${apiErrorMessage(e)}`);
    }
  }
}

/** Applies the CRDs and waits until the API server serves each of them. */
export async function installCRDs(kc: KubeConfig, crds: KubernetesObject[], timeoutMs = 60_000) {
  await applyAll(kc, crds);
  const client = new RestClient(kc);
  const deadline = Date.now() + timeoutMs;
  type Cond = { type: string; status: string; message?: string };
  for (const crd of crds) {
    const name = crd.metadata!.name!;
    for (;;) {
      const got = await client.request<{ status?: { conditions?: Cond[] } }>(
        'GET',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      );
      const conds = got.status?.conditions ?? [];
      if (conds.some((c) => c.type === 'Established' && c.status === 'True')) break;
      const bad = conds.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
      if (bad) throw new Error(`CRD ${name}: ${bad.message}`);
      if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
