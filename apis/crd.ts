// zod schema → CustomResourceDefinition. Pure: the CRDs in crds/ are this function's
// output and nothing else (CI regenerates them and fails on any difference).
import { z } from 'zod';
import { printerColumns, type KindDef } from './kind.js';
import { RECORD_KINDS, type RecordKindDef } from './devicetransaction.js';
import { KINDS } from './index.js';

type Json = { [k: string]: unknown };

/** Trims what JSON Schema emits but a structural Kubernetes schema must not carry. */
function structural(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structural);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = structural(v);
  if (out['x-kubernetes-preserve-unknown-fields'] === true) delete out.additionalProperties;
  // zod bounds plain integers to the JS safe range; that is no API constraint.
  if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  if (out.type === 'integer' && typeof out.maximum === 'number' && out.maximum > 2147483647) out.format = 'int64';
  delete out.$schema;
  return out;
}

export function openAPISchema(schema: z.ZodType): Json {
  return structural(z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'throw' })) as Json;
}

export function crdFor(def: KindDef): Json {
  return crdOf(def, {
    subresources: { status: {} },
    additionalPrinterColumns: printerColumns(def),
    properties: { spec: openAPISchema(def.spec), status: openAPISchema(def.status) },
  });
}

/** A record kind: no status subresource; its own columns, then AGE. */
export function recordCrdFor(def: RecordKindDef): Json {
  return crdOf(def, {
    additionalPrinterColumns: [...def.columns, { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }],
    properties: { spec: openAPISchema(def.spec), ...(def.status ? { status: openAPISchema(def.status) } : {}) },
    ...(def.status ? { subresources: { status: {} } } : {}),
    // Not in `kubectl get netintent`: the intents' overview stays about intents.
    categories: ['netintent-history'],
  });
}

function crdOf(
  def: Omit<RecordKindDef, 'spec' | 'columns'>,
  v: { subresources?: Json; additionalPrinterColumns: unknown[]; properties: Json; categories?: string[] },
): Json {
  const singular = def.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${def.plural}.${def.group}`,
      labels: { 'app.kubernetes.io/name': 'netintent', 'app.kubernetes.io/component': 'crd' },
    },
    spec: {
      group: def.group,
      scope: 'Namespaced',
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular,
        shortNames: def.shortNames,
        categories: v.categories ?? ['netintent'],
      },
      versions: [
        {
          name: def.version,
          served: true,
          storage: true,
          ...(v.subresources ? { subresources: v.subresources } : {}),
          additionalPrinterColumns: v.additionalPrinterColumns,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: def.description,
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                ...v.properties,
              },
            },
          },
        },
      ],
    },
  };
}

/** Every CRD netintent serves: the intents' kinds, then the record kinds. */
export const allCrds = (): Json[] => [...KINDS.map(crdFor), ...RECORD_KINDS.map(recordCrdFor)];
