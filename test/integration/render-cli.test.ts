// `netintent render` as a NOC engineer runs it: the built CLI, real files, real yanglint.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../adapters/paths.js';

const root = projectRoot();
const cli = (...args: string[]) => spawnSync('node', [join(root, 'dist', 'cli', 'main.js'), ...args], { encoding: 'utf8', cwd: root });

describe('netintent render', () => {
  it('writes one file per device from examples/, each accepted by yanglint', () => {
    const out = mkdtempSync(join(tmpdir(), 'netintent-render-'));
    const r = cli('render', '-f', 'examples/', '--out', out, '--validate');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['leaf1.srlinux.json', 'leaf2.srlinux.json', 'pe1.sros.xml', 'pe2.sros.xml']);
    expect(r.stderr.match(/^valid /gm)).toHaveLength(4);
  });

  it('prints to stdout with a header per device', () => {
    const r = cli('render', '-f', 'examples/40-seed-enc.yaml', '-f', 'examples/00-devices.yaml', '--format', 'gnmi');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# pe1\.gnmi\.json — pe1 \(sros, 172\.20\.20\.200\)$/m);
    expect(r.stdout).toContain('"path": "/configure/service/vpls[service-name=vpls-01]"');
  });

  it('names the manifest, the field and the reason, and exits non-zero', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netintent-bad-'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        'apiVersion: netintent.dev/v1alpha1',
        'kind: VRF',
        'metadata: {name: broken}',
        'spec:',
        '  routeDistinguisher: "65000"',
        '  endpoints: [{device: pe1, port: 1/1/c1/1, ipv4: 10.0.0.1/24}]',
      ].join('\n'),
    );
    const r = cli('render', '-f', join(dir, 'bad.yaml'), '--out', join(dir, 'out'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'bad.yaml')}#1: VRF default/broken: spec.routeDistinguisher: must be a route distinguisher`);
    expect(r.stderr).toContain('nothing rendered');
  });

  it('explains itself', () => {
    const r = cli('render', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--format <format>');
    expect(r.stdout).toContain('--validate');
  });
});
