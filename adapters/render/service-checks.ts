// What admission cannot see: whether a VRF or VPLS fits the platforms of its devices. CEL
// sees one object, not the NetworkDevices its endpoints name, so these rules run when the
// resolver has both (offline render and the controller alike) and refuse with the reason.
import type { VPLSSpec, VRFSpec } from '../../apis/index.js';
import type { Device } from './plan.js';
import { checkInterfaceAddresses } from './address-checks.js';
import { Invalid } from './pools.js';

const isV6 = (address: string) => address.includes(':');
const srLinux = (devs: Device[]) => devs.filter((d) => d.spec.platform === 'srlinux');
const names = (devs: Device[]) => devs.map((d) => d.name).join(', ');

/**
 * The EVPN data plane of a VPLS: the operator's choice, else VXLAN when any member is
 * SR Linux (SR OS and SR Linux interoperate over VXLAN), else MPLS. Undefined for EVPN over
 * SRv6 and for a VPLS without EVPN.
 */
export function evpnEncapsulation(spec: VPLSSpec, devs: Device[]): 'vxlan' | 'mpls' | undefined {
  if (!spec.evpn || spec.srv6) return undefined;
  return spec.evpn.encapsulation ?? (srLinux(devs).length ? 'vxlan' : 'mpls');
}

/** A VPLS whose transport some member cannot carry is refused, naming the members. */
export function checkVpls(spec: VPLSSpec, devs: Device[]): void {
  const srl = srLinux(devs);
  if (!srl.length) return;
  if (spec.srv6) {
    throw new Invalid('spec.srv6', `EVPN over SRv6 is rendered for SR OS only; ${names(srl)} is SR Linux (no SRv6 services in SR Linux 25.3): use evpn with vxlan`);
  }
  if (spec.evpn?.encapsulation === 'mpls') {
    throw new Invalid(
      'spec.evpn.encapsulation',
      `${names(srl)} is SR Linux, whose mac-vrf netintent renders over VXLAN only; use encapsulation vxlan (SR OS members then use VXLAN too)`,
    );
  }
}

/** A VRF's transport and PE-CE routing against its devices. */
export function checkVrf(spec: VRFSpec, devs: Device[]): void {
  const sros = devs.filter((d) => d.spec.platform === 'sros');
  if (spec.evpnVxlan && sros.length) {
    throw new Invalid(
      'spec.evpnVxlan',
      `${names(sros)} is SR OS: an EVPN-VXLAN VRF there needs an R-VPLS with evpn-tunnel, which netintent does not render; ` +
        'use an MPLS or SRv6 VRF for SR OS members (never mixed with VXLAN in one VRF)',
    );
  }
  if (spec.srv6 && srLinux(devs).length) {
    throw new Invalid('spec.srv6', `${names(srLinux(devs))} is SR Linux: SRv6 VRFs are rendered for SR OS only (no SRv6 services in SR Linux 25.3)`);
  }
  checkInterfaceAddresses(spec.endpoints);
  spec.endpoints.forEach((e, i) => {
    const d = devs.find((x) => x.name === e.device)!;
    const at = `spec.endpoints[${i}]`;
    e.staticRoutes?.forEach((r, j) => {
      if (isV6(r.prefix) !== isV6(r.nextHop)) throw new Invalid(`${at}.staticRoutes[${j}].nextHop`, `${r.nextHop} is not of the address family of ${r.prefix}`);
    });
    if (!e.bgp) return;
    if (!(isV6(e.bgp.peerAddress) ? e.ipv6 : e.ipv4)) {
      throw new Invalid(`${at}.bgp.peerAddress`, `${e.bgp.peerAddress} needs an endpoint ${isV6(e.bgp.peerAddress) ? 'ipv6' : 'ipv4'} address`);
    }
    if (!d.spec.asNumber) throw new Invalid(`${at}.bgp`, `PE-CE BGP runs in the VRF with the AS of device ${d.name}: set asNumber on it`);
    if (d.spec.platform === 'srlinux' && !d.spec.systemAddress) {
      throw new Invalid(`${at}.bgp`, `PE-CE BGP on SR Linux needs a router-id: set systemAddress on device ${d.name}`);
    }
  });
}

/** The customer-id SR OS gets: customerId, else the customer name when it is a number. */
export function customerId(spec: { customer: string; customerId?: number | undefined }): number | undefined {
  if (spec.customerId !== undefined) return spec.customerId;
  return /^[1-9][0-9]{0,9}$/.test(spec.customer) && Number(spec.customer) <= 2147483647 ? Number(spec.customer) : undefined;
}

/** The admission rule on customerId, for manifests rendered without the API server. */
export function checkCustomer(spec: { customer: string; customerId?: number | undefined }, devs: Device[]): void {
  if (customerId(spec) === undefined && devs.some((d) => d.spec.platform === 'sros')) {
    throw new Invalid('spec.customerId', `customer "${spec.customer}" is not a number: set customerId (SR OS creates a customer only with a customer-id)`);
  }
}
