import { createHash } from 'node:crypto';
import { configHash } from '../../../controllers/config-hash.js';
import type { Part } from '../../../devices/transactions.js';

const device = { apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name: 'pe1', namespace: 'default' }, spec: { platform: 'sros' } };
const bgp = (key: string, description = 'noc'): Part => ({
  device,
  fragments: [
    {
      updates: [{ path: [{ name: 'configure' }, { name: 'router', keys: { 'router-name': 'Base' } }, { name: 'bgp' }], value: { 'authentication-key': key, description }, replace: false }],
      deletes: [],
    },
  ],
} as unknown as Part);

describe('configHash', () => {
  it('changes with a rotated key and with any other leaf, and is stable', () => {
    expect(configHash(bgp('k1'))).toBe(configHash(bgp('k1')));
    expect(configHash(bgp('k2'))).not.toBe(configHash(bgp('k1')));
    expect(configHash(bgp('k1', 'other'))).not.toBe(configHash(bgp('k1')));
  });

  it('cannot be recomputed from a guessed key with a plain hash of the document', () => {
    const p = bgp('weak');
    const naive = createHash('sha256').update(JSON.stringify(p.fragments)).digest('hex').slice(0, 16);
    expect(configHash(p)).not.toBe(naive);
  });
});
