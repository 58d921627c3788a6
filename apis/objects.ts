// The shapes the controllers handle: any of our kinds as it comes from the API server,
// keys that name one object across kinds, and the condition helpers of every kind.
import type { KubernetesObject } from '@kubernetes/client-node';
import { ANNOTATIONS, type Condition } from './index.js';

export interface Meta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  deletionTimestamp?: Date;
  creationTimestamp?: Date;
  finalizers?: string[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface Obj extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: Record<string, unknown>;
  status?: { conditions?: Condition[]; observedGeneration?: number; [k: string]: unknown };
}

export const FINALIZER = 'netintent.dev/device-config';

/** `Kind/namespace/name`: names one object whatever its kind; also its owner name in the allocation pools. */
export const keyOf = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
export const objKey = (o: Obj) => keyOf(o.kind, o.metadata.namespace ?? 'default', o.metadata.name);
export function parseKey(key: string): { kind: string; namespace: string; name: string } {
  const [kind, namespace, name] = key.split('/') as [string, string, string];
  return { kind, namespace, name };
}
/** How people read a key: `VRF ns/name`. */
export const display = (key: string) => {
  const k = parseKey(key);
  return `${k.kind} ${k.namespace}/${k.name}`;
};

export const condition = (o: Obj | undefined, type: string) => o?.status?.conditions?.find((c) => c.type === type);
/** Ready=True for the generation the object has now. */
export const isReady = (o: Obj | undefined) => {
  const c = condition(o, 'Ready');
  return c?.status === 'True' && (c.observedGeneration === undefined || c.observedGeneration === o?.metadata.generation);
};
export const annotation = (o: Obj, name: keyof typeof ANNOTATIONS) => o.metadata.annotations?.[ANNOTATIONS[name]];
export const isDeleting = (o: Obj) => o.metadata.deletionTimestamp !== undefined && o.metadata.deletionTimestamp !== null;
