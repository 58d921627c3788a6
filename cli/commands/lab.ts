import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { KINDS } from '../../apis/index.js';
import { crdFor } from '../../apis/crd.js';
import { applyAll, installCRDs, loadManifests } from '../../adapters/k8s/manifests.js';
import { projectRoot } from '../../lab/stack/paths.js';
import { startKube, stopKube } from '../../lab/stack/kube.js';
import { defaultTestbedDir } from './testbed.js';
import { down, status, up } from '../../lab/emulated/lab.js';

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
    .description('Stop the emulated lab and remove its clab-<name> folder')
    .option(...topo)
    .action(async (o: { topology?: string }) => {
      say((await down(o.topology ?? DEFAULT_TOPOLOGY(), say)) ? 'down' : 'was not up');
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
      'Run the local lab: start the embedded Kubernetes API, install the CRDs, apply the examples and show ' +
        '`kubectl get netintent`. (Device simulators, controller and worker join as they land.)',
    )
    .option('--examples <dir>', 'manifests to apply instead of examples/')
    .option('--dir <dir>', 'test bed state folder (default .testbed/kube)')
    .option('--keep', 'leave everything running and print how to reach it')
    .action(async (o: { examples?: string; dir?: string; keep?: boolean }) => {
      const dir = o.dir ?? defaultTestbedDir();
      const examples = o.examples ?? join(projectRoot(), 'examples');
      const manifests = loadManifests(examples); // fail on bad YAML before starting anything
      const stack = await startKube(dir, say);
      let ok = false;
      try {
        const kc = new KubeConfig();
        kc.loadFromFile(stack.kubeconfig);
        say(`installing ${KINDS.length} CRDs`);
        await installCRDs(kc, KINDS.map((k) => crdFor(k) as unknown as KubernetesObject));
        say(`applying ${manifests.length} objects from ${examples}`);
        await applyAll(kc, manifests, say);
        const table = execFileSync(join(stack.binDir, 'kubectl'), ['--kubeconfig', stack.kubeconfig, 'get', 'netintent', '-A'], {
          encoding: 'utf8',
        });
        process.stdout.write(table);
        ok = true;
      } finally {
        if (o.keep) {
          say(`kept running. export KUBECONFIG=${stack.kubeconfig}; kubectl is ${join(stack.binDir, 'kubectl')}`);
          say(`stop it with: node dist/cli/main.js testbed down${o.dir ? ` --dir ${o.dir}` : ''}`);
        } else {
          await stopKube(dir);
          if (ok) say('done; stopped the test bed (use --keep to leave it running)');
        }
      }
    });
}
