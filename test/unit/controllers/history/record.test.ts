// Engine record → DeviceTransaction objects: secrets masked, previous specs with a secret
// withheld, diffs cut under a budget, large transactions split in parts, and every object
// valid against the CRD's own schema (zod).
import { describe, expect, it } from '@jest/globals';
import { deviceTransactionSpec } from '../../../../apis/devicetransaction.js';
import { redactSecretText } from '../../../../adapters/yang/secrets.js';
import { cut, deviceTransactions, DIFF_BUDGET, share } from '../../../../controllers/history/record.js';
import type { TransactionRecord } from '../../../../devices/history.js';

const rec = (o: Partial<TransactionRecord> = {}): TransactionRecord => ({
  id: 'tx-abc-1',
  time: new Date('2026-01-01T00:00:00Z'),
  outcome: 'Committed',
  intents: [{ key: 'VRF/ns/blue', origin: { apiVersion: 'netintent.dev/v1alpha1', kind: 'VRF', namespace: 'ns', name: 'blue', uid: 'u1', generation: 3, cause: 'Change', requestedBy: 'alice', previous: { generation: 2, spec: { description: 'old' } } } }],
  devices: [{ name: 'pe1', namespace: 'ns', state: 'Synced', diff: '+ <description>new</description>' }],
  ...o,
});

describe('redactSecretText', () => {
  it('masks secret leaves in XML, JSON and CLI text, and leaves the rest', () => {
    const text = [
      '+ <authentication-key>hunter2</authentication-key>',
      '- <conf:password>old$hash</conf:password>',
      '+   "srl_nokia-bgp:auth-password": "s3cr3t",',
      '+   "description": "password reset",',
      'MINOR: CLI #2007: auth-key "abc def" is invalid',
      '+ <description>keep me</description>',
    ].join('\n');
    const out = redactSecretText(text);
    for (const s of ['hunter2', 'old$hash', 's3cr3t', 'abc def']) expect(out).not.toContain(s);
    expect(out).toContain('<authentication-key><secret></authentication-key>');
    expect(out).toContain('"srl_nokia-bgp:auth-password": "<secret>"');
    expect(out).toContain('"description": "password reset"');
    expect(out).toContain('<description>keep me</description>');
    expect(out).toContain('auth-key <secret> is invalid');
  });
});

describe('deviceTransactions', () => {
  it('records intents, devices, diff, previous spec and who asked, valid for the CRD', () => {
    const [o, ...more] = deviceTransactions(rec(), 'netintent-system');
    expect(more).toEqual([]);
    expect(o!.metadata).toMatchObject({ name: 'tx-abc-1', namespace: 'netintent-system' });
    expect(o!.spec).toMatchObject({ id: 'tx-abc-1', outcome: 'Committed', requestedBy: 'alice', summary: { devices: 'pe1', intents: 'VRF/blue' } });
    expect(o!.spec.intents[0]).toEqual({ apiVersion: 'netintent.dev/v1alpha1', kind: 'VRF', namespace: 'ns', name: 'blue', uid: 'u1', generation: 3, cause: 'Change', requestedBy: 'alice', previousGeneration: 2 });
    expect(JSON.parse(o!.spec.previousSpecs!)).toEqual({ 'VRF/ns/blue': { description: 'old' } });
    expect(deviceTransactionSpec.safeParse(o!.spec).success).toBe(true);
  });

  it('withholds a previous spec that holds a secret and masks secrets in diffs and errors', () => {
    const r = rec({
      outcome: 'Failed',
      intents: [{ key: 'SROSConfig/ns/bgp', origin: { apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', namespace: 'ns', name: 'bgp', cause: 'Change', previous: { generation: 1, spec: { properties: { 'auth-key': 'topsecret' } } } } }],
      devices: [{ name: 'pe1', namespace: 'ns', state: 'Unchanged', diff: '+ <auth-key>topsecret</auth-key>' }],
      error: { device: 'pe1', reason: 'CommitRejected', message: 'bad <auth-key>topsecret</auth-key>' },
    });
    const [o] = deviceTransactions(r, 'sys');
    expect(JSON.stringify(o)).not.toContain('topsecret');
    expect(o!.spec.intents[0]!.previousSpecWithheld).toContain('auth-key');
    expect(o!.spec.previousSpecs).toBeUndefined();
    expect(o!.spec.error).toMatchObject({ device: 'pe1', reason: 'CommitRejected' });
  });

  it('cuts large diffs with a marker under the budget and splits many devices into parts', () => {
    const big = 'x'.repeat(200_000);
    const devices = Array.from({ length: 70 }, (_, i) => ({ name: `d${i}`, namespace: 'ns', state: 'Synced' as const, diff: i === 0 ? big : '+ small' }));
    const parts = deviceTransactions(rec({ devices }), 'sys');
    expect(parts.map((p) => p.metadata.name)).toEqual(['tx-abc-1.1', 'tx-abc-1.2']);
    expect(parts.map((p) => p.spec.part)).toEqual([{ index: 1, of: 2 }, { index: 2, of: 2 }]);
    expect(parts.map((p) => p.spec.devices.length)).toEqual([64, 6]);
    const first = parts[0]!.spec.devices[0]!.diff;
    expect(first).toMatch(/truncated: \d+ more characters/);
    expect(parts[0]!.spec.devices[1]!.diff).toBe('+ small');
    for (const p of parts) {
      expect(JSON.stringify(p).length).toBeLessThan(256 * 1024);
      expect(deviceTransactionSpec.safeParse(p.spec).success).toBe(true);
    }
    expect(parts[0]!.spec.devices.reduce((n, d) => n + d.diff.length, 0)).toBeLessThanOrEqual(DIFF_BUDGET);
  });

  it('shares a budget: short texts keep everything, long ones split the rest', () => {
    expect(share([10, 1000, 1000], 510)).toEqual([10, 250, 250]);
    expect(cut('abcdef', 10)).toBe('abcdef');
    expect(cut('a'.repeat(1000), 100)).toHaveLength(100);
  });
});
