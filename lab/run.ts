// `netintent lab`, the main job: the embedded stack (etcd + kube-apiserver + Temporal dev
// server), the emulated lab of a containerlab topology (or a real deployment's
// topology-data.json), the CRDs, NetworkDevices from the lab, the examples, a controller
// and a worker, then wait until everything is Ready and show the table and each device's
// configuration. Anything that does not converge in time makes it fail, naming what and why.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { KINDS } from '../apis/index.js';
import { allCrds } from '../apis/crd.js';
import { applyAll, installCRDs, loadManifests } from '../adapters/k8s/manifests.js';
import { RestClient } from '../adapters/k8s/rest.js';
import { labDevices, readTopologyData } from './devices.js';
import { down, up } from './emulated/lab.js';
import { CONTROL_LABEL, DIAL_LABEL } from './emulated/topology-data.js';
import { startKube, stopKube } from './stack/kube.js';
import { projectRoot } from '../adapters/paths.js';
import { freePort, sleep, startDetached, stopGroup } from './stack/processes.js';
import { startTemporal } from './stack/temporal.js';

export interface RunOptions {
  /** containerlab topology to emulate. */
  topology: string;
  /** A deployed lab's topology-data.json instead (a real containerlab). */
  topologyData?: string;
  examples: string;
  /** State of the embedded stack. */
  dir: string;
  /** An existing cluster / Temporal instead of the embedded ones. */
  kubeconfig?: string;
  temporalAddress?: string;
  timeoutMs: number;
  keep: boolean;
  log: (line: string) => void;
  /** Where the table and device configurations go. */
  out: (text: string) => void;
}

interface Status {
  kind: string;
  namespace: string;
  name: string;
  ready?: { status: string; reason: string; message: string };
}

async function statuses(rest: RestClient): Promise<Status[]> {
  const out: Status[] = [];
  for (const k of KINDS) {
    const list = await rest.request<{ items: { metadata: { namespace: string; name: string }; status?: { conditions?: { type: string; status: string; reason: string; message: string }[] } }[] }>('GET', `/apis/${k.group}/${k.version}/${k.plural}`);
    for (const o of list.items) {
      const ready = o.status?.conditions?.find((c) => c.type === 'Ready');
      out.push({ kind: k.kind, ...o.metadata, ...(ready ? { ready } : {}) });
    }
  }
  return out;
}

const prettyXml = (xml: string) =>
  new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, format: true, indentBy: '  ' }).build(new XMLParser({ preserveOrder: true, ignoreAttributes: false }).parse(xml)) as string;

const describe = (s: Status) => `${s.kind} ${s.namespace}/${s.name}: ${s.ready ? `${s.ready.reason}: ${s.ready.message}` : 'not reconciled yet'}`;

/** Waits until every netintent object is Ready; progress every few seconds; false on timeout. */
async function converge(rest: RestClient, o: RunOptions): Promise<boolean> {
  const deadline = Date.now() + o.timeoutMs;
  let last = '';
  for (;;) {
    const all = await statuses(rest);
    const waiting = all.filter((s) => s.ready?.status !== 'True');
    if (!waiting.length) {
      o.log(`all ${all.length} objects Ready`);
      return true;
    }
    if (Date.now() > deadline) {
      o.log(`not converged after ${o.timeoutMs / 1000}s; ${waiting.length} of ${all.length} not Ready:`);
      for (const s of waiting) o.log(`  ${describe(s)}`);
      return false;
    }
    const line = `${all.length - waiting.length}/${all.length} Ready; waiting for ${describe(waiting[0]!)}`;
    if (line !== last) o.log((last = line));
    await sleep(2000);
  }
}

const keptFile = (dir: string) => join(dir, '..', 'lab', 'kept.json');

/** Stops the Temporal server, controller and worker a `--keep` run left behind. */
export async function stopKept(dir: string): Promise<number> {
  if (!existsSync(keptFile(dir))) return 0;
  const pids = JSON.parse(readFileSync(keptFile(dir), 'utf8')) as number[];
  await Promise.all(pids.map((pid) => stopGroup(pid, 10_000)));
  rmSync(keptFile(dir));
  return pids.length;
}

