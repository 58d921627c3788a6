// `netintent sim sros|srlinux`: the lab's device simulators as standalone servers.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { SrosSimulator } from '../../lab/sim/sros/server.js';
import { SrlSimulator } from '../../lab/sim/srlinux/server.js';
import { serveControl, type Controllable } from '../../lab/sim/control.js';
import { srlControllable, srosControllable } from '../../lab/sim/control-targets.js';
import { SimulatorFleet } from '../../lab/sim/fleet.js';

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
      await withControl(o.control, srosControllable(sim));
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
      await withControl(o.control, srlControllable(sim));
      const stop = () => void sim.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  cmd
    .command('fleet')
    .description(
      'Many simulated devices in one process, for benchmarks: N SR OS (NETCONF) and M SR Linux (gNMI) on 127.0.0.1, ' +
        'ephemeral ports, an injected round trip per request. When ready, prints ONE JSON line on stdout: ' +
        '{"devices":[{"name","platform","port","hostKeyFingerprint"?}],"control":"http://host:port"}; ' +
        'the control endpoint serves GET /stats ({devices:{name:{rpcs,commits}},totals}), POST /reset-stats, POST /reset (configurations as they started) and GET /devices.',
    )
    .option('--sros <n>', 'number of SR OS devices', wholeNumber, 0)
    .option('--srlinux <n>', 'number of SR Linux devices', wholeNumber, 0)
    .option('--name-prefix <prefix>', 'device names are <prefix>-sros-<n> and <prefix>-srlinux-<n>', 'sim')
    .option('--rtt <ms>', 'round trip injected before every RPC / gNMI request, in ms', wholeNumber, 2)
    .option('--no-validate', 'BENCHMARK ONLY: skip the YANG (yanglint) check of edits, commits and Sets, so the numbers measure the client')
    .option('--user <name>', 'user name every device accepts', 'admin')
    .option('--password <password>', 'password every device accepts (or $NETINTENT_SIM_PASSWORD)')
    .option('--tls-cert <file>', 'SR Linux: PEM server certificate (shared by all SR Linux devices)')
    .option('--tls-key <file>', 'SR Linux: PEM server key')
    .option('--insecure', 'SR Linux: plaintext gRPC, no TLS (lab only)')
    .option('--sros-startup-config <file>', 'MD-CLI startup config every SR OS device boots with, over the platform base (e.g. the FPEs SRv6 services need)')
    .option('--control <host:port>', 'the fleet control endpoint (GET /stats, POST /reset-stats, POST /reset)', '127.0.0.1:0')
    .action(
      async (o: { sros: number; srlinux: number; namePrefix: string; rtt: number; validate: boolean; user: string; password?: string; tlsCert?: string; tlsKey?: string; insecure?: boolean; control: string; srosStartupConfig?: string }) => {
        const password = o.password ?? process.env.NETINTENT_SIM_PASSWORD;
        if (!password) throw new Error('give --password or set NETINTENT_SIM_PASSWORD');
        if (o.srlinux && !o.insecure && !(o.tlsCert && o.tlsKey)) throw new Error('SR Linux devices: give --tls-cert and --tls-key, or --insecure for plaintext');
        if (!o.validate) process.stderr.write('sim fleet: validation OFF (benchmark only): edits, commits and Sets are not checked against the YANG models\n');
        const started = Date.now();
        const fleet = await SimulatorFleet.start({
          sros: o.sros,
          srlinux: o.srlinux,
          namePrefix: o.namePrefix,
          rttMs: o.rtt,
          validate: o.validate,
          username: o.user,
          password,
          ...(o.srosStartupConfig ? { srosStartupConfig: { file: o.srosStartupConfig } } : {}),
          ...(o.tlsCert && o.tlsKey && !o.insecure ? { tls: { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } } : {}),
        });
        const { host, port } = hostPort(o.control);
        const control = await fleet.serveControl(host, port);
        const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
        process.stderr.write(`sim fleet: ${o.sros} SR OS + ${o.srlinux} SR Linux devices ready in ${Date.now() - started} ms, rss ${rssMb} MiB, rtt ${o.rtt} ms\n`);
        process.stdout.write(JSON.stringify({ devices: fleet.devices, control: control.url }) + '\n');
        const stop = () => {
          control.server.close();
          void fleet.close().then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
  return cmd;
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number, got ${v}`);
  return n;
}
