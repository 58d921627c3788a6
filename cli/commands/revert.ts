// `netintent revert <transaction>`: puts back the specs the transaction's intents had before
// it (recorded in the history), as an ordinary update that fails if the object changed
// meanwhile (resourceVersion), after showing the spec diff and asking. A GitOps tool that
// owns the object will put its own version back: that is said before anything is changed.
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { ApiError, RestClient } from '../../adapters/k8s/rest.js';
import { lineDiff } from '../../devices/drivers/diff.js';
import { keyOf, type Obj } from '../../apis/objects.js';
import { gitOpsOwners, REVERT_FIELD_MANAGER, type ManagedFieldsEntry } from '../../controllers/history/requested-by.js';
import { loadKubeConfig } from './controller.js';
import { getTransaction, type Transaction } from '../history-records.js';

interface Step {
  label: string;
  live: Obj;
  spec: Record<string, unknown>;
  path: string;
}

/** What can be put back, and why the rest cannot. */
async function plan(rest: RestClient, t: Transaction): Promise<{ steps: Step[]; notes: string[] }> {
  const steps: Step[] = [];
  const notes: string[] = [];
  for (const i of t.intents) {
    const label = `${i.kind} ${i.namespace}/${i.name}`;
    const spec = t.previousSpecs[keyOf(i.kind, i.namespace, i.name)];
    if (i.cause !== 'Change') {
      notes.push(`${label}: skipped (${i.cause === 'DriftRevert' ? 'the transaction set drifted devices back; the spec did not change' : 'the transaction removed a deleted intent; recreate it to undo that'})`);
      continue;
    }
    if (!spec) {
      notes.push(`${label}: skipped (${i.previousSpecWithheld ? `its previous spec was not recorded: ${i.previousSpecWithheld}` : 'no previous spec recorded: it was created by this transaction, or changed while no controller ran'})`);
      continue;
    }
    const path = await rest.path({ apiVersion: i.apiVersion, kind: i.kind, metadata: { name: i.name, namespace: i.namespace } });
    let live: Obj;
    try {
      live = await rest.request<Obj>('GET', path);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) {
        notes.push(`${label}: skipped (it no longer exists)`);
        continue;
      }
      throw e;
    }
    if (i.uid && live.metadata.uid !== i.uid) {
      notes.push(`${label}: skipped (deleted and created again since; it is not the object this transaction changed)`);
      continue;
    }
    if (i.generation !== undefined && (live.metadata.generation ?? 0) > i.generation) {
      notes.push(`${label}: changed again since (generation ${i.generation} -> ${live.metadata.generation}); the revert undoes those later changes too`);
    }
    const owners = gitOpsOwners((live.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields);
    if (owners.length) notes.push(`WARNING ${label}: owned by GitOps (${owners.join(', ')}); it will re-sync its own version over this revert unless the change is reverted in Git`);
    steps.push({ label, live, spec, path });
  }
  return { steps, notes };
}

async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new Error('not a terminal: pass --yes to revert without asking, or --dry-run to only look');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function revertCommand(): Command {
  return new Command('revert')
    .description("Put back the specs a transaction's intents had before it (from the transaction history), after showing the spec diff and asking.")
    .argument('<transaction>', 'transaction id (netintent history lists them)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'show the diff and let the API server validate the update (dryRun=All); change nothing')
    .option('--history-namespace <ns>', 'where the controller records transactions (its --namespace)', 'netintent-system')
    .option('--kubeconfig <file>', 'kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .action(async (id: string, o: { yes?: boolean; dryRun?: boolean; historyNamespace: string; kubeconfig?: string }) => {
      const rest = new RestClient(loadKubeConfig(o.kubeconfig));
      try {
        const t = await getTransaction(rest, o.historyNamespace, id);
        const { steps, notes } = await plan(rest, t);
        for (const s of steps) {
          const d = lineDiff(stringify(s.live.spec ?? {}), stringify(s.spec));
          process.stdout.write(`--- ${s.label} spec (- now, + after the revert)\n${d || '(no difference: the spec is already the one before the transaction)'}\n`);
        }
        for (const n of notes) process.stderr.write(`${n}\n`);
        const changing = steps.filter((s) => JSON.stringify(s.live.spec) !== JSON.stringify(s.spec));
        if (!changing.length) {
          process.stderr.write('nothing to revert\n');
          return;
        }
        const update = (s: Step, dry: boolean) =>
          rest.request('PUT', `${s.path}?fieldManager=${REVERT_FIELD_MANAGER}&fieldValidation=Strict${dry ? '&dryRun=All' : ''}`, { ...s.live, metadata: { ...s.live.metadata, managedFields: undefined }, spec: s.spec });
        if (o.dryRun) {
          for (const s of changing) await update(s, true);
          process.stderr.write(`dry run: the API server accepts the revert of ${changing.length} intent(s); nothing was changed\n`);
          return;
        }
        if (!o.yes && !(await confirmed(`Revert ${changing.length} intent(s) to their spec before ${t.id}? [y/N] `))) {
          process.stderr.write('not reverted\n');
          return;
        }
        for (const s of changing) {
          try {
            await update(s, false);
          } catch (e) {
            if (e instanceof ApiError && e.code === 409) throw new Error(`${s.label} changed while reverting; nothing more was changed, run netintent revert ${t.id} again`);
            throw e;
          }
          process.stdout.write(`reverted ${s.label}\n`);
        }
      } finally {
        rest.close();
      }
    });
}
