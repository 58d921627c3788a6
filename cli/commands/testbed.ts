import { join } from 'node:path';
import { Command } from 'commander';
import { projectRoot } from '../../adapters/paths.js';
import { readStack, stackRunning, startKube, stopKube } from '../../lab/stack/kube.js';

export const defaultTestbedDir = () => process.env.NETINTENT_TESTBED_DIR ?? join(projectRoot(), '.testbed', 'kube');
const progress = (l: string) => process.stderr.write(`${l}\n`);

export function testbedCommand(): Command {
  const cmd = new Command('testbed').description(
    'The embedded Kubernetes API (etcd + kube-apiserver built from the Go module proxy) used by the lab and the tests.',
  );
  const dirOpt = ['--dir <dir>', 'state, certificates, data and logs (default .testbed/kube, or $NETINTENT_TESTBED_DIR)'] as const;
  cmd
    .command('up')
    .description('start it (builds kube-apiserver and kubectl on first use, cached in ~/.cache/netintent); idempotent')
    .option(...dirOpt)
    .action(async (o: { dir?: string }) => {
      const s = await startKube(o.dir ?? defaultTestbedDir(), progress);
      process.stdout.write(`export KUBECONFIG=${s.kubeconfig}\nexport PATH=${s.binDir}:$PATH\n`);
    });
  cmd
    .command('down')
    .description('stop every process it started')
    .option(...dirOpt)
    .action(async (o: { dir?: string }) => {
      const stopped = await stopKube(o.dir ?? defaultTestbedDir());
      progress(stopped ? 'testbed stopped' : 'no testbed there');
    });
  cmd
    .command('status')
    .description('say whether it runs, and how to reach it')
    .option(...dirOpt)
    .action((o: { dir?: string }) => {
      const s = readStack(o.dir ?? defaultTestbedDir());
      if (!s || s.processes.length === 0 || !stackRunning(s)) {
        process.stdout.write('testbed: not running\n');
        process.exitCode = 3;
        return;
      }
      process.stdout.write(`testbed: running at ${s.server}\nkubeconfig: ${s.kubeconfig}\nkubectl: ${join(s.binDir, 'kubectl')}\n`);
    });
  return cmd;
}
