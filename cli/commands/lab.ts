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

const say = (l: string) => process.stderr.write(`lab: ${l}\n`);

export function labCommand(): Command {
  return new Command('lab')
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
