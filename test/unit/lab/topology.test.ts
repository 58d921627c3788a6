// Reading containerlab topologies for the emulated lab: nodes, kinds, addresses, links, and
// clear errors for files containerlab would refuse too.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { addresses, loadTopology, parseTopology } from '../../../lab/emulated/topology.js';
import { linuxName } from '../../../lab/emulated/topology-data.js';
import { projectRoot } from '../../../adapters/paths.js';

describe('containerlab topology', () => {
  it('reads the shipped topology: SR OS and SR Linux nodes emulated, the kind cluster not', () => {
    const t = loadTopology(join(projectRoot(), 'lab', 'topologies', 'netintent.clab.yml'));
    expect(t.name).toBe('netintent');
    expect(t.nodes.map((n) => [n.name, n.emulation])).toEqual([['pe1', 'sros'], ['pe2', 'sros'], ['leaf1', 'srlinux'], ['leaf2', 'srlinux'], ['k8s', 'none']]);
    const a = addresses(t);
    expect(a.get('pe1')).toEqual({ mgmt: '172.20.20.200', loopback: '127.20.20.200' });
    expect(a.get('k8s')).toEqual({ mgmt: '', loopback: '' });
    expect(t.links).toContainEqual({ a: { node: 'pe1', interface: '1/1/c1/1' }, z: { node: 'leaf1', interface: 'ethernet-1/1' } });
  });

  it('hands nodes without a static address the next free host, as containerlab does', () => {
    const t = parseTopology('name: x\nmgmt: {ipv4-subnet: 10.9.0.0/24}\ntopology:\n  nodes:\n    a: {kind: nokia_srlinux, mgmt-ipv4: 10.9.0.2}\n    b: {kind: nokia_srlinux}\n');
    expect(addresses(t).get('b')).toEqual({ mgmt: '10.9.0.3', loopback: '127.9.0.3' });
  });

  it('refuses what containerlab would refuse, saying where', () => {
    expect(() => parseTopology('topology: {nodes: {a: {kind: srl}}}', 'f.yml')).toThrow('f.yml: needs a `name`');
    expect(() => parseTopology('name: x\ntopology: {nodes: {a: {}}}')).toThrow('node a has no kind');
    expect(() => parseTopology('name: x\ntopology:\n  nodes: {a: {kind: srl}}\n  links: [{endpoints: ["a:e1-1", "b:e1-1"]}]')).toThrow('links[0]: endpoint b:e1-1');
    expect(() => parseTopology('name: x\ntopology: {nodes: {a: {kind: srl, mgmt-ipv4: 300.1.1}}}')).toThrow('not an IPv4 address');
  });

  it("reports interfaces by containerlab's Linux names", () => {
    expect(linuxName('1/1/c1/1')).toBe('e1-1-c1-1');
    expect(linuxName('ethernet-1/3')).toBe('e1-3');
    expect(linuxName('eth1')).toBe('eth1');
  });
});
