// Manifests built in code for renderer tests: a source per object, a device of either
// platform, and the assembled document per device of one resolve() run.
import { expect } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { resolve, type Resolved, type Source } from '../../adapters/render/resolve.js';
import { assemble } from '../../adapters/yang/tree.js';

export const src = (kind: string, name: string, spec: object, metadata: object = {}): Source => ({
  object: { apiVersion: 'netintent.dev/v1alpha1', kind, metadata: { name, ...metadata }, spec } as KubernetesObject,
  origin: `test.yaml#${name}`,
});

/** A NetworkDevice at 192.0.2.<n>; `spec` adds or overrides fields (asNumber, systemAddress, srv6, ...). */
export const device = (name: string, platform: 'sros' | 'srlinux', n: number, spec: object) =>
  src('NetworkDevice', name, {
    address: `192.0.2.${n}`,
    platform,
    protocol: platform === 'sros' ? 'netconf' : 'gnmi',
    credentialsSecretRef: { name: 'c' },
    ...(platform === 'sros' ? { hostKey: { insecureIgnoreHostKey: true } } : { tls: { insecure: true } }),
    ...spec,
  });

/** Everything rendered on `device` in one resolve() result, as one document. */
export const documentOf = (r: Resolved, device: string): any => {
  const d = r.devices.find((x) => x.device.name === device)!;
  return assemble(d.platform, d.fragments.map((f) => f.fragment));
};

/** Resolves without errors, then gives each device's whole document by name. */
export const render = (...sources: Source[]) => {
  const r = resolve(sources);
  expect(r.errors).toEqual([]);
  return (name: string): any => documentOf(r, name);
};
