// `netintent lab up|status|down` on the shipped containerlab topology: every SR OS node
// answers ncclient on its own 127/8 address with the host key topology-data.json names,
// every SR Linux node answers gNMI over TLS from the lab CA, a second `up` changes nothing,
// and `down` leaves nothing running.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { GnmiClient } from '../../adapters/gnmi/client.js';
import { NetconfSession } from '../../adapters/netconf/session.js';
import { CREDENTIALS } from '../../lab/emulated/lab.js';
import { DIAL_LABEL, HOST_KEY_LABEL } from '../../lab/emulated/topology-data.js';
import { projectRoot } from '../../adapters/paths.js';
import { alive } from '../../lab/stack/processes.js';
import { copyTopology } from '../support/topology.js';

const root = projectRoot();
const topology = copyTopology('netintent.clab.yml');
const dir = dirname(topology);
const labDir = join(dir, 'clab-netintent');
const lab = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'lab', ...args, '--topology', topology], { encoding: 'utf8', timeout: 120_000 });

type Node = { kind: string; 'mgmt-ipv4-address': string; labels: Record<string, string> };
const data = () => JSON.parse(readFileSync(join(labDir, 'topology-data.json'), 'utf8')) as { name: string; nodes: Record<string, Node>; links: unknown[] };
const pids = () => (JSON.parse(readFileSync(join(labDir, 'netintent-emulation.json'), 'utf8')) as { nodes: { name: string; pid?: number }[] }).nodes.filter((n) => n.pid).map((n) => n.pid!);

beforeAll(() => {
  const r = lab('up');
  if (r.status !== 0) throw new Error(`lab up failed: ${r.stderr}`);
}, 180_000);

afterAll(() => {
  lab('down');
});

describe('the emulated lab', () => {
  it("writes containerlab's topology-data.json with the topology's own management addresses", () => {
    const d = data();
    expect(d.name).toBe('netintent');
    expect(d.nodes.pe1).toMatchObject({ kind: 'nokia_srsim', 'mgmt-ipv4-address': '172.20.20.200' });
    expect(d.nodes.pe1!.labels[DIAL_LABEL]).toMatch(/^127\.20\.20\.200:(830|10830)$/);
    expect(d.nodes.leaf1!.labels[DIAL_LABEL]).toBe('127.20.20.11:57400');
    expect(d.links.length).toBeGreaterThan(0);
  });

  it('serves every SR OS node to ncclient, with the pinned host key for our client', async () => {
    for (const [name, n] of Object.entries(data().nodes).filter(([, n]) => n.kind === 'nokia_srsim')) {
      const [host, port] = n.labels[DIAL_LABEL]!.split(':');
      const r = spawnSync('/usr/bin/python3', [join(root, 'test', 'support', 'ncclient_sros.py'), host!, port!, CREDENTIALS.sros.username, CREDENTIALS.sros.password], { encoding: 'utf8', timeout: 60_000 });
      expect({ name, stderr: r.stderr }).toEqual({ name, stderr: '' });
      expect(JSON.parse(r.stdout).commit_ok).toBe(true);
      const s = await NetconfSession.connect({ host: host!, port: Number(port), ...CREDENTIALS.sros, hostKeyFingerprint: n.labels[HOST_KEY_LABEL]! });
      await s.close();
    }
  }, 120_000);

  it('serves every SR Linux node over gNMI with TLS from the lab CA', async () => {
    const ca = readFileSync(join(labDir, '.tls', 'ca', 'ca.pem'));
    for (const n of Object.values(data().nodes).filter((x) => x.kind === 'nokia_srlinux')) {
      const c = new GnmiClient({ address: n.labels[DIAL_LABEL]!, ca, ...CREDENTIALS.srlinux });
      try {
        expect((await c.capabilities()).encodings).toContain('JSON_IETF');
      } finally {
        c.close();
      }
    }
  });

  it('a second up changes nothing; status says every simulator runs', () => {
    const before = pids();
    expect(lab('up').status).toBe(0);
    expect(pids()).toEqual(before);
    const s = lab('status');
    expect(s.status).toBe(0);
    expect(s.stdout).toMatch(/pe1\s+nokia_srsim\s+172\.20\.20\.200\s+127\.20\.20\.200:\d+\s+running/);
  });

  it('down leaves nothing running and removes the lab folder', () => {
    const before = pids();
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(lab('down').status).toBe(0);
    expect(before.filter(alive)).toEqual([]);
    expect(existsSync(labDir)).toBe(false);
    expect(lab('status').status).toBe(1);
  });
});
