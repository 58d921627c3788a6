import { z } from 'zod';
import { driftPolicies } from './drift-policy.js';
import { GROUP, VERSION, conditions, secretKeyRef } from './common.js';
import { host, ipv4Address, ipv6Address, ipv6Prefix, asNumber, dns1123Label, patterns } from './formats.js';
import type { KindDef } from './kind.js';

/** FPE ids (SR OS fwd-path-ext fpe 1..64). The FPEs themselves are underlay: startup config, not netintent's. */
const fpeIds = () => z.array(z.int().min(1).max(64)).min(1).max(1).optional();

export const srv6Locator = z
  .object({
    name: dns1123Label().describe('Locator name on the device.'),
    prefix: ipv6Prefix().describe('Locator prefix, e.g. fc00:0:1::/48.'),
    blockLength: z.int().min(0).max(96).default(32).describe('Locator block length in bits (SR OS: 0..96).'),
    nodeLength: z.int().min(0).max(128).default(16).describe('Locator node length in bits.'),
    functionLength: z.int().min(16).max(96).default(16).describe('SID function length in bits (SR OS: 16 or 20..96).'),
    argumentLength: z.int().min(0).max(128).default(0).describe('SID argument length in bits.'),
    staticFunctionMaxEntries: z
      .int()
      .min(1)
      .max(1048575)
      .default(1024)
      .describe(
        'Size of the static function range (SR OS static-function max-entries). netintent allocates service and End ' +
          'function values from 1..N of it; explicit SIDs must lie in it.',
      ),
    terminationFpe: fpeIds().describe('FPE (fwd-path-ext fpe, application srv6 type termination) that terminates SRv6 services on this locator.'),
  })
  .meta({
    'x-kubernetes-validations': [
      // nokia-conf segment-routing-v6 locator function-length: range "16 | 20..96".
      { rule: 'self.functionLength == 16 || self.functionLength >= 20', message: 'SR OS takes a function length of 16 or 20..96', fieldPath: '.functionLength' },
      {
        rule: 'self.blockLength + self.nodeLength + self.functionLength + self.argumentLength <= 128',
        message: 'blockLength + nodeLength + functionLength + argumentLength must not exceed 128 bits',
      },
      {
        rule: "self.blockLength + self.nodeLength == int(self.prefix.split('/')[1])",
        message: 'the prefix length must equal blockLength + nodeLength',
        fieldPath: '.prefix',
      },
    ],
  });

export const networkDeviceSpec = z
  .object({
    address: host().describe('Management address (IPv4, IPv6 or DNS name).'),
    port: z.int().min(1).max(65535).optional().describe('Management port (default 830 for NETCONF, 57400 for gNMI).'),
    platform: z.enum(['sros', 'srlinux']).describe('Nokia SR OS or SR Linux.'),
    driftPolicies: driftPolicies().describe('What to do when the device differs under a path, for every intent on it; an intent\'s own entry wins on the same path.'),
    protocol: z.enum(['netconf', 'gnmi']).describe('Management protocol.'),
    credentialsSecretRef: z
      .object({ name: z.string().min(1).max(253) })
      .describe('Secret (same namespace) with keys "username" and "password".'),
    hostKey: z
      .object({
        sha256Fingerprint: z
          .string()
          .regex(patterns.sshFingerprint, { message: 'must be an OpenSSH SHA256 fingerprint such as SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU' })
          .max(51)
          .optional()
          .describe('Pinned SSH host key, as printed by ssh-keygen -lf.'),
        insecureIgnoreHostKey: z.boolean().optional().describe('Accept any host key. Only for labs.'),
      })
      .optional(),
    tls: z
      .object({
        caSecretRef: secretKeyRef('ca.crt').optional().describe('CA bundle that signs the gNMI server certificate.'),
        serverName: z.string().max(253).optional().describe('Name to verify in the server certificate.'),
        insecure: z.boolean().optional().describe('Skip certificate verification. Only for labs.'),
        plaintext: z.boolean().optional().describe('No TLS at all. Only for labs.'),
      })
      .optional(),
    systemAddress: ipv4Address().optional().describe('System (loopback) IPv4 address, used as BGP next hop and for type-1 RDs.'),
    systemAddressV6: ipv6Address().optional(),
    asNumber: asNumber().optional().describe('Autonomous system of the device, used to allocate type-0/2 RDs and RTs.'),
    srv6: z
      .object({
        sourceAddress: ipv6Address().optional().describe('SRv6 encapsulation source address.'),
        originationFpe: fpeIds().describe(
          'FPE (fwd-path-ext fpe, application srv6 type origination) through which SR OS originates SRv6 services. ' +
            'SRv6 VRFs and VPLSs are refused on a device without it.',
        ),
        locators: z.array(srv6Locator).min(1).max(16),
      })
      .optional(),
  })
  .meta({
    'x-kubernetes-validations': [
      { rule: "self.platform != 'srlinux' || self.protocol == 'gnmi'", message: 'SR Linux is managed over gNMI', fieldPath: '.protocol' },
      {
        rule: "self.protocol != 'netconf' || (has(self.hostKey) && (has(self.hostKey.sha256Fingerprint) || (has(self.hostKey.insecureIgnoreHostKey) && self.hostKey.insecureIgnoreHostKey)))",
        message: 'NETCONF needs hostKey.sha256Fingerprint (or hostKey.insecureIgnoreHostKey: true for a lab)',
        fieldPath: '.hostKey',
      },
      {
        rule: "self.protocol != 'gnmi' || (has(self.tls) && (has(self.tls.caSecretRef) || (has(self.tls.insecure) && self.tls.insecure) || (has(self.tls.plaintext) && self.tls.plaintext)))",
        message: 'gNMI needs tls.caSecretRef (or tls.insecure / tls.plaintext: true for a lab)',
        fieldPath: '.tls',
      },
      {
        rule: '!has(self.srv6) || self.srv6.locators.all(l, self.srv6.locators.exists_one(m, m.name == l.name))',
        message: 'SRv6 locator names must be unique',
        fieldPath: '.srv6.locators',
      },
    ],
  });

export const networkDeviceStatus = z.object({
  observedGeneration: z.int().min(0).optional(),
  conditions: conditions(),
  reachable: z.boolean().optional(),
  softwareVersion: z.string().max(128).optional(),
  capabilities: z.array(z.string().max(1024)).max(512).optional(),
  lastCommit: z
    .object({ id: z.string().max(128).optional(), time: z.string().meta({ format: 'date-time' }).optional() })
    .optional(),
  runningConfigHash: z.string().max(128).optional(),
});

export const NetworkDevice: KindDef = {
  group: GROUP,
  version: VERSION,
  kind: 'NetworkDevice',
  plural: 'networkdevices',
  shortNames: ['nd', 'device'],
  description: 'A managed router: how to reach it, how to authenticate, and its SRv6 locators.',
  spec: networkDeviceSpec,
  status: networkDeviceStatus,
  columns: [
    { name: 'Platform', type: 'string', jsonPath: '.spec.platform' },
    { name: 'Address', type: 'string', jsonPath: '.spec.address' },
    { name: 'Version', type: 'string', jsonPath: '.status.softwareVersion' },
    { name: 'Prerequisites', type: 'string', jsonPath: '.status.conditions[?(@.type=="PrerequisitesMet")].status', priority: 1 },
  ],
};
export type NetworkDeviceSpec = z.infer<typeof networkDeviceSpec>;
