// The recorded histories in test/fixtures/histories (real runs on the Temporal dev server,
// recorded with NETINTENT_RECORD_HISTORIES=<label> npm run test:integration) must replay on the
// current workflow code: a change that would break running workflows fails here, and needs
// patched() instead. A deliberately reordered workflow proves the check bites.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, makeTelemetryFilterString, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { projectRoot } from '../../../adapters/paths.js';
import { workflowsPath } from '../../../workflows/worker.js';

const dir = join(projectRoot(), 'test', 'fixtures', 'histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const history = (f: string): unknown => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const quiet = new DefaultLogger('WARN');
let current: WorkflowBundle;

beforeAll(async () => {
  // The expected nondeterminism below is logged by the SDK core as a warning: keep it quiet.
  Runtime.install({ logger: quiet, telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } } });
  // Bundled once for the whole suite.
  current = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quiet });
}, 120_000);

describe('workflow replay', () => {
  it('has recorded histories to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(3);
  });

  it.each(fixtures)('replays %s on the current workflow code', async (f) => {
    await expect(Worker.runReplayHistory({ workflowBundle: current }, history(f), f)).resolves.toBeUndefined();
  }, 60_000);

  it('rejects a workflow that issues different commands than the history recorded', async () => {
    const reordered = await bundleWorkflowCode({ workflowsPath: join(projectRoot(), 'test', 'fixtures', 'workflows', 'reordered.ts'), logger: quiet });
    await expect(Worker.runReplayHistory({ workflowBundle: reordered }, history(fixtures[0]!), fixtures[0])).rejects.toThrow(DeterminismViolationError);
  }, 120_000);
});
