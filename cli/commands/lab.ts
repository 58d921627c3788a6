// `netintent lab`: the main job (run, the default) and the emulated topology on its own.
import { join } from 'node:path';
import { Command } from 'commander';
import { loadManifests } from '../../adapters/k8s/manifests.js';
import { projectRoot } from '../../adapters/paths.js';
import { defaultTestbedDir } from './testbed.js';
import { down, status, up } from '../../lab/emulated/lab.js';
import { runLab, stopKept } from '../../lab/run.js';

const say = (l: string) => process.stderr.write(`lab: ${l}\n`);

const DEFAULT_TOPOLOGY = () => join(projectRoot(), 'lab', 'topologies', 'netintent.clab.yml');

/** `lab up|down|status`: the emulated containerlab lab on its own. */
function emulatedCommands(lab: Command) {
  const topo = ['--topology <file>', 'containerlab topology (*.clab.yml)'] as const;
  lab
    .command('up')
    .description('Start the emulated lab of a containerlab topology: one simulator per SR OS / SR Linux node on its mgmt address moved into 127/8; writes clab-<name>/topology-data.json')
    .option(...topo)
    .action(async (o: { topology?: string }) => {
      const state = await up(o.topology ?? DEFAULT_TOPOLOGY(), say);
      say(`up: ${join(state.labDir, 'topology-data.json')}`);
    });
  lab
    .command('down')
    .description('Stop the emulated lab and remove its clab-<name> folder; also what a `lab --keep` left running besides the test bed')
    .option(...topo)
    .option('--dir <dir>', 'embedded stack state folder (default .testbed/kube)')
    .action(async (o: { topology?: string; dir?: string }) => {
      say((await down(o.topology ?? DEFAULT_TOPOLOGY(), say)) ? 'down' : 'was not up');
      const kept = await stopKept(o.dir ?? defaultTestbedDir());
      if (kept) say(`stopped the Temporal server, controller and worker a --keep run left (${kept} processes)`);
    });
  lab
    .command('status')
    .description('Show the emulated lab\'s nodes and whether their simulators run (exit 1 when not all do)')
    .option(...topo)
    .action((o: { topology?: string }) => {
      const { state, running } = status(o.topology ?? DEFAULT_TOPOLOGY());
      if (!state) {
        say('not up');
        process.exitCode = 1;
        return;
      }
      for (const n of state.nodes) process.stdout.write(`${n.name.padEnd(12)} ${n.kind.padEnd(16)} ${n.mgmt.padEnd(16)} ${n.dial ? `${n.dial.padEnd(22)} ${running[n.name] ? 'running' : 'STOPPED'}` : 'not emulated'}\n`);
      if (state.nodes.some((n) => n.dial && !running[n.name])) process.exitCode = 1;
    });
}

export function labCommand(): Command {
  const lab = new Command('lab').description('The local lab: `netintent lab` runs it end to end; up/down/status handle the emulated topology alone.');
  emulatedCommands(lab);
  lab.addCommand(runCommand(), { isDefault: true });
  return lab;
}

function runCommand(): Command {
  return new Command('run')
    .description(
      'The local lab, end to end: embedded Kubernetes API + Temporal, the emulated containerlab topology, CRDs, ' +
        'NetworkDevices from topology-data.json, the examples, controller and worker; waits until every object is Ready, ' +
        'then prints `kubectl get netintent` and each device\'s configuration. Exits 1 if anything does not converge in time.',
    )
    .option('--examples <dir>', 'manifests to apply instead of examples/')
    .option('--topology <file>', 'containerlab topology to emulate (default lab/topologies/netintent.clab.yml)')
    .option('--topology-data <file>', "a deployed lab's clab-<name>/topology-data.json (a real containerlab) instead of emulating")
    .option('--kubeconfig <file>', 'use this cluster (kind, k3d, a real one) instead of the embedded one')
    .option('--temporal-address <host:port>', 'use this Temporal instead of the embedded dev server')
    .option('--timeout <seconds>', 'how long everything may take to become Ready', '300')
    .option('--dir <dir>', 'embedded stack state folder (default .testbed/kube)')
    .option('--keep', 'leave everything running and print how to reach it')
    .action(async (o: { examples?: string; topology?: string; topologyData?: string; kubeconfig?: string; temporalAddress?: string; timeout: string; dir?: string; keep?: boolean }) => {
      const timeoutMs = Number(o.timeout) * 1000;
      if (!(timeoutMs > 0)) throw new Error('--timeout must be a positive number of seconds');
      const examples = o.examples ?? join(projectRoot(), 'examples');
      loadManifests(examples); // fail on bad YAML before starting anything
      const ok = await runLab({
        topology: o.topology ?? DEFAULT_TOPOLOGY(),
        ...(o.topologyData ? { topologyData: o.topologyData } : {}),
        examples,
        dir: o.dir ?? defaultTestbedDir(),
        ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
        ...(o.temporalAddress ? { temporalAddress: o.temporalAddress } : {}),
        timeoutMs,
        keep: !!o.keep,
        log: say,
        out: (t) => process.stdout.write(t),
      });
      if (!ok) process.exitCode = 1;
    });
}
