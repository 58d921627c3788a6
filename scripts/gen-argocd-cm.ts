// Writes deploy/argocd/argocd-cm-patch.yaml from deploy/argocd/health.lua.
//   node dist/scripts/gen-argocd-cm.js           regenerate
//   node dist/scripts/gen-argocd-cm.js <file>    write elsewhere (check:generated diffs)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../adapters/paths.js';
import { argocdCmPatch } from './argocd-cm.js';

const dir = join(projectRoot(), 'deploy', 'argocd');
const out = process.argv[2] ?? join(dir, 'argocd-cm-patch.yaml');
writeFileSync(out, argocdCmPatch(readFileSync(join(dir, 'health.lua'), 'utf8')));
process.stdout.write(`wrote ${out}\n`);
