// Drives one fuzz case through what a manifest meets on its way to a router: admission on the
// real API server (server-side dry-run create, strict field validation), then the resolver and
// renderers (with the YANG schemas, as the controller runs them), then the judge: every
// rendered document of the object must stay inside its owner's paths (always checked) and the
// device's whole datastore must pass full YANG validation (yanglint, on a bounded sample).
// The property: each input is refused, naming the field, or renders to such a document.
import { join } from 'node:path';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { KINDS } from '../../apis/index.js';
import { crdFor } from '../../apis/crd.js';
import { installCRDs, loadSources } from '../../adapters/k8s/manifests.js';
import { ApiError, RestClient } from '../../adapters/k8s/rest.js';
import { deviceDocument } from '../../adapters/render/render.js';
import { resolve, type ResolveOptions, type Source } from '../../adapters/render/resolve.js';
import { checkOwnerScope } from '../../adapters/render/scope.js';
import { projectRoot } from '../../adapters/paths.js';
import { loadPlatformSchema } from '../../adapters/yang/schema-index.js';
import { ConflictError, schemaPath } from '../../adapters/yang/tree.js';
import { validateDatastores } from '../../adapters/yang/validate.js';
import { devicesOf } from '../../lab/startup-configs.js';
import { underlayDatastore } from '../../lab/underlay-datastore.js';
import { ENC_BASES, mutate, type Case, type Manifest } from './manifests.js';

export interface World {
  rest: RestClient;
  /** Where dry-run creates go (nothing is stored). */
  namespace: string;
  /** Objects cases start from: every intent of examples/ and the ENC bases. */
  bases: Manifest[];
  /** Everything the resolver sees besides the case's object: examples/ (the object's original left out). */
  sources: Source[];
  schemas: NonNullable<ResolveOptions['schemas']>;
}

export interface Tally {
  ran: number;
  refusedAtAdmission: number;
  refusedByResolver: number;
  /** Rendered, then refused by the judge for a reference the device lacks (see CROSS_REFERENCE). */
  refusedByJudge: number;
  rendered: number;
  judged: number;
}
export const newTally = (): Tally => ({ ran: 0, refusedAtAdmission: 0, refusedByResolver: 0, refusedByJudge: 0, rendered: 0, judged: 0 });

export class PropertyViolation extends Error {}

export async function prepareWorld(kc: KubeConfig): Promise<World> {
  await installCRDs(kc, KINDS.map((k) => crdFor(k) as unknown as KubernetesObject));
  const rest = new RestClient(kc);
  const namespace = `fuzz-${Math.random().toString(36).slice(2, 8)}`;
  await rest.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const sources = loadSources(join(projectRoot(), 'examples'));
  const ours = new Set(KINDS.map((k) => `${k.group}/${k.version}/${k.kind}`));
  const bases = [...sources.map((s) => s.object as Manifest), ...ENC_BASES].filter((o) => ours.has(`${o.apiVersion}/${o.kind}`));
  const [sros, srlinux] = await Promise.all([loadPlatformSchema('sros'), loadPlatformSchema('srlinux')]);
  return { rest, namespace, bases, sources, schemas: { sros, srlinux } };
}

const sameObject = (a: KubernetesObject, b: KubernetesObject) =>
  a.kind === b.kind && a.metadata?.name === b.metadata?.name && (a.metadata?.namespace ?? 'default') === (b.metadata?.namespace ?? 'default');

