import { describe, expect, it } from '@jest/globals';
import { dns1123Label, patterns, routeDistinguisher, serviceId, vlanId } from '../../apis/formats.js';

const table: Record<keyof typeof patterns, { ok: string[]; bad: string[] }> = {
  ipv4: { ok: ['0.0.0.0', '192.0.2.1', '255.255.255.255'], bad: ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4 ', 'a.b.c.d'] },
  ipv6: {
    ok: ['::', '::1', '2001:db8::1', 'fc00:0:1:e000::', '2001:0db8:0000:0000:0000:ff00:0042:8329', '::ffff:192.0.2.1', 'fe80::1:2'],
    bad: ['2001:db8::g', 'fc00::1::2', '1:2:3:4:5:6:7:8:9', '192.0.2.1', ':1', '12345::'],
  },
  ipv4Prefix: { ok: ['10.0.0.0/8', '192.168.1.1/24', '0.0.0.0/0', '1.1.1.1/32'], bad: ['10.0.0.0', '10.0.0.0/33', '10.0.0/8'] },
  ipv6Prefix: { ok: ['2001:db8::/32', 'fc00:0:1::/48', '::/0', '2001:db8::1/128'], bad: ['2001:db8::/129', '2001:db8::', '10.0.0.0/8'] },
  ipPrefix: { ok: ['10.0.0.0/8', '2001:db8::/32'], bad: ['10.0.0.0/40', 'x/8'] },
  ipAddress: { ok: ['10.0.0.1', 'fc00::2'], bad: ['10.0.0.1/32', 'host'] },
  routeDistinguisher: {
    ok: ['65000:100', '1:4294967295', '192.0.2.1:65535', '4200000000:65535', '65536:1', '0.0.0.0:0'],
    bad: ['65000', '0:1', '65000:4294967296', '4200000000:65536', '4294967296:1', '192.0.2.1:65536', 'target:65000:1', '65000:100:1'],
  },
  routeTarget: {
    ok: ['target:65000:100', 'target:192.0.2.1:7', 'target:4200000000:1', 'target:0:0'],
    bad: ['65000:100', 'target:65000', 'target:65000:4294967296', 'origin:65000:1', 'target:4200000000:70000'],
  },
  dns1123Label: { ok: ['a', 'pe1', 'my-vrf-1'], bad: ['-a', 'a-', 'A', 'a.b', 'a_b'] },
  dns1123Subdomain: { ok: ['pe1', 'pe1.lab', 'a-b.c-d'], bad: ['Pe1', 'pe1.', '.pe1', 'pe_1'] },
  srosPort: { ok: ['1/1/1', '1/1/c1/1', '2/2/c36/1', '1/x1/1/c1/1', 'lag-10', 'lag-core'], bad: ['1/1', '1/1/c1', 'ethernet-1/1', 'lag-', '0/1/1', '1/1/c1/1:100'] },
  srosSap: { ok: ['1/1/c1/1', '1/1/c1/1:100', '1/1/c1/1:0', '1/1/c1/1:10.20', '1/1/c1/1:10.*', 'lag-1:4094'], bad: ['1/1/c1/1:4095', '1/1/c1/1:', '1/1/c1/1:a', 'ethernet-1/1:1'] },
  srlInterface: { ok: ['ethernet-1/1', 'ethernet-1/55', 'ethernet-1/1/2', 'lag1'], bad: ['ethernet-1', 'eth-1/1', '1/1/c1/1', 'ethernet-0/1', 'lag0'] },
  devicePort: { ok: ['1/1/c1/1', 'ethernet-1/1', 'lag-1', 'lag1'], bad: ['eth0', 'ge-0/0/0'] },
  host: { ok: ['172.20.20.200', 'fc00::1', 'pe1.lab.example', 'pe1'], bad: ['PE1', 'pe1_lab', 'http://pe1', ''] },
  sshFingerprint: { ok: ['SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'], bad: ['SHA256:short', 'MD5:aa:bb:cc', '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'] },
  conditionReason: { ok: ['Synced', 'WaitingForDependency', 'A'], bad: ['waiting for', '1Reason', 'Bad-Reason', ''] },
};

describe('formats', () => {
  for (const [name, { ok, bad }] of Object.entries(table)) {
    const re = patterns[name as keyof typeof patterns];
    it.each(ok)(`${name} accepts %s`, (v) => expect(re.test(v)).toBe(true));
    it.each(bad)(`${name} rejects %s`, (v) => expect(re.test(v)).toBe(false));
  }

  it('bounds VLANs to 1..4094 and service ids to 1..2147483647', () => {
    expect([0, 1, 4094, 4095, 1.5].map((v) => vlanId().safeParse(v).success)).toEqual([false, true, true, false, false]);
    expect([0, 1, 2147483647, 2147483648].map((v) => serviceId().safeParse(v).success)).toEqual([false, true, true, false]);
  });

  it('limits DNS-1123 labels to 63 characters', () => {
    expect(dns1123Label().safeParse('x'.repeat(63)).success).toBe(true);
    expect(dns1123Label().safeParse('x'.repeat(64)).success).toBe(false);
  });

  it('says what a value should look like', () => {
    const r = routeDistinguisher().safeParse('65000');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/route distinguisher ASN:nn, IPv4:nn or 4-byte-ASN:nn/);
  });
});
