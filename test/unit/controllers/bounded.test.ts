import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bounded, boundedStatus, TEXT_LIMITS } from '../../../controllers/runtime/bounded.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('bounded text', () => {
  it('leaves text that fits alone', () => {
    expect(bounded('commit failed', 1024)).toBe('commit failed');
    const exact = 'x'.repeat(1024);
    expect(bounded(exact, 1024)).toBe(exact);
  });

  it('cuts a 500 KB device error to the limit with a marker saying how much was cut', () => {
    const error = `MINOR: CLI #2007: Invalid description - ${'d'.repeat(500_000)}`;
    const out = bounded(error, TEXT_LIMITS.conditionMessage);
    expect(bytes(out)).toBeLessThanOrEqual(TEXT_LIMITS.conditionMessage);
    expect(out.startsWith('MINOR: CLI #2007: Invalid description - ddd')).toBe(true);
    const m = /… \[truncated ([\d,]+) bytes\]$/.exec(out);
    expect(m).not.toBeNull();
    const cut = Number(m![1]!.replace(/,/g, ''));
    // head + cut = the whole message, and the count is grouped like 493,112.
    expect(bytes(out) - bytes(m![0]) + cut).toBe(bytes(error));
    expect(m![1]).toMatch(/^\d{1,3}(,\d{3})+$/);
  });

  it('never splits a multibyte character', () => {
    const text = '€'.repeat(2000) + '😀'.repeat(2000); // 3- and 4-byte characters
    for (const max of [100, 101, 102, 103, 1000, 6001, 9999]) {
      const out = bounded(text, max);
      expect(bytes(out)).toBeLessThanOrEqual(max);
      expect(out).not.toContain('\uFFFD');
      const head = out.slice(0, out.indexOf('… [truncated'));
      expect(text.startsWith(head)).toBe(true);
    }
  });

  it('holds for any text and limit (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), fc.integer({ min: 64, max: 4000 }), (text, max) => {
        const out = bounded(text, max);
        expect(bytes(out)).toBeLessThanOrEqual(max);
        if (bytes(text) <= max) expect(out).toBe(text);
        else {
          const at = out.lastIndexOf('… [truncated ');
          expect(at).toBeGreaterThanOrEqual(0);
          expect(text.startsWith(out.slice(0, at))).toBe(true);
          expect(bytes(out.slice(0, at)) + Number(/([\d,]+) bytes\]$/.exec(out)![1]!.replace(/,/g, ''))).toBe(bytes(text));
        }
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('bounds every text field of a status', () => {
    const huge = 'é'.repeat(300_000);
    const s = boundedStatus({
      conditions: [{ type: 'Ready', status: 'False', reason: 'CommitRejected', message: huge }],
      devices: [{ name: 'pe1', state: 'Failed', message: huge }],
      diff: huge,
      deviceSummary: '0/1',
    });
    const [c] = s.conditions as { message: string }[];
    const [d] = s.devices as { message: string }[];
    expect(bytes(c!.message)).toBeLessThanOrEqual(TEXT_LIMITS.conditionMessage);
    expect(bytes(d!.message)).toBeLessThanOrEqual(TEXT_LIMITS.deviceMessage);
    expect(bytes(s.diff as string)).toBeLessThanOrEqual(TEXT_LIMITS.statusText);
    for (const t of [c!.message, d!.message, s.diff as string]) expect(t).toMatch(/… \[truncated [\d,]+ bytes\]$/);
    expect(s.deviceSummary).toBe('0/1');
  });
});
