// `netintent sim sros|srlinux`: the lab's device simulators as standalone servers.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { SrosSimulator } from '../../lab/sim/sros/server.js';
import { SrlSimulator } from '../../lab/sim/srlinux/server.js';
import { serveControl, type Controllable } from '../../lab/sim/control.js';

const controlOption = ['--control <host:port>', 'HTTP control endpoint: GET/PUT /running, POST /faults, POST /drop'] as const;
const startupOption = ['--startup-config <file>', "startup config (containerlab's startup-config) merged over the platform base"] as const;

async function withControl(listen: string | undefined, sim: Controllable) {
  if (!listen) return;
  const { host, port } = hostPort(listen);
  const server = await serveControl(sim, host, port);
  process.stdout.write(`control on http://${host}:${(server.address() as { port: number }).port}\n`);
}

function hostPort(listen: string): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(listen);
  if (!m) throw new Error(`--listen wants host:port, got ${listen}`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export function simCommand(): Command {
  const cmd = new Command('sim').description('Run a device simulator (the lab runs one per node).');
  cmd
    .command('sros')
    .description('SR OS-like NETCONF server over SSH: candidate/running nokia-conf datastores, confirmed commit, YANG-checked edits')
    .requiredOption('--listen <host:port>', 'address to listen on, e.g. 127.0.0.1:8300')
    .requiredOption('--user <name>', 'SSH user name')
    .option('--password <password>', 'SSH password (or $NETINTENT_SIM_PASSWORD)')
    .option('--host-key <file>', 'SSH host private key (default: a fresh ed25519 key)')
    .option(...startupOption)
    .option(...controlOption)
    .action(async (o: { listen: string; user: string; password?: string; hostKey?: string; startupConfig?: string; control?: string }) => {
      const password = o.password ?? process.env.NETINTENT_SIM_PASSWORD;
      if (!password) throw new Error('give --password or set NETINTENT_SIM_PASSWORD');
      const { host, port } = hostPort(o.listen);
      const sim = await SrosSimulator.start({
        host,
        port,
        username: o.user,
        password,
        ...(o.hostKey ? { hostKey: readFileSync(o.hostKey) } : {}),
        ...(o.startupConfig ? { startupConfig: { file: o.startupConfig } } : {}),
      });
      process.stdout.write(`sros simulator listening on ${host}:${sim.port}\nhost key ${sim.hostKeyFingerprint}\n`);
      await withControl(o.control, {
        runningText: () => sim.runningXml(),
        setRunningText: (t) => sim.setRunning(t),
        setFaults: (f) => Object.assign(sim.faults, { latencyMs: f.latencyMs ?? 0, hang: f.hang ?? false, rejectNextCommit: f.rejectNext }),
        dropConnections: () => sim.dropConnections(),
      });
      const stop = () => void sim.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  cmd
    .command('srlinux')
    .description('SR Linux-like gNMI server: srl_nokia JSON_IETF datastore, atomic Set checked against the YANG models, Subscribe')
    .requiredOption('--listen <host:port>', 'address to listen on, e.g. 127.0.0.1:57400')
    .option('--tls-cert <file>', 'PEM server certificate')
    .option('--tls-key <file>', 'PEM server key')
    .option('--insecure', 'plaintext gRPC, no TLS (lab only)')
    .option('--user <name>', 'require this username in the gRPC metadata')
    .option('--password <password>', 'and this password (or $NETINTENT_SIM_PASSWORD)')
    .option(...startupOption)
    .option(...controlOption)
    .action(async (o: { listen: string; tlsCert?: string; tlsKey?: string; insecure?: boolean; user?: string; password?: string; startupConfig?: string; control?: string }) => {
      if (!o.insecure && !(o.tlsCert && o.tlsKey)) throw new Error('give --tls-cert and --tls-key, or --insecure for plaintext');
      const { host, port } = hostPort(o.listen);
      const sim = await SrlSimulator.start({
        host,
        port,
        ...(o.user ? { username: o.user, password: o.password ?? process.env.NETINTENT_SIM_PASSWORD ?? '' } : {}),
        ...(o.tlsCert && o.tlsKey ? { tls: { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } } : {}),
        ...(o.startupConfig ? { startupConfig: { file: o.startupConfig } } : {}),
      });
      process.stdout.write(`srlinux simulator listening on ${host}:${sim.port} (${o.insecure ? 'plaintext' : 'TLS'})\n`);
      await withControl(o.control, {
        runningText: () => JSON.stringify(sim.doc, null, 2),
        setRunningText: (t) => sim.setDocument(JSON.parse(t)),
        setFaults: (f) => Object.assign(sim.faults, { latencyMs: f.latencyMs ?? 0, hang: f.hang ?? false, rejectNextSet: f.rejectNext }),
        dropConnections: () => sim.dropConnections(),
      });
      const stop = () => void sim.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  return cmd;
}
