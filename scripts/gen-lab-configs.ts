// Writes the lab topologies' startup configs (lab/topologies/configs/) from netintent.clab.yml
// and examples/00-devices.yaml, through lab/underlay.ts.
//   npm run gen:lab-configs            regenerate
//   node dist/scripts/gen-lab-configs.js <dir>   write elsewhere (check:generated diffs)
// mini.clab.yml's nodes are a subset of netintent.clab.yml's with the same names and
// addresses: they use the same files (pe1's core interface and BGP peers are just idle there).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTopology } from '../lab/emulated/topology.js';
import { devicesOf, topologyStartupConfigs } from '../lab/startup-configs.js';
import { projectRoot } from '../adapters/paths.js';
import { loadSources } from '../adapters/k8s/manifests.js';

const root = projectRoot();
const out = process.argv[2] ?? join(root, 'lab', 'topologies', 'configs');
const devicesFile = join(root, 'examples', '00-devices.yaml');
const devices = devicesOf(loadSources(devicesFile));
const configs = topologyStartupConfigs(loadTopology(join(root, 'lab', 'topologies', 'netintent.clab.yml')), devices);
mkdirSync(out, { recursive: true });
for (const [file, text] of configs) writeFileSync(join(out, file), text);
process.stdout.write(`wrote ${[...configs.keys()].join(', ')} to ${out}\n`);
