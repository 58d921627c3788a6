// Building blocks shared by the service kinds (VRF, VPLS, L3VPN, SRv6Policy).
import { z } from 'zod';
import { devicePort, ipv4Prefix, ipv6Prefix, ipPrefix, resourceName, routeTarget, srv6Sid, vlanId, dns1123Label } from './formats.js';
import { labelSelector, secretKeyRef } from './common.js';

export const MAX_ENDPOINTS = 64;

/** One import and one export RT: what SR OS vrf-target and SR Linux bgp-vpn route-target carry. */
export const routeTargets = () =>
  z.object({
    import: routeTarget(),
    export: routeTarget(),
  });

const vlanOf = (v: string) => `(has(${v}.vlan) ? ${v}.vlan : 0)`;
const innerOf = (v: string) => `(has(${v}.innerVlan) ? ${v}.innerVlan : 0)`;

/** CEL: no two endpoints share device, port and VLAN tag(s). */
export function uniqueEndpoints(qinq: boolean) {
  const inner = qinq ? ` && ${innerOf('f')} == ${innerOf('e')}` : '';
  return {
    rule: `self.all(e, self.exists_one(f, f.device == e.device && f.port == e.port && ${vlanOf('f')} == ${vlanOf('e')}${inner}))`,
    message: 'endpoints must be unique: two endpoints use the same device, port and VLAN',
  };
}

const endpointBase = {
  device: resourceName().describe('NetworkDevice name (same namespace).'),
  port: devicePort().describe('SR OS port (1/1/c1/1) or SR Linux interface (ethernet-1/1).'),
  vlan: vlanId().optional().describe('802.1Q VLAN; omitted means untagged.'),
  description: z.string().max(80).optional(),
};

export const l3Endpoint = z
  .object({
    ...endpointBase,
    ipv4: ipv4Prefix().optional().describe('Interface IPv4 address with prefix length, e.g. 192.168.10.1/24.'),
    ipv6: ipv6Prefix().optional().describe('Interface IPv6 address with prefix length, e.g. 2001:db8:10::1/64.'),
  })
  .meta({
    'x-kubernetes-validations': [{ rule: 'has(self.ipv4) || has(self.ipv6)', message: 'an L3 endpoint needs ipv4 or ipv6' }],
  });

export const l2Endpoint = z
  .object({
    ...endpointBase,
    innerVlan: vlanId().optional().describe('Inner tag for Q-in-Q (SR OS SAP port:outer.inner).'),
  })
  .meta({
    'x-kubernetes-validations': [{ rule: '!has(self.innerVlan) || has(self.vlan)', message: 'innerVlan needs vlan', fieldPath: '.innerVlan' }],
  });

/** An SRv6 SID chosen by the operator for one device; otherwise allocated from the locator. */
export const deviceSid = z.object({ device: resourceName(), sid: srv6Sid() });

/** CEL transition rule: a spec field may be set once, then never changed or removed. */
export function immutableOnceSet(field: string, label = field) {
  return {
    rule: `!has(oldSelf.${field}) || (has(self.${field}) && self.${field} == oldSelf.${field})`,
    message: `${label} is immutable once set`,
    fieldPath: `.${field}`,
  };
}

/** Cluster-side SRv6 egress: which pods of which cluster are steered into the VPN. */
export const clusterEgress = () =>
  z
    .object({
      kubeconfigSecretRef: secretKeyRef('kubeconfig')
        .optional()
        .describe('Workload cluster kubeconfig; omitted means the management cluster.'),
      cni: z.enum(['cilium', 'isovalent']).default('cilium').describe('Which egress CRs to write.'),
      vrfId: z.int().min(1).max(4294967295).describe('VRF id in the workload cluster datapath.'),
      namespaceSelector: labelSelector().optional(),
      podSelector: labelSelector().optional(),
      destinationCIDRs: z.array(ipPrefix()).min(1).max(64),
      terminatingVrf: resourceName().optional().describe('VRF whose End.DT46 SID terminates the traffic.'),
      terminatingDevice: resourceName().optional().describe('PE that terminates the traffic.'),
      locatorPool: dns1123Label().optional().describe('Cilium SRv6 locator pool for the cluster side.'),
    })
    .meta({
      'x-kubernetes-validations': [
        { rule: 'has(self.namespaceSelector) || has(self.podSelector)', message: 'clusterEgress needs namespaceSelector or podSelector' },
      ],
    });
