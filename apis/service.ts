// Building blocks shared by the service kinds (VRF, VPLS, L3VPN, SRv6Policy).
import { z } from 'zod';
import { asNumber, devicePort, interfaceAddress, ipAddress, ipv4Prefix, ipv6Prefix, ipPrefix, resourceName, routeDistinguisher, routeTarget, srv6Sid, vlanId, dns1123Label } from './formats.js';
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

/** A static route of the VRF towards the CE behind one endpoint. */
export const staticRoute = z.object({
  prefix: ipPrefix().describe('Destination, e.g. 10.1.0.0/16 or 2001:db8:1::/48.'),
  nextHop: ipAddress().describe('CE address on the endpoint subnet; same address family as the prefix.'),
});

/**
 * Which routes a PE-CE eBGP session takes from the CE (import) and gives it (export).
 * netintent renders the policies these name on the device (SR OS policy-options
 * policy-statement, SR Linux routing-policy policy), shared by every VRF that uses them:
 * accept-all on export advertises every route of the VRF (learned over the VPN, from other
 * CEs, static and connected); reject-all refuses everything.
 */
export const PE_CE_POLICIES = ['accept-all', 'reject-all'] as const;

/** PE-CE eBGP: one neighbor of the VRF on the endpoint's device. */
export const peCeBgp = z.object({
  peerAddress: ipAddress().describe('CE address on the endpoint subnet.'),
  peerAs: asNumber().describe('The CE autonomous system.'),
  localAs: asNumber().optional().describe("AS the PE presents to this CE; defaults to the device's asNumber."),
  import: z.enum(PE_CE_POLICIES).default('accept-all').describe('Routes accepted from the CE.'),
  export: z.enum(PE_CE_POLICIES).default('accept-all').describe('Routes advertised to the CE.'),
});

export type PeCePolicy = (typeof PE_CE_POLICIES)[number];
export type PeCeBgp = z.infer<typeof peCeBgp>;

export const l3Endpoint = z
  .object({
    ...endpointBase,
    ipv4: interfaceAddress(ipv4Prefix()).optional().describe('Interface IPv4 address with prefix length, e.g. 192.168.10.1/24.'),
    ipv6: interfaceAddress(ipv6Prefix()).optional().describe('Interface IPv6 address with prefix length, e.g. 2001:db8:10::1/64.'),
    staticRoutes: z.array(staticRoute).max(64).optional().describe('PE-CE static routes via a CE on this endpoint.'),
    bgp: peCeBgp.optional().describe('PE-CE eBGP with the CE on this endpoint.'),
  })
  .meta({
    'x-kubernetes-validations': [
      { rule: 'has(self.ipv4) || has(self.ipv6)', message: 'an L3 endpoint needs ipv4 or ipv6' },
      {
        rule: '!has(self.staticRoutes) || self.staticRoutes.all(r, r.prefix.contains(":") == r.nextHop.contains(":"))',
        message: 'a static route and its next hop must be of the same address family',
        fieldPath: '.staticRoutes',
      },
      {
        rule: '!has(self.bgp) || (self.bgp.peerAddress.contains(":") ? has(self.ipv6) : has(self.ipv4))',
        message: 'bgp.peerAddress needs an endpoint address of its family (ipv4 or ipv6)',
        fieldPath: '.bgp.peerAddress',
      },
    ],
  });

export const l2Endpoint = z
  .object({
    ...endpointBase,
    innerVlan: vlanId()
      .optional()
      .describe(
        'Inner tag for Q-in-Q: SR OS SAP port:outer.inner, which needs the port in qinq encap-type ' +
          '(SR OS refuses the SAP on a dot1q port); SR Linux double-tagged subinterface.',
      ),
  })
  .meta({
    'x-kubernetes-validations': [{ rule: '!has(self.innerVlan) || has(self.vlan)', message: 'innerVlan needs vlan', fieldPath: '.innerVlan' }],
  });

/**
 * The SR OS customer a service belongs to. SR OS creates a customer only with a
 * customer-id, so a numeric name is its own id and any other name needs customerId.
 */
export const customerFields = {
  customer: z.string().min(1).max(64).default('1').describe('SR OS customer name; a number is also its customer-id.'),
  customerId: z
    .int()
    .min(1)
    .max(2147483647)
    .optional()
    .describe('SR OS customer-id; required when customer is not a number (SR OS needs an id to create a customer).'),
};

/** CEL: a non-numeric customer names its customer-id. */
export const customerIdRule = {
  rule: "self.customer.matches('^[1-9][0-9]{0,9}$') || has(self.customerId)",
  message: 'customerId is required when customer is not a number: SR OS creates a customer only with a customer-id',
  fieldPath: '.customerId',
};

/** An SRv6 SID chosen by the operator for one device; otherwise allocated from the locator. */
export const deviceSid = z.object({ device: resourceName(), sid: srv6Sid() });

/**
 * Route distinguishers are per PE (type 1, `<system-ip>:<n>`), as working labs configure them, so
 * that route reflectors keep every PE's path. An operator-chosen RD therefore names its device.
 */
export const deviceRd = z.object({
  device: resourceName().describe('NetworkDevice (an endpoint device of this service).'),
  rd: routeDistinguisher(),
});
export const deviceRds = () =>
  z
    .array(deviceRd)
    .max(MAX_ENDPOINTS)
    .meta({ 'x-kubernetes-validations': [{ rule: 'self.all(r, self.exists_one(s, s.device == r.device))', message: 'one RD per device' }] });

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
