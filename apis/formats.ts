// Field formats shared by every kind. Each regex is written so that it means the same
// in ECMAScript (zod, offline validation) and in RE2 (the API server's OpenAPI `pattern`):
// no look-arounds, no back-references. Ranges follow the Nokia YANG typedefs
// (nokia-types-services: vpn-route-distinguisher, route-target; srl_nokia interface names).
import { z } from 'zod';

const U8 = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const U16 = '(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}|0)';
const U16NZ = '(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})';
const U32NZ =
  '(429496729[0-5]|42949672[0-8][0-9]|4294967[01][0-9]{2}|429496[0-6][0-9]{3}|42949[0-5][0-9]{4}' +
  '|4294[0-8][0-9]{5}|429[0-3][0-9]{6}|42[0-8][0-9]{7}|4[01][0-9]{8}|[1-3][0-9]{9}|[1-9][0-9]{0,8})';
const U32 = `(${U32NZ}|0)`;

const IPV4 = `(${U8}\\.){3}${U8}`;
const H = '[0-9a-fA-F]{1,4}';
const IPV6 = [
  `(${H}:){7}${H}`,
  `(${H}:){1,7}:`,
  `(${H}:){1,6}:${H}`,
  `(${H}:){1,5}(:${H}){1,2}`,
  `(${H}:){1,4}(:${H}){1,3}`,
  `(${H}:){1,3}(:${H}){1,4}`,
  `(${H}:){1,2}(:${H}){1,5}`,
  `${H}:(:${H}){1,6}`,
  `:((:${H}){1,7}|:)`,
  `(${H}:){6}${IPV4}`,
  `(${H}:){1,5}:${IPV4}`,
  `::(ffff(:0{1,4})?:)?${IPV4}`,
].map((alt) => `(${alt})`).join('|');
const V4LEN = '(3[0-2]|[12]?[0-9])';
const V6LEN = '(12[0-8]|1[01][0-9]|[1-9]?[0-9])';
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

const SROS_PORT =
  '[1-9][0-9]?/(x[1-9]/)?[1-9][0-9]?/(c[1-9][0-9]{0,2}/)?[1-9][0-9]{0,2}|lag-([1-9][0-9]{0,2}|[a-zA-Z][a-zA-Z0-9_-]{0,22})';
const SRL_INTERFACE = 'ethernet-[1-9][0-9]?/[1-9][0-9]{0,2}(/[1-9][0-9]?)?|lag[1-9][0-9]{0,3}';
const QTAG = '(409[0-4]|40[0-8][0-9]|[1-3][0-9]{3}|[1-9][0-9]{0,2}|0)';

const anchored = (re: string) => new RegExp(`^(${re})$`);

export const patterns = {
  ipv4: anchored(IPV4),
  ipv6: anchored(IPV6),
  ipv4Prefix: anchored(`${IPV4}/${V4LEN}`),
  ipv6Prefix: anchored(`(${IPV6})/${V6LEN}`),
  /** RD: `IPv4:0..65535`, `ASN2(1..65535):0..4294967295` or `ASN4(1..4294967295):0..65535`. */
  routeDistinguisher: anchored(`${IPV4}:${U16}|${U16NZ}:${U32}|${U32NZ}:${U16}`),
  /** RT: the same three forms behind `target:`. */
  routeTarget: anchored(`target:(${IPV4}:${U16}|${U16}:${U32}|${U32NZ}:${U16})`),
  dns1123Label: anchored(DNS_LABEL),
  dns1123Subdomain: anchored(`${DNS_LABEL}(\\.${DNS_LABEL})*`),
  /** SR OS port: `1/1/1`, `1/1/c1/1`, `1/x1/1/c1/1` (XIOM), or a LAG `lag-10` / `lag-name`. */
  srosPort: anchored(SROS_PORT),
  /** SR OS SAP: a port, optionally `:vlan` (0..4094) or `:outer.inner|*` (Q-in-Q). */
  srosSap: anchored(`(${SROS_PORT})(:${QTAG}(\\.(${QTAG}|\\*))?)?`),
  /** SR Linux interface: `ethernet-1/1`, breakout `ethernet-1/1/2`, or `lag1`. */
  srlInterface: anchored(SRL_INTERFACE),
  /** A port on either platform (the device's platform is only known at reconcile time). */
  devicePort: anchored(`${SROS_PORT}|${SRL_INTERFACE}`),
  ipPrefix: anchored(`${IPV4}/${V4LEN}|(${IPV6})/${V6LEN}`),
  ipAddress: anchored(`${IPV4}|${IPV6}`),
  /** Device address: an IPv4/IPv6 address or a DNS name. */
  host: anchored(`${IPV4}|${IPV6}|${DNS_LABEL}(\\.${DNS_LABEL})*`),
  /** OpenSSH-style host-key fingerprint: `SHA256:` + 43 unpadded base64 characters. */
  sshFingerprint: /^SHA256:[A-Za-z0-9+/]{43}=?$/,
  /** Kubernetes CamelCase condition reason. */
  conditionReason: /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/,
} as const;