/** Server-side dry-run create: the stored form (defaults filled) or the API server's refusal. */
export async function admit(w: World, m: Manifest): Promise<{ ok: true; object: Manifest } | { ok: false; code: number; message: string }> {
  const def = KINDS.find((k) => `${k.group}/${k.version}` === m.apiVersion && k.kind === m.kind)!;
  const path = `/apis/${def.group}/${def.version}/namespaces/${w.namespace}/${def.plural}?dryRun=All&fieldValidation=Strict`;
  try {
    const object = await w.rest.request<Manifest>('POST', path, { ...m, metadata: { ...m.metadata, namespace: w.namespace } });
    return { ok: true, object };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/** A refusal names the field: `spec.x: Invalid value`, or a decoding error's `Go struct field ObjectMeta.name`. */
const FIELD = /\b(spec|metadata)(\.|\[|:|\b)|struct field \w+\.\w+/;
/**
 * What only the whole datastore can tell: a reference to something the device lacks (leafref,
 * must, when, unique). The resolver cannot see the device's other config (startup config,
 * other tools), so `render --validate` and the device's commit refuse these, naming the data
 * path; they are refusals, not escapes. Type, pattern and structure errors are escapes.
 */
const CROSS_REFERENCE = /Invalid leafref value|Must condition|When condition|Unique data leaf|instance-required/;
const short = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

export interface DriveOptions {
  /** Run the full-validation judge (yanglint) on this case's devices, if it renders. */
  judge: boolean;
}

/**
 * One case: admission, resolver, judge. Returns where it ended; throws PropertyViolation when
 * a refusal names no field, the resolver crashes, a document leaves its owner's paths, or the
 * judge rejects a rendered datastore.
 */
export async function driveCase(w: World, c: Case, t: Tally, o: DriveOptions): Promise<'admission' | 'resolver' | 'judge' | 'rendered'> {
  t.ran++;
  const base = w.bases[c.base % w.bases.length]!;
  const manifest = mutate(base, c.mutations);
  const admitted = await admit(w, manifest);
  if (!admitted.ok) {
    if (admitted.code >= 500) throw new PropertyViolation(`admission failed with ${admitted.code}: ${short(admitted.message)}`);
    if (!FIELD.test(admitted.message)) throw new PropertyViolation(`admission refused without naming a field: ${short(admitted.message)}`);
    t.refusedAtAdmission++;
    return 'admission';
  }
  const object = { ...admitted.object, metadata: { ...admitted.object.metadata, namespace: base.metadata?.namespace ?? 'default' } } as Manifest;
  const sources = [...w.sources.filter((s) => !sameObject(s.object, base)), { object, origin: 'fuzz' }];
  let r: ReturnType<typeof resolve>;
  try {
    r = resolve(sources, undefined, { schemas: w.schemas });
  } catch (e) {
    throw new PropertyViolation(`the resolver crashed: ${(e as Error).stack ?? e}`);
  }
  if (r.errors.length) {
    const unnamed = r.errors.find((e) => !e.field && e.cause !== 'allocation' && !/spec\.|NetworkDevice|asNumber|systemAddress/.test(e.message));
    if (unnamed) throw new PropertyViolation(`the resolver refused ${unnamed.object} without naming a field: ${short(unnamed.message)}`);
    t.refusedByResolver++;
    return 'resolver';
  }
  // What the object rendered, device by device: inside its paths, and one document with the rest.
  const mine = r.devices.filter((d) => d.fragments.some((f) => f.owner.kind === object.kind && f.owner.name === object.metadata?.name));
  for (const d of mine) {
    for (const f of d.fragments) {
      try {
        checkOwnerScope(f.owner, d.platform, f.fragment);
      } catch (e) {
        throw new PropertyViolation(`${f.owner.kind} ${f.owner.name} on ${d.device.name} left its paths: ${(e as Error).message}`);
      }
    }
  }
  let docs: { name: string; platform: 'sros' | 'srlinux'; device: (typeof mine)[number]['device']; change: ReturnType<typeof deviceDocument> }[];
  try {
    docs = mine.map((d) => ({ name: d.device.name, platform: d.platform, device: d.device, change: deviceDocument(d.platform, d.fragments) }));
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    t.refusedByResolver++; // two intents setting one leaf differently: `render` refuses it, naming both
    return 'resolver';
  }
  t.rendered++;
  if (o.judge && docs.length) {
    const peers = devicesOf(sources);
    let checks;
    try {
      checks = await Promise.all(
        docs.map(async (d) => ({ name: d.name, platform: d.platform, change: d.change, base: await underlayDatastore({ name: d.device.name, spec: d.device.spec }, peers) })),
      );
    } catch {
      return 'rendered'; // the lab's underlay needs what the mutation took (asNumber, systemAddress): no base to judge against
    }
    t.judged++;
    // Errors in what the lab's underlay (the judge's base) holds are the base's, not the object's.
    const written = mine.flatMap((d) => d.fragments.filter((f) => f.owner.kind === object.kind && f.owner.name === object.metadata?.name))
      .flatMap((f) => f.fragment.updates.map((u) => schemaPath(u.path)));
    const ours = (e: string) => {
      const at = /(?:Data|Schema) location "([^"]+)"/.exec(e)?.[1];
      const p = at?.replace(/\[[^\]]*\]/g, '').replace(/\/[\w.-]+:/g, '/');
      return p === undefined || written.some((w) => p === w || p.startsWith(`${w}/`) || w.startsWith(`${p}/`));
    };
    const bad = (await validateDatastores(checks))
      .map((v) => ({ ...v, errors: v.errors.filter(ours) }))
      .filter((v) => !v.ok && v.errors.length);
    if (bad.length && bad.every((v) => v.errors.length && v.errors.every((e) => CROSS_REFERENCE.test(e)))) {
      t.refusedByJudge++;
      return 'judge';
    }
    if (bad.length) throw new PropertyViolation(`the judge rejected ${bad.map((v) => `${v.file}: ${v.errors.slice(0, 3).join(' / ')}`).join('; ')}`);
  }
  return 'rendered';
}

export const describeCase = (w: World, c: Case) => {
  const base = w.bases[c.base % w.bases.length]!;
  return `${base.kind} ${base.metadata?.name} with ${short(JSON.stringify(c.mutations))}`;
};
