// The emulated lab: a containerlab topology brought up without Docker. Every SR OS node is
// a `netintent sim sros` and every SR Linux node a `netintent sim srlinux`, each on its
// management address moved into 127/8 with the standard ports, started detached so `down`
// from another process stops them. The lab folder is containerlab's (`clab-<name>` next to
// the topology file, `.tls/` with a lab CA) and so is `topology-data.json`.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateHostKey, hostKeyFingerprint } from '../sim/sros/server.js';
import { newCA, signCert } from '../stack/certs.js';
import { projectRoot } from '../../adapters/paths.js';
import { alive, startDetached, stopGroup, tcpReachable, waitFor } from '../stack/processes.js';
import { addresses, loadTopology, type Emulation, type Topology } from './topology.js';
import { topologyData } from './topology-data.js';

/** The examples' credentials Secrets say the same. */
export const CREDENTIALS: Record<Exclude<Emulation, 'none'>, { username: string; password: string }> = {
  sros: { username: 'admin', password: 'NokiaSros1!' },
  srlinux: { username: 'admin', password: 'NokiaSrl1!' },
};

export interface EmulatedNode {
  name: string;
  kind: string;
  emulation: Emulation;
  mgmt: string;
  /** host:port the emulation serves (NETCONF for SR OS, gNMI for SR Linux); none when not emulated. */
  dial?: string;
  /** HTTP control endpoint of the simulator (running config, faults). */
  control?: string;
  pid?: number;
  log?: string;
  hostKeyFingerprint?: string;
}

export interface LabState {
  name: string;
  topology: string;
  labDir: string;
  /** The lab CA that signed every SR Linux node's certificate. */
  ca: string;
  nodes: EmulatedNode[];
}

const STATE = 'netintent-emulation.json';
const CONTROL_PORT = 8080;
/** Port 830 needs root (or CAP_NET_BIND_SERVICE); others get 10830. */
const netconfPort = () => (process.getuid?.() === 0 ? 830 : 10830);

export const labDirFor = (topologyFile: string, t: Topology) => join(dirname(resolve(topologyFile)), `clab-${t.name}`);

export function readState(labDir: string): LabState | undefined {
  const f = join(labDir, STATE);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as LabState) : undefined;
}

async function labCerts(labDir: string, t: Topology, addrs: ReturnType<typeof addresses>): Promise<string> {
  const tls = join(labDir, '.tls');
  const ca = join(tls, 'ca', 'ca.pem');
  const caKey = join(tls, 'ca', 'ca.key');
  if (!existsSync(ca)) {
    mkdirSync(dirname(ca), { recursive: true });
    await newCA(ca, caKey, `${t.name} lab CA`);
  }
  for (const n of t.nodes.filter((x) => x.emulation === 'srlinux')) {
    const dir = join(tls, n.name);
    const cert = join(dir, `${n.name}.pem`);
    if (existsSync(cert)) continue;
    mkdirSync(dir, { recursive: true });
    const a = addrs.get(n.name)!;
    await signCert({
      ca,
      caKey,
      subj: `/CN=${n.name}`,
      key: join(dir, `${n.name}.key`),
      cert,
      work: join(dir, n.name),
      ext: `subjectAltName=DNS:${n.name},DNS:clab-${t.name}-${n.name},IP:${a.mgmt},IP:${a.loopback}\nextendedKeyUsage=serverAuth\n`,
    });
  }
  return ca;
}