export async function runLab(o: RunOptions): Promise<boolean> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const pids: number[] = [];
  const logs = join(o.dir, '..', 'lab');
  mkdirSync(logs, { recursive: true });
  try {
    let kubeconfig = o.kubeconfig;
    let kubectl: string | undefined;
    if (!kubeconfig) {
      const stack = await startKube(o.dir, o.log);
      cleanups.push(() => stopKube(o.dir));
      kubeconfig = stack.kubeconfig;
      kubectl = join(stack.binDir, 'kubectl');
    }
    let temporal = o.temporalAddress;
    let temporalUi: string | undefined;
    if (!temporal) {
      const dir = join(o.dir, '..', 'temporal');
      mkdirSync(dir, { recursive: true });
      const t = await startTemporal(dir, o.log, undefined, true);
      cleanups.push(() => t.stop());
      pids.push(t.pid);
      temporal = t.address;
      temporalUi = t.ui;
    }
    let dataFile = o.topologyData;
    if (!dataFile) {
      const state = await up(o.topology, (l) => o.log(`emulated lab: ${l}`));
      cleanups.push(() => down(o.topology));
      dataFile = join(state.labDir, 'topology-data.json');
    }
    const data = readTopologyData(dataFile);

    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const rest = new RestClient(kc);
    o.log(`installing ${allCrds().length} CRDs and the workload cluster's SRv6 egress CRDs`);
    await installCRDs(kc, [...allCrds() as unknown as KubernetesObject[], ...loadManifests(join(projectRoot(), 'lab', 'crds', 'srv6-egress.yaml'))]);
    const manifests = loadManifests(o.examples);
    const devices = labDevices(data, dataFile, manifests);
    // The lab's own nodes replace the manifests' devices; a device the lab lacks is left out
    // rather than dialled at an address outside the lab.
    for (const m of manifests.filter((x) => x.kind === 'NetworkDevice' && !data.nodes[x.metadata!.name!]))
      o.log(`NetworkDevice ${m.metadata!.name}: not a node of this lab; not applied`);
    const others = manifests.filter((m) => m.kind !== 'NetworkDevice');
    o.log(`applying ${devices.filter((d) => d.kind === 'NetworkDevice').length} NetworkDevices from ${dataFile} and ${others.length} objects from ${o.examples}`);
    await applyAll(kc, [...devices, ...others]);

    const cli = join(projectRoot(), 'dist', 'cli', 'main.js');
    // The NOC's view (alarms, reachability, queue latency): on a free loopback port.
    const metrics = `127.0.0.1:${await freePort()}`;
    for (const [name, args] of [
      ['controller', ['controller', '--kubeconfig', kubeconfig, '--no-leader-elect', '--resync', '30', '--metrics-addr', metrics, '--temporal-address', temporal]],
      ['worker', ['worker', '--kubeconfig', kubeconfig, '--temporal-address', temporal]],
    ] as const) {
      const p = startDetached(name, process.execPath, [cli, ...args], join(logs, `${name}.log`), { ...process.env, TEMPORAL_ADDRESS: '' });
      cleanups.push(() => stopGroup(p.pid, 10_000));
      pids.push(p.pid);
      o.log(`${name} started (pid ${p.pid}, log ${p.log})`);
    }

    const ok = await converge(rest, o);
    o.out(kubectl && existsSync(kubectl) ? execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'get', 'netintent', '-A'], { encoding: 'utf8' }) : (await statuses(rest)).map((s) => `${describe(s)}\n`).join(''));
    for (const [name, node] of Object.entries(data.nodes)) {
      const control = node.labels?.[CONTROL_LABEL];
      if (!control) continue;
      const text = await (await fetch(`http://${control}/running`)).text();
      o.out(`\n# ${name} (${node.kind}, ${node['mgmt-ipv4-address']}): running configuration\n${text.startsWith('<') ? prettyXml(text) : text}\n`);
    }
    if (o.keep) {
      cleanups.length = 0;
      writeFileSync(keptFile(o.dir), JSON.stringify(pids));
      o.log(`kept running. export KUBECONFIG=${kubeconfig}${kubectl ? `; kubectl is ${kubectl}` : ''}`);
      o.log(`Temporal: ${temporal}${temporalUi ? `, Web UI ${temporalUi}` : ''} (temporal workflow list --address ${temporal})`);
      for (const [name, node] of Object.entries(data.nodes))
        if (node['mgmt-ipv4-address']) o.log(`device ${name} (${node.kind}): ${node['mgmt-ipv4-address']}${node.labels?.[DIAL_LABEL] ? `, served at ${node.labels[DIAL_LABEL]}` : ''}`);
      o.log(`controller metrics and alarms: http://${metrics}/metrics (netintent_alarm_active)`);
      o.log(`topology data: ${dataFile}; controller and worker logs in ${logs}`);
      o.log('stop it all with: netintent lab down (devices, Temporal, controller, worker) and netintent testbed down');
    }
    return ok;
  } finally {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => o.log(`clean-up: ${String(e)}`));
  }
}
