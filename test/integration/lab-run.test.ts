// `netintent lab` (what `npm run lab` runs) end to end on the small topology, with its own
// embedded stack: every object Ready, the table and the devices' configurations printed,
// nothing left running; and a manifest that cannot converge makes it fail, naming it.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../adapters/paths.js';
import { examples } from './controller-lab.js';
import { copyTopology } from '../support/topology.js';

const root = projectRoot();
const topology = copyTopology('mini.clab.yml', 'netintent-lab-run-');
const dir = dirname(topology);

/** The examples cut down to the small lab: pe1 and leaf1, an SRv6 L3VPN with cluster egress on pe1. */
function miniExamples(extra: object[] = []): string {
  const out = join(dir, `examples-${extra.length}`);
  mkdirSync(out, { recursive: true });
  const devices = examples('00-devices.yaml').filter((o) => ['sros-credentials', 'srlinux-credentials', 'pe1', 'leaf1', 'pe2'].includes(o.metadata!.name!));
  const [vrf, vpn] = examples('10-l3vpn-srv6.yaml') as (object & { spec: { endpoints?: { device: string }[] } })[];
  vrf!.spec.endpoints = vrf!.spec.endpoints!.filter((e) => e.device === 'pe1');
  writeFileSync(join(out, 'all.yaml'), [...devices, vrf, vpn, ...extra].map((o) => stringify(o)).join('---\n'));
  return out;
}

const lab = (examplesDir: string, timeout: number) =>
  spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'lab', '--topology', topology, '--examples', examplesDir, '--dir', join(dir, 'kube'), '--timeout', String(timeout)], {
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, KUBECONFIG: '', TEMPORAL_ADDRESS: '' },
  });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('netintent lab', () => {
  it('converges the examples on the emulated lab and shows the table and the device configurations', () => {
    const r = lab(miniExamples(), 120);
    expect({ status: r.status, stderr: r.status ? r.stderr : '' }).toEqual({ status: 0, stderr: '' });
    expect(r.stderr).toMatch(/all \d+ objects Ready/);
    expect(r.stderr).toContain('NetworkDevice pe2: not a node of this lab; not applied'); // never dialled outside the lab
    expect(r.stdout).toMatch(/l3vpn\.netintent\.dev\/blue\s+True\s+True\s+1\/1\s+full-mesh\s+True/);
    expect(r.stdout).toMatch(/networkdevice\.netintent\.dev\/leaf1\s+True\s+True/);
    expect(r.stdout).toContain('# pe1 (nokia_srsim, 172.20.20.200): running configuration');
    expect(r.stdout).toMatch(/<service-name>blue<\/service-name>/);
    expect(r.stdout).toContain('# leaf1 (nokia_srlinux, 172.20.20.11): running configuration');
    expect(existsSync(join(dir, 'clab-mini'))).toBe(false); // the emulated lab is down again
    expect(readFileSync(join(dir, 'lab', 'worker.log'), 'utf8')).toContain('worker polling');
  }, 240_000);

  it('fails, naming what did not converge, when something cannot', () => {
    const stray = { apiVersion: 'netintent.dev/v1alpha1', kind: 'VRF', metadata: { name: 'stray' }, spec: { endpoints: [{ device: 'pe9', port: '1/1/c1/1', vlan: 300, ipv4: '10.9.9.1/24' }] } };
    const r = lab(miniExamples([stray]), 15);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not converged after 15s; 1 of \d+ not Ready:\n.*VRF default\/stray: WaitingForDependency: .*pe9/);
  }, 240_000);
});