/** Starts what is not running yet; a second `up` of a running lab changes nothing. */
export async function up(topologyFile: string, log: (l: string) => void = () => {}): Promise<LabState> {
  const t = loadTopology(topologyFile);
  const labDir = labDirFor(topologyFile, t);
  const before = readState(labDir);
  const addrs = addresses(t);
  mkdirSync(labDir, { recursive: true });
  const ca = await labCerts(labDir, t, addrs);
  const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
  const nodes: EmulatedNode[] = [];
  for (const n of t.nodes) {
    const a = addrs.get(n.name)!;
    const node: EmulatedNode = { name: n.name, kind: n.kind, emulation: n.emulation, mgmt: a.mgmt };
    nodes.push(node);
    if (n.emulation === 'none') {
      log(`${n.name}: kind ${n.kind} is not emulated (listed in topology-data.json only)`);
      continue;
    }
    const dir = join(labDir, n.name);
    mkdirSync(dir, { recursive: true });
    const creds = CREDENTIALS[n.emulation];
    node.dial = `${a.loopback}:${n.emulation === 'sros' ? netconfPort() : 57400}`;
    node.control = `${a.loopback}:${CONTROL_PORT}`;
    node.log = join(dir, 'sim.log');
    const args = ['--listen', node.dial, '--user', creds.username, '--control', node.control];
    // The node's startup config, as containerlab resolves it: relative to the topology file.
    if (n.startupConfig) {
      const file = resolve(dirname(resolve(topologyFile)), n.startupConfig);
      if (!existsSync(file)) throw new Error(`${topologyFile}: node ${n.name}: startup-config ${file} not found`);
      args.push('--startup-config', file);
    }
    if (n.emulation === 'sros') {
      const keyFile = join(dir, 'ssh_host_ed25519_key');
      if (!existsSync(keyFile)) writeFileSync(keyFile, generateHostKey(), { mode: 0o600 });
      node.hostKeyFingerprint = hostKeyFingerprint(readFileSync(keyFile));
      args.push('--host-key', keyFile);
    } else args.push('--tls-cert', join(labDir, '.tls', n.name, `${n.name}.pem`), '--tls-key', join(labDir, '.tls', n.name, `${n.name}.key`));
    const was = before?.nodes.find((x) => x.name === n.name);
    if (was?.pid && alive(was.pid) && was.dial === node.dial) {
      node.pid = was.pid;
      log(`${n.name}: already running on ${node.dial}`);
      continue;
    }
    const p = startDetached(n.name, process.execPath, [cli, 'sim', n.emulation, ...args], node.log, { ...process.env, NETINTENT_SIM_PASSWORD: creds.password });
    node.pid = p.pid;
    log(`${n.name}: ${n.kind} emulated on ${node.dial} (mgmt ${a.mgmt})`);
  }
  for (const n of nodes.filter((x) => x.dial))
    await waitFor(`${n.name} (${n.kind}) on ${n.dial}`, () => tcpReachable(n.dial!.replace(/:\d+$/, ''), Number(n.dial!.split(':').pop())), 60_000, n.pid, n.log);
  const state: LabState = { name: t.name, topology: resolve(topologyFile), labDir, ca, nodes };
  writeFileSync(join(labDir, STATE), JSON.stringify(state, null, 2));
  writeFileSync(join(labDir, 'topology-data.json'), JSON.stringify(topologyData(t, state), null, 2));
  return state;
}

/** Stops every simulator of the lab and removes its folder: nothing is left running. */
export async function down(topologyFile: string, log: (l: string) => void = () => {}): Promise<boolean> {
  const t = loadTopology(topologyFile);
  const labDir = labDirFor(topologyFile, t);
  const state = readState(labDir);
  await Promise.all(
    (state?.nodes ?? []).filter((n) => n.pid && alive(n.pid)).map(async (n) => {
      await stopGroup(n.pid!, 5000);
      log(`${n.name}: stopped`);
    }),
  );
  rmSync(labDir, { recursive: true, force: true });
  return !!state;
}

export function status(topologyFile: string): { state?: LabState; running: Record<string, boolean> } {
  const t = loadTopology(topologyFile);
  const state = readState(labDirFor(topologyFile, t));
  return { ...(state ? { state } : {}), running: Object.fromEntries((state?.nodes ?? []).map((n) => [n.name, !!n.pid && alive(n.pid)])) };
}
