// The embedded Kubernetes control plane: etcd and a real kube-apiserver, both built
// from the Go module proxy (lab/stack/build-k8s.sh), with client-certificate auth and RBAC.
// No controller-manager or scheduler: netintent needs the API, not pods.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { makeCerts } from './certs.js';
import { cacheDir, projectRoot } from '../../adapters/paths.js';
import { alive, freePort, startDetached, stopGroup, waitFor, type Started } from './processes.js';

export const K8S_VERSION = process.env.K8S_VERSION ?? 'v1.34.3';
export const ETCD_VERSION = process.env.ETCD_VERSION ?? 'v3.7.3';

/** The etcd the stack runs: NETINTENT_ETCD when set, else the one build-k8s.sh caches. */
export function etcdBinary(): string {
  return process.env.NETINTENT_ETCD ?? join(cacheDir(), `etcd-${ETCD_VERSION}`, 'etcd');
}

export interface KubeStack {
  dir: string;
  server: string;
  kubeconfig: string;
  binDir: string;
  processes: Started[];
}

type Log = (line: string) => void;

/** Builds (once, cached) etcd, kube-apiserver and kubectl; returns the folder holding the last two. */
export async function ensureK8sBinaries(log: Log): Promise<string> {
  const script = join(projectRoot(), 'lab', 'stack', 'build-k8s.sh');
  return new Promise((done, fail) => {
    const child = spawn('bash', [script], {
      env: { ...process.env, K8S_VERSION, ETCD_VERSION, NETINTENT_CACHE: cacheDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let tail = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      tail = (tail + d.toString()).slice(-4000);
      for (const line of d.toString().split('\n')) if (line.startsWith('k8s ') || line.startsWith('etcd ')) log(line);
    });
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done(out.trim()) : fail(new Error(`building kube-apiserver failed (exit ${code}):\n${tail}`)),
    );
  });
}

function stateFile(dir: string) {
  return join(dir, 'state.json');
}

export function readStack(dir: string): KubeStack | undefined {
  const f = stateFile(resolve(dir));
  if (!existsSync(f)) return undefined;
  return JSON.parse(readFileSync(f, 'utf8')) as KubeStack;
}

export function stackRunning(stack: KubeStack): boolean {
  return stack.processes.length > 0 && stack.processes.every((p) => alive(p.pid));
}

/** Fetches `path` from the API server as the admin; resolves with the HTTP status. */
function probe(server: string, dir: string, path: string): Promise<number> {
  const url = new URL(path, server);
  return new Promise((ok, fail) => {
    const req = request(
      url,
      {
        ca: readFileSync(join(dir, 'ca.crt')),
        cert: readFileSync(join(dir, 'admin.crt')),
        key: readFileSync(join(dir, 'admin.key')),
        timeout: 2000,
      },
      (res) => {
        res.resume();
        ok(res.statusCode ?? 0);
      },
    );
    req.on('error', fail);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/**
 * Starts etcd + kube-apiserver in `dir` (state, certs, data and logs all live there),
 * or returns the stack already running there. Idempotent. A stack started anew starts
 * empty: the test bed is disposable, and stale objects would mislead.
 */
export async function startKube(dirIn: string, log: Log = () => {}): Promise<KubeStack> {
  const dir = resolve(dirIn);
  const existing = readStack(dir);
  if (existing && stackRunning(existing)) return existing;
  if (existing) await stopKube(dir);
  rmSync(join(dir, 'etcd'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const binDir = await ensureK8sBinaries(log);
  const certs = await makeCerts(dir);
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const processes: Started[] = [];
  const save = (s: KubeStack) => writeFileSync(stateFile(dir), JSON.stringify(s, null, 2));
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = join(dir, 'kubeconfig');
  const stack: KubeStack = { dir, server, kubeconfig, binDir, processes };

  try {
    log(`starting etcd on 127.0.0.1:${etcdPort}`);
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = startDetached('etcd', etcdBinary(), [
      '--name=netintent', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=netintent=http://127.0.0.1:${peerPort}`,
      '--log-level=warn',
    ], join(dir, 'etcd.log'));
    processes.push(etcd);
    save(stack);
    await waitFor('etcd', async () => (await fetch(`${etcdUrl}/health`)).ok, 30_000, etcd.pid, etcd.log);

    log(`starting kube-apiserver ${K8S_VERSION} on ${server}`);
    const api = startDetached('kube-apiserver', join(binDir, 'kube-apiserver'), [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--tls-cert-file=${certs.serverCert}`, `--tls-private-key-file=${certs.serverKey}`,
      `--client-ca-file=${certs.ca}`,
      '--authorization-mode=RBAC',
      `--service-account-issuer=https://kubernetes.default.svc`,
      `--service-account-key-file=${certs.saPub}`, `--service-account-signing-key-file=${certs.saKey}`,
      '--service-cluster-ip-range=10.96.0.0/24',
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      '--enable-priority-and-fairness=false',
      '--v=1',
    ], join(dir, 'kube-apiserver.log'));
    processes.push(api);
    save(stack);
    await waitFor('kube-apiserver', async () => (await probe(server, dir, '/readyz')) === 200, 90_000, api.pid, api.log);
  } catch (e) {
    await stopKube(dir);
    throw e;
  }

  writeFileSync(kubeconfig, kubeconfigYaml(server, certs.ca, certs.adminCert, certs.adminKey));
  save(stack);
  return stack;
}

export async function stopKube(dirIn: string): Promise<boolean> {
  const dir = resolve(dirIn);
  const stack = readStack(dir);
  if (!stack) return false;
  for (const p of [...stack.processes].reverse()) await stopGroup(p.pid);
  stack.processes = [];
  writeFileSync(stateFile(dir), JSON.stringify(stack, null, 2));
  return true;
}

function kubeconfigYaml(server: string, ca: string, cert: string, key: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: netintent-testbed',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${ca}`,
    'users:',
    '- name: netintent-admin',
    '  user:',
    `    client-certificate: ${cert}`,
    `    client-key: ${key}`,
    'contexts:',
    '- name: netintent-testbed',
    '  context: {cluster: netintent-testbed, user: netintent-admin, namespace: default}',
    'current-context: netintent-testbed',
    '',
  ].join('\n');
}
