// `netintent history`: the device transactions netintent recorded (DeviceTransactions), for
// one intent or device or all, and with --diff (or for one transaction) their native diffs.
import { Command, InvalidArgumentError } from 'commander';
import { RestClient } from '../../adapters/k8s/rest.js';
import { loadKubeConfig } from './controller.js';
import { diffs, getTransaction, kindOf, listTransactions, matches, table, type Filter, type Transaction } from '../history-records.js';

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('--limit must be a positive whole number');
  return n;
};

const rowOf = (t: Transaction) => [t.time.replace(/\.\d+Z$/, 'Z'), t.id, t.outcome, t.summary.devices, t.summary.intents, t.requestedBy];

export function describeTransaction(t: Transaction): string {
  const lines = [
    `Transaction:  ${t.id}`,
    `Time:         ${t.time}`,
    `Outcome:      ${t.outcome}`,
    `Requested by: ${t.requestedBy}`,
    'Intents:',
    ...t.intents.map(
      (i) =>
        `  ${i.kind} ${i.namespace}/${i.name}  generation ${i.generation ?? '?'}  ${i.cause}${i.requestedBy ? ` by ${i.requestedBy}` : ''}` +
        (i.previousGeneration !== undefined ? `  (revertible to generation ${i.previousGeneration})` : i.previousSpecWithheld ? `  (previous spec not recorded: ${i.previousSpecWithheld})` : ''),
    ),
    'Devices:',
    ...t.devices.map((d) => `  ${d.namespace}/${d.name}  ${d.state}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function historyCommand(): Command {
  return new Command('history')
    .description('List the device transactions netintent recorded (kubectl get devicetransactions), newest first; with a transaction id, show it and its diffs.')
    .argument('[target]', '<kind>/<name> of an intent (vrf/blue), or a transaction id (tx-...)')
    .option('-n, --namespace <ns>', 'namespace of the intent or device', 'default')
    .option('--device <name>', 'only transactions on this NetworkDevice (in --namespace)')
    .option('--limit <n>', 'at most this many transactions', positiveInt, 20)
    .option('--diff', 'print each transaction\u2019s per-device native diffs (secrets masked)')
    .option('--history-namespace <ns>', 'where the controller records them (its --namespace)', 'netintent-system')
    .option('--kubeconfig <file>', 'kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .action(async (target: string | undefined, o: { namespace: string; device?: string; limit: number; diff?: boolean; historyNamespace: string; kubeconfig?: string }) => {
      const rest = new RestClient(loadKubeConfig(o.kubeconfig));
      try {
        if (target && !target.includes('/')) {
          const t = await getTransaction(rest, o.historyNamespace, target);
          process.stdout.write(`${describeTransaction(t)}\n${diffs(t, o.device)}`);
          return;
        }
        const f: Filter = { namespace: o.namespace, ...(o.device ? { device: o.device } : {}) };
        if (target) {
          const [kind, name] = target.split('/') as [string, string];
          if (!name) throw new Error(`expected <kind>/<name>, got ${target}`);
          Object.assign(f, { kind: kindOf(kind), name });
        }
        const found = (await listTransactions(rest, o.historyNamespace)).filter((t) => matches(t, f)).slice(0, o.limit);
        if (!found.length) {
          process.stderr.write('no transactions recorded for that\n');
          return;
        }
        const header = ['TIME', 'TRANSACTION', 'OUTCOME', 'DEVICES', 'INTENTS', 'REQUESTED-BY'];
        if (!o.diff) return void process.stdout.write(table(header, found.map(rowOf)));
        for (const t of found) process.stdout.write(`${table(header, [rowOf(t)])}${diffs(t, o.device)}\n`);
      } finally {
        rest.close();
      }
    });
}
