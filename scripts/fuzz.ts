// `npm run fuzz`: the long run of the manifest fuzz suite (test/integration/fuzz-manifests.test.ts
// runs a short one in `npm test`). Hostile manifests of every kind go through admission on a
// real API server, the resolver and the judge; the run prints how many cases ended where.
//   FUZZ_RUNS   cases to run (default 5000)
//   FUZZ_SEED   fast-check seed (default: the time; printed, so a failure can be replayed)
//   FUZZ_JUDGE  rendered cases to judge with full YANG validation (default 100; yanglint is slow)
// Uses $KUBECONFIG when set, otherwise starts the embedded test bed for the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import fc from 'fast-check';
import { startKube, stopKube } from '../lab/stack/kube.js';
import { describeCase, driveCase, newTally, prepareWorld } from './fuzz/drive.js';
import { caseOf } from './fuzz/manifests.js';

const log = (l: string) => process.stderr.write(`${l}\n`);

async function main() {
  const runs = Number(process.env.FUZZ_RUNS ?? 5000);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const judgeBudget = Number(process.env.FUZZ_JUDGE ?? 100);
  let bed: string | undefined;
  const kc = new KubeConfig();
  if (process.env.KUBECONFIG) kc.loadFromFile(process.env.KUBECONFIG);
  else {
    bed = mkdtempSync(join(tmpdir(), 'netintent-fuzz-'));
    kc.loadFromFile((await startKube(bed, (l) => log(`testbed: ${l}`))).kubeconfig);
  }
  try {
    const world = await prepareWorld(kc);
    const tally = newTally();
    const started = Date.now();
    log(`fuzz: ${runs} cases, seed ${seed}, up to ${judgeBudget} judged by yanglint, ${world.bases.length} base manifests`);
    let last: string | undefined;
    await fc.assert(
      fc.asyncProperty(caseOf(world.bases.length), async (c) => {
        last = describeCase(world, c);
        // Only a few cases render (most are refused): the first `judgeBudget` of them are judged.
        await driveCase(world, c, tally, { judge: tally.judged < judgeBudget });
        if (tally.ran % 500 === 0) log(`fuzz: ${tally.ran} cases, ${Math.round((Date.now() - started) / 1000)} s`);
      }),
      { numRuns: runs, seed, endOnFailure: false },
    ).catch((e: Error) => {
      log(`fuzz: property violated (seed ${seed}); last case: ${last}`);
      throw e;
    });
    const s = Math.round((Date.now() - started) / 1000);
    process.stdout.write(
      `fuzz: seed ${seed}: ${tally.ran} cases in ${s} s: ${tally.refusedAtAdmission} refused at admission, ` +
        `${tally.refusedByResolver} refused by the resolver, ${tally.rendered} rendered inside their paths; ` +
        `${tally.judged} judged by yanglint: ${tally.judged - tally.refusedByJudge} valid, ${tally.refusedByJudge} refused for a reference ` +
        `the device lacks (leafref/must/when); no property violation\n`,
    );
  } finally {
    if (bed) {
      await stopKube(bed);
      rmSync(bed, { recursive: true, force: true });
    }
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n${e.cause instanceof Error ? `cause: ${e.cause.message}\n` : ''}`);
  process.exit(1);
});
