// NetworkDevices for a deployed lab, from its topology-data.json: each SR OS / SR Linux node
// becomes a NetworkDevice at its management address. A device the applied manifests already
// describe keeps its routing details (system address, ASN, SRv6 locators); what the lab
// knows better replaces the lab-only shortcuts: the emulated lab's real address to dial,
// its SSH host key to pin, and the lab CA to verify gNMI TLS with.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { DIAL_ANNOTATION } from '../devices/connections.js';
import { CREDENTIALS } from './emulated/lab.js';
import { DIAL_LABEL, HOST_KEY_LABEL } from './emulated/topology-data.js';
import { EMULATION } from './emulated/topology.js';

type Manifest = KubernetesObject & { spec?: Record<string, unknown>; stringData?: Record<string, string> };

interface DataNode {
  kind: string;
  labdir: string;
  'mgmt-ipv4-address': string;
  labels?: Record<string, string>;
}

export interface TopologyData {
  name: string;
  nodes: Record<string, DataNode>;
}

const CA_SECRET = 'clab-ca';

export const readTopologyData = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as TopologyData;

/** The lab's devices, Secrets included, merged over the manifests' NetworkDevices of the same names. */
export function labDevices(data: TopologyData, dataFile: string, manifests: Manifest[]): Manifest[] {
  const ca = join(dirname(dataFile), '.tls', 'ca', 'ca.pem');
  const out: Manifest[] = [];
  const secrets = new Set<string>();
  for (const [name, node] of Object.entries(data.nodes)) {
    const platform = EMULATION[node.kind];
    if (!platform || platform === 'none' || !node['mgmt-ipv4-address']) continue;
    const given = manifests.find((m) => m.kind === 'NetworkDevice' && m.metadata?.name === name);
    const d: Manifest = given ? structuredClone(given) : { apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name }, spec: { platform, protocol: platform === 'sros' ? 'netconf' : 'gnmi' } };
    const spec = d.spec!;
    spec.address = node['mgmt-ipv4-address'];
    const labels = node.labels ?? {};
    if (labels[DIAL_LABEL]) d.metadata = { ...d.metadata, annotations: { ...d.metadata?.annotations, [DIAL_ANNOTATION]: labels[DIAL_LABEL] } };
    if (spec.protocol === 'netconf' && labels[HOST_KEY_LABEL]) spec.hostKey = { sha256Fingerprint: labels[HOST_KEY_LABEL] };
    if (spec.protocol === 'netconf' && !spec.hostKey) spec.hostKey = { insecureIgnoreHostKey: true }; // a real lab's key is unknown here
    if (spec.protocol === 'gnmi') spec.tls = existsSync(ca) ? { caSecretRef: { name: CA_SECRET }, serverName: name } : (spec.tls ?? { insecure: true });
    if (!spec.credentialsSecretRef) {
      spec.credentialsSecretRef = { name: `${platform}-credentials` };
      secrets.add(platform);
    }
    out.push(d);
  }
  for (const p of secrets)
    if (!manifests.some((m) => m.kind === 'Secret' && m.metadata?.name === `${p}-credentials`))
      out.unshift({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${p}-credentials` }, stringData: { ...CREDENTIALS[p as keyof typeof CREDENTIALS] } } as Manifest);
  if (existsSync(ca)) out.unshift({ apiVersion: 'v1', kind: 'Secret', metadata: { name: CA_SECRET }, stringData: { 'ca.crt': readFileSync(ca, 'utf8') } } as Manifest);
  return out;
}
