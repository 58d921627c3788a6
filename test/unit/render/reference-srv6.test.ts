// Reference tests: the SRv6 statements netintent renders for SR OS, compared with published
// working labs, modulo names and allocated values.
//
// L3VPN over SRv6: cloud-native-everything/SRv6-L3VPN-FlexAlgo-Containerlab,
//   clab-srv6-demo/R1/tftpboot/config.txt (SR OS 22.5):
//     router "Base" segment-routing segment-routing-v6 {
//         origination-fpe [1]
//         locator "Alg0-Locator" { admin-state enable  block-length 48  termination-fpe [2]  prefix { ip-prefix ... } }
//         base-routing-instance { locator "Alg0-Locator" { function { end 1 { srh-mode usp } } } } }
//     service vprn "1001" {
//         segment-routing-v6 1 { locator "Alg128-Locator" { function { end-dt4 { } end-dt6 { } } } }
//         bgp-ipvpn { segment-routing-v6 1 { admin-state enable  route-distinguisher "64500:1001"
//                     srv6 { instance 1  default-locator "Alg128-Locator" } } } }
// and ipspace/netlab netsim/ansible/templates/srv6/sros.j2 (locator static-function max-entries,
//   termination-fpe [2], origination-fpe [1], base-routing-instance function end value 1 srh-mode usp).
// Differences, on purpose: End.DT46 (one SID for IPv4 and IPv6) instead of End.DT4 + End.DT6, with a
// static value inside the locator's static range so that status can report the SID before the
// router does; one type-1 RD per PE (<system-ip>:<n>) where that lab reuses one RD on every PE.
//
// SRv6 policy with binding SID: the Nokia Segment Routing and PCE User Guide, "SRv6 binding SID
// procedures" (a local static SRv6 policy needs a binding SID: locator name, function
// end-b6-encaps-red, optional static function value in the locator's static range), rendered
// under static-policy segment-routing-v6 binding-sid 1 locator (nokia-conf 25.10); the device
// segment is the far PE's End SID, configured as the labs above configure it (end 1 srh-mode usp).
import { describe, expect, it } from '@jest/globals';
import { resolve } from '../../../adapters/render/resolve.js';
import { device, documentOf, src } from '../../support/render.js';

const pe = (n: number) =>
  device(`r${n}`, 'sros', n, {
    systemAddress: `192.0.2.${n}`,
    asNumber: 64500,
    srv6: {
      sourceAddress: `2001:db8:4501:${n}::1`,
      originationFpe: [1],
      locators: [{ name: 'alg0-locator', prefix: `2001:db8:4501:${n}::/64`, blockLength: 48, nodeLength: 16, functionLength: 16, terminationFpe: [2] }],
    },
  });
const configure = (r: ReturnType<typeof resolve>, name: string) => documentOf(r, name)['nokia-conf:configure'];

describe('reference: L3VPN over SRv6 on SR OS (SRv6-L3VPN-FlexAlgo-Containerlab R1, netlab srv6/sros.j2)', () => {
  const r = resolve([
    pe(1),
    pe(6),
    src('VRF', 'vrf1001', {
      customer: '1001',
      endpoints: [
        { device: 'r1', port: '1/1/c3/1', vlan: 4, ipv4: '192.168.4.1/30' },
        { device: 'r6', port: '1/1/c3/1', vlan: 4, ipv4: '192.168.4.5/30' },
      ],
      srv6: { locator: 'alg0-locator' },
    }),
  ]);

  it('resolves', () => expect(r.errors).toEqual([]));

  it.each(['r1', 'r6'])('%s: origination FPE, locator with termination FPE and static range, End SID 1 (USP)', (device) => {
    const srv6 = configure(r, device).router.find((x: any) => x['router-name'] === 'Base')['segment-routing']['segment-routing-v6'];
    expect(srv6['origination-fpe']).toEqual([1]);
    expect(srv6.locator).toEqual([
      expect.objectContaining({
        'locator-name': 'alg0-locator',
        'admin-state': 'enable',
        'block-length': 48,
        'termination-fpe': [2],
        prefix: { 'ip-prefix': expect.stringMatching(/^2001:db8:4501:/) },
        'static-function': { 'max-entries': 1024 },
      }),
    ]);
    expect(srv6['base-routing-instance'].locator).toEqual([{ 'locator-name': 'alg0-locator', function: { end: [{ value: 1, 'srh-mode': 'usp' }] } }]);
  });

  it.each(['r1', 'r6'])('%s: vprn segment-routing-v6 1 locator function and bgp-ipvpn segment-routing-v6 1 with its own RD', (device) => {
    const vprn = configure(r, device).service.vprn[0];
    expect(vprn).toMatchObject({ 'admin-state': 'enable', customer: '1001' });
    const fn = vprn['segment-routing-v6'];
    expect(fn).toEqual([{ instance: 1, locator: [{ 'locator-name': 'alg0-locator', function: { 'end-dt46': { value: expect.any(Number) } } }] }]);
    expect(fn[0].locator[0].function['end-dt46'].value).toBeGreaterThanOrEqual(1);
    expect(fn[0].locator[0].function['end-dt46'].value).toBeLessThanOrEqual(1024);
    const ipvpn = vprn['bgp-ipvpn']['segment-routing-v6'];
    expect(ipvpn).toEqual([
      expect.objectContaining({
        'bgp-instance': 1,
        'admin-state': 'enable',
        'route-distinguisher': expect.stringMatching(new RegExp(`^192\\.0\\.2\\.${device.slice(1)}:\\d+$`)),
        srv6: { instance: 1, 'default-locator': 'alg0-locator' },
      }),
    ]);
  });
});

describe('reference: SRv6 policy with binding SID (Nokia SR and PCE guide, SRv6 binding SID procedures)', () => {
  const r = resolve([
    pe(1),
    pe(6),
    src('SRv6Policy', 'to-r6', {
      headEnd: 'r1',
      endpoint: '2001:db8:4501:6::1',
      color: 128,
      bindingSid: '2001:db8:4501:1:10::',
      segmentLists: [{ index: 1, segments: [{ device: 'r6' }] }],
    }),
  ]);

  it('resolves', () => expect(r.errors).toEqual([]));

  it('renders a local static SRv6 policy with binding SID 1 on the head end locator, End.B6.Encaps.Red, static value', () => {
    const policy = configure(r, 'r1').router[0]['segment-routing']['sr-policies']['static-policy'][0];
    expect(policy).toMatchObject({ 'head-end': 'local', type: 'srv6', color: '128', endpoint: '2001:db8:4501:6::1', 'admin-state': 'enable' });
    expect(policy['segment-routing-v6']).toEqual({
      'binding-sid': [{ index: 1, locator: { 'locator-name': 'alg0-locator', function: 'end-b6-encaps-red', 'function-value': 0x10 } }],
    });
    expect(policy['segment-list']).toEqual([
      { 'seg-list-index': 1, 'admin-state': 'enable', segment: [{ 'segment-index': 1, 'srv6-sid': '2001:db8:4501:6:1::' }] },
    ]);
  });

  it("configures the far PE's End SID the segment names, as the labs do (end 1 srh-mode usp)", () => {
    const srv6 = configure(r, 'r6').router[0]['segment-routing']['segment-routing-v6'];
    expect(srv6['base-routing-instance'].locator[0].function.end).toEqual([{ value: 1, 'srh-mode': 'usp' }]);
  });
});
