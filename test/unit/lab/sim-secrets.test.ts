// The simulators keep secret leaves as the routers do: clear text in, encrypted form out,
// the encrypted form accepted back unchanged (lab/sim/secrets.ts).
import { describe, expect, it } from '@jest/globals';
import { sealSecretsIn, sealSros, sealSrl } from '../../../lab/sim/secrets.js';

describe('sealed secrets', () => {
  it('SR OS: clear text becomes "<encrypted> hash2"; an encrypted form stays as given', () => {
    const s = sealSros('Clear-Key-One');
    expect(s).toMatch(/^\S+ hash2$/);
    expect(s).not.toContain('Clear-Key-One');
    expect(sealSros(s)).toBe(s);
    expect(sealSros('041t1ZLCi1aN hash')).toBe('041t1ZLCi1aN hash');
    expect(sealSros('Clear-Key-Two')).not.toBe(s);
  });
  it('SR Linux: clear text becomes $aes1$salt$data; a $..$..$.. form stays', () => {
    const s = sealSrl('bgp-secret');
    expect(s).toMatch(/^\$aes1\$[^$]+\$.+$/);
    expect(sealSrl(s)).toBe(s);
  });
  it('seals only the secret leaves of a JSON_IETF document', () => {
    const doc = {
      'srl_nokia-network-instance:network-instance': [
        { name: 'default', description: 'bgp-secret', protocols: { 'srl_nokia-bgp:bgp': { group: [{ 'group-name': 'g', authentication: { password: 'bgp-secret' } }] } } },
      ],
    };
    sealSecretsIn('srlinux', doc);
    const ni = doc['srl_nokia-network-instance:network-instance'][0]!;
    expect(ni.description).toBe('bgp-secret');
    expect(ni.protocols['srl_nokia-bgp:bgp'].group[0]!.authentication.password).toMatch(/^\$aes1\$/);
  });
});
