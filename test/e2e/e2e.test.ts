// End to end on a lab described by containerlab's topology-data.json: the emulated lab of
// lab/topologies/netintent.clab.yml by default, or a real containerlab deployment with
// CLAB_TOPOLOGY_DATA=<clab-netintent/topology-data.json>. `netintent controller` and
// `netintent worker` run as processes against the test bed's API server and Temporal; what
// reaches the devices is read with clients nobody here wrote: ncclient for SR OS, pygnmi
// for SR Linux. Apply, converge, verify, update, drift, delete.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { loadManifests } from '../../adapters/k8s/manifests.js';
import { labDevices, readTopologyData, type TopologyData } from '../../lab/devices.js';
import { CREDENTIALS, down, up } from '../../lab/emulated/lab.js';
import { DIAL_LABEL } from '../../lab/emulated/topology-data.js';
import { cacheDir, projectRoot } from '../../adapters/paths.js';
import { examples, Lab, waitFor } from '../integration/controller-lab.js';
import { copyTopology } from '../support/topology.js';
import { installEgressCRDs, startControllerProcess, startWorker, type CliProcess } from '../integration/egress-lab.js';

const root = projectRoot();
const real = process.env.CLAB_TOPOLOGY_DATA;
const ENC_NS = 'enc-nwi-system';
let topology: string | undefined;
let dataFile: string;
let data: TopologyData;
let lab: Lab;
let controller: CliProcess;
let worker: CliProcess;

/** host and port a node is reached at: the emulated lab says; a real one is its mgmt address. */
function target(node: string, port: number): [string, string] {
  const n = data.nodes[node]!;
  const dial = n.labels?.[DIAL_LABEL];
  return dial ? (dial.split(':') as [string, string]) : [n['mgmt-ipv4-address'], String(port)];
}

function ncclient(node: string, filter?: string): string {
  const [host, port] = target(node, 830);
  const r = spawnSync('/usr/bin/python3', [join(root, 'test', 'support', 'ncclient_get.py'), host, port, CREDENTIALS.sros.username, CREDENTIALS.sros.password, ...(filter ? [filter] : [])], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`ncclient ${node}: ${r.stderr}`);
  return r.stdout;
}

function pygnmi(node: string, ...args: string[]): string {
  const [host, port] = target(node, 57400);
  const ca = join(dirname(dataFile), '.tls', 'ca', 'ca.pem');
  const r = spawnSync(join(cacheDir(), 'pyvenv', 'bin', 'python'), [join(root, 'test', 'support', 'pygnmi_client.py'), host, port, CREDENTIALS.srlinux.username, CREDENTIALS.srlinux.password, ca, node, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pygnmi ${node}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The network instances on an SR Linux node (none at all reads as not found). */
function networkInstances(node: string): string {
  try {
    return pygnmi(node, 'get', '/network-instance');
  } catch (e) {
    if (/not found/.test(String(e))) return '';
    throw e;
  }
}

const vprn = (name: string) => `<configure xmlns="urn:nokia.com:sros:ns:yang:sr:conf"><service><vprn><service-name>${name}</service-name></vprn></service></configure>`;
const intents = () => [...examples('10-l3vpn-srv6.yaml'), ...examples('20-vpls.yaml'), ...examples('30-srv6policy.yaml'), ...examples('40-seed-enc.yaml')];

beforeAll(async () => {
  if (real) dataFile = real;
  else {
    topology = copyTopology('netintent.clab.yml', 'netintent-e2e-');
    dataFile = join((await up(topology)).labDir, 'topology-data.json');
  }
  data = readTopologyData(dataFile);
  lab = await Lab.create('e2e');
  await installEgressCRDs(lab);
  const given = loadManifests(join(root, 'examples', '00-devices.yaml'));
  await lab.apply([...given.filter((m) => m.kind === 'Secret'), ...labDevices(data, dataFile, given)]);
  const queue = `e2e-${lab.ns}`;
  [controller, worker] = await Promise.all([startControllerProcess(lab, process.env.TEMPORAL_ADDRESS!, queue, [ENC_NS]), startWorker(process.env.TEMPORAL_ADDRESS!, queue)]);
}, 180_000);

afterAll(async () => {
  await Promise.all([controller?.kill(), worker?.kill()]);
  await lab?.stop();
  if (topology) await down(topology);
});

describe(`end to end on ${real ? `the containerlab deployment ${real}` : 'the emulated lab'}`, () => {
  it('converges every example: devices, SRv6 L3VPN with cluster egress, VPLS, SRv6 policy, the seed ENC manifests', async () => {
    await lab.apply(intents() as KubernetesObject[]);
    for (const [kind, name, ns] of [['NetworkDevice', 'pe1'], ['NetworkDevice', 'leaf2'], ['VRF', 'blue'], ['L3VPN', 'blue'], ['VPLS', 'green'], ['SRv6Policy', 'pe1-to-pe2-gold'], ['SROSConfig', 'vpls-01'], ['SROSConfig', 'customer-1234', ENC_NS]] as const)
      await lab.waitCondition(kind, name, 'Ready', 'True', undefined, 90_000, ns);
  }, 240_000);

  it('put on the devices what the intents say, as ncclient and pygnmi read it', () => {
    const blue = ncclient('pe1', vprn(`${lab.ns}.blue`));
    expect(blue).toContain('<description>tenant blue</description>');
    expect(blue).toMatch(/<sap-id>1\/1\/c1\/1:100<\/sap-id>/);
    expect(blue).toMatch(/<end-dt46>\s*<value>\d+<\/value>/);
    expect(ncclient('pe2', vprn(`${lab.ns}.blue`))).toContain('<description>tenant blue</description>');
    expect(ncclient('pe1')).toContain('<service-name>vpls-01</service-name>'); // the seed deck, unchanged, on 172.20.20.200
    const green = pygnmi('leaf1', 'get', `/network-instance[name=${lab.ns}.green]`);
    expect(green).toContain('mac-vrf');
  });

  it('carries an update to the devices', async () => {
    await lab.patch('VRF', 'blue', { spec: { description: 'tenant blue, renamed' } });
    await waitFor('pe1 to show the new description', () => ncclient('pe1', vprn(`${lab.ns}.blue`)).includes('tenant blue, renamed'), 60_000);
  }, 90_000);

  it('puts back a change made on a device behind its back', async () => {
    pygnmi('leaf2', 'update', `/network-instance[name=${lab.ns}.green]`, JSON.stringify({ description: 'hand edit' }));
    await waitFor('leaf2 reverted', () => !pygnmi('leaf2', 'get', `/network-instance[name=${lab.ns}.green]`).includes('hand edit'), 60_000);
    await lab.waitCondition('VPLS', 'green', 'Drifted', 'False', 'DriftReverted');
  }, 90_000);

  it('removes everything from the devices on delete', async () => {
    for (const o of intents().reverse()) await lab.delete(o.kind!, o.metadata!.name!, o.metadata!.namespace ?? lab.ns);
    await waitFor('pe1 without the VPN and the seed services', () => {
      const all = ncclient('pe1');
      return !all.includes(`${lab.ns}.blue`) && !all.includes('vpls-01') && all;
    }, 90_000);
    await waitFor('leaf1 without the VPLS', () => !networkInstances('leaf1').includes(`${lab.ns}.green`), 60_000);
  }, 180_000);
});
