// A CRD's structural openAPIV3Schema applied to an object without an API server: the checks
// that decide whether a CNI's CRD takes netintent's objects (unknown fields, required fields,
// types, enums, patterns, lengths). Not a full validator: no CEL, no defaults, no formats; the
// integration test (test/integration/egress-crds.test.ts) runs the real API server.
import type { KubernetesObject } from '@kubernetes/client-node';

export interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

type CRD = KubernetesObject & {
  spec: { names: { kind: string }; group: string; versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
};

/** The schema of `apiVersion`/`kind` among the CRDs, or undefined when none serves it. */
export function schemaFor(crds: KubernetesObject[], apiVersion: string, kind: string): Schema | undefined {
  for (const crd of crds as CRD[]) {
    if (crd.kind !== 'CustomResourceDefinition' || crd.spec.names.kind !== kind) continue;
    const version = crd.spec.versions.find((v) => `${crd.spec.group}/${v.name}` === apiVersion);
    if (version) return version.schema.openAPIV3Schema;
  }
  return undefined;
}

const typeOf = (v: unknown) =>
  Array.isArray(v) ? 'array' : v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v === 'number' ? 'number' : typeof v;

/** Every violation, as `path: what`, in the API server's path style (`.spec.rules[0]`). */
export function violations(schema: Schema, value: unknown, path = ''): string[] {
  const at = path || '.';
  const t = typeOf(value);
  const numberOk = schema.type === 'number' && t === 'integer';
  if (schema.type && schema.type !== t && !numberOk) return [`${at}: expected ${schema.type}, got ${t}`];
  const out: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) out.push(`${at}: does not match the pattern`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => out.push(...violations(schema.items!, v, `${path}[${i}]`)));
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (obj[r] === undefined) out.push(`${path}.${r}: Required value`);
    for (const [k, v] of Object.entries(obj)) {
      const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      const prop = schema.properties?.[k] ?? extra;
      if (prop) out.push(...violations(prop, v, `${path}.${k}`));
      else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true)
        out.push(`${path}.${k}: field not declared in schema`);
    }
  }
  return out;
}
