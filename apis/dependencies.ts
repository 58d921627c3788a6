// Parser for the dependency annotations: netintent's own `netintent.dev/depends-on`
// and the seed deck's `nwi.enc.nokia.com/depends_on`. Both hold a JSON list of
// {apiVersion, kind, name, namespace}. A malformed value is reported, never thrown.
import { z } from 'zod';
import { ANNOTATIONS, objectReference, type ObjectReference } from './common.js';

export interface DependencyRef extends ObjectReference {
  namespace: string;
}

export type DependencyParse =
  | { ok: true; refs: DependencyRef[] }
  | { ok: false; annotation: string; error: string };

const list = z.array(objectReference).max(128);

/**
 * Reads both dependency annotations of an object. References without a namespace
 * resolve to the object's own namespace; duplicates are dropped.
 */
export function parseDependencies(
  annotations: Record<string, string> | undefined,
  ownNamespace: string,
): DependencyParse {
  const refs: DependencyRef[] = [];
  const seen = new Set<string>();
  for (const annotation of [ANNOTATIONS.dependsOn, ANNOTATIONS.encDependsOn]) {
    const raw = annotations?.[annotation];
    if (raw === undefined || raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      return { ok: false, annotation, error: `annotation ${annotation} is not valid JSON: ${(e as Error).message}` };
    }
    const parsed = list.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = (issue?.path ?? []).map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
      return {
        ok: false,
        annotation,
        error: `annotation ${annotation}${at ? ` at ${at}` : ''}: ${issue?.message ?? 'invalid'}; ` +
          'expected a JSON list of {"apiVersion","kind","name","namespace"}',
      };
    }
    for (const ref of parsed.data) {
      const full = { ...ref, namespace: ref.namespace ?? ownNamespace };
      const key = `${full.apiVersion}/${full.kind}/${full.namespace}/${full.name}`;
      if (!seen.has(key)) {
        seen.add(key);
        refs.push(full);
      }
    }
  }
  return { ok: true, refs };
}
