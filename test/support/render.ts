// Manifests built in code for renderer tests: a source per object, a device of either
// platform, and the assembled document per device of one resolve() run.
import { expect } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { resolve, type Source } from '../../adapters/render/resolve.js';
import { assemble } from '../../adapters/yang/tree.js';

export const src = (kind: string, name: string, spec: object): Source => ({
  object: { apiVersion: 'netintent.dev/v1alpha1', kind, metadata: { name }, spec } as KubernetesObject,
  origin: `ref.yaml#${name}`,
});

export const device = (name: string, platform: 'sros' | 'srlinux', n: number, o: { asNumber: number; systemAddress: string }) =>
  src('NetworkDevice', name, {
    address: `192.0.2.${n}`,
    platform,
    protocol: platform === 'sros' ? 'netconf' : 'gnmi',
    credentialsSecretRef: { name: 'c' },
    ...(platform === 'sros' ? { hostKey: { insecureIgnoreHostKey: true } } : { tls: { insecure: true } }),
    ...o,
  });

/** Resolves without errors, then gives each device's whole document by name. */
export const render = (...sources: Source[]) => {
  const r = resolve(sources);
  expect(r.errors).toEqual([]);
  return (name: string): any => {
    const d = r.devices.find((x) => x.device.name === name)!;
    return assemble(d.platform, d.fragments.map((f) => f.fragment));
  };
};
