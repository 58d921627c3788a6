// `netintent render --validate` judges each device's whole datastore (the underlay netintent
// expects + the rendered change) before anything is written: one bad document, no files.
import { describe, expect, it, jest } from '@jest/globals';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCommand } from '../../cli/commands/render.js';
import { projectRoot } from '../../adapters/paths.js';

/** The example devices plus one ENC object that names an FPE the underlay does not have. */
function manifests(fpe: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'netintent-render-'));
  copyFileSync(join(projectRoot(), 'examples', '00-devices.yaml'), join(dir, '00-devices.yaml'));
  writeFileSync(
    join(dir, 'fpe.yaml'),
    [
      'apiVersion: nwi.enc.nokia.com/v1alpha2',
      'kind: SROSConfig',
      'metadata: {name: fpe, namespace: default}',
      'spec:',
      '  switchID: 172.20.20.200',
      '  path: /router[router-name=Base]/segment-routing/segment-routing-v6',
      `  properties: {origination-fpe: [${fpe}]}`,
    ].join('\n'),
  );
  return dir;
}

async function render(args: string[]): Promise<{ error?: string; stderr: string }> {
  let stderr = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await renderCommand().exitOverride().parseAsync(args, { from: 'user' });
    return { stderr };
  } catch (e) {
    return { error: (e as Error).message, stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

describe('render --validate', () => {
  it('writes nothing when a device datastore fails, and names the file and the libyang message', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'netintent-out-')), 'out');
    const r = await render(['-f', manifests(9), '--validate', '-o', out]);
    expect(r.error).toMatch(/1 device datastore\(s\) rejected by yanglint; nothing written/);
    expect(r.stderr).toMatch(/INVALID pe1\.sros\.xml\n {2}libyang err : Invalid leafref value "9" - no target instance "..\/..\/..\/..\/fwd-path-ext\/fpe\/fpe-id"/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('writes every document when all pass, and validates without --out too', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'netintent-out-')), 'out');
    const ok = await render(['-f', manifests(1), '--validate', '-o', out]);
    expect(ok.error).toBeUndefined();
    expect(ok.stderr).toMatch(/valid {3}pe1\.sros\.xml/);
    expect(readdirSync(out).sort()).toEqual(['pe1.sros.xml', 'pe2.sros.xml']);
    const printed = await render(['-f', manifests(1), '--validate']);
    expect(printed.error).toBeUndefined();
  }, 60_000);
});