const str = (re: RegExp, what: string, max: number) =>
  z.string().max(max).regex(re, { message: `must be ${what}` });

export const ipv4Address = () => str(patterns.ipv4, 'an IPv4 address such as 192.0.2.1', 15);
export const ipv6Address = () => str(patterns.ipv6, 'an IPv6 address such as 2001:db8::1', 45);
/** An address with its prefix length, as configured on an interface: `192.0.2.1/24`. */
export const ipv4Prefix = () => str(patterns.ipv4Prefix, 'an IPv4 address with prefix length such as 192.0.2.1/24', 18);
export const ipv6Prefix = () => str(patterns.ipv6Prefix, 'an IPv6 address with prefix length such as 2001:db8::1/64', 49);
export const ipPrefix = () =>
  str(patterns.ipPrefix, 'an IPv4 or IPv6 prefix such as 10.0.0.0/8 or 2001:db8::/32', 49);
export const ipAddress = () => str(patterns.ipAddress, 'an IPv4 or IPv6 address', 45);
/** A port on either platform: SR OS `1/1/c1/1` / `lag-1`, SR Linux `ethernet-1/1` / `lag1`. */
export const devicePort = () =>
  str(patterns.devicePort, 'an SR OS port (1/1/c1/1, lag-1) or an SR Linux interface (ethernet-1/1, lag1)', 32);
/**
 * A SID is a unicast address: the API server refuses `::`, `::1`, link-local and multicast
 * ones with Kubernetes' CEL IP library (isIP/ip, Kubernetes 1.31+); the resolver checks the same.
 */
export const srv6Sid = () =>
  str(patterns.ipv6, 'an SRv6 SID (an IPv6 address such as fc00:0:1:e000::)', 45).meta({
    'x-kubernetes-validations': [
      { rule: '!isIP(self) || ip(self).isGlobalUnicast()', message: 'an SRv6 SID is a unicast address: not ::, ::1, link-local or multicast' },
    ],
  });

/**
 * An interface address (`192.0.2.1/24`): a host of a subnet, so never prefix length 0. Network
 * and broadcast addresses and duplicates are the resolver's to refuse: a CEL rule with cidr()
 * on every endpoint exceeds the API server's cost budget (it refuses the CRD), and CEL has no
 * bit operations for the broadcast address.
 */
export const interfaceAddress = (s: z.ZodString) =>
  s.meta({ 'x-kubernetes-validations': [{ rule: "!self.endsWith('/0')", message: 'an interface address needs a subnet: prefix length 0 is none' }] });
export const routeDistinguisher = () =>
  str(patterns.routeDistinguisher, 'a route distinguisher ASN:nn, IPv4:nn or 4-byte-ASN:nn such as 65000:100', 21);
export const routeTarget = () =>
  str(patterns.routeTarget, 'a route target target:ASN:nn, target:IPv4:nn or target:4-byte-ASN:nn such as target:65000:100', 28);
export const vlanId = () => z.int().min(1).max(4094);
export const serviceId = () => z.int().min(1).max(2147483647);
export const asNumber = () => z.int().min(1).max(4294967295);
export const dns1123Label = () => str(patterns.dns1123Label, 'a DNS-1123 label (lower case alphanumerics and -)', 63);
export const resourceName = () =>
  str(patterns.dns1123Subdomain, 'a DNS-1123 name (lower case alphanumerics, - and .)', 253);
export const host = () => str(patterns.host, 'an IPv4/IPv6 address or a DNS name', 253);

/** A YANG path of `/node` and `/list[key=value]` steps (keys may be quoted). */
export const YANG_PATH = /^(\/[A-Za-z_][A-Za-z0-9_.:-]*(\[[A-Za-z_][A-Za-z0-9_.:-]*=("[^"]*"|'[^']*'|[^\]]*)\])*)+$/;
