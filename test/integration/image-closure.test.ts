// The container image's runtime closure, without Docker: scripts/image-tree.sh assembles
// /app into a folder (the Dockerfile's build stage runs the same script), and the program
// runs from there with the Dockerfile's runtime ENV, no NODE_PATH and no way up to the
// repository's node_modules: `controller --help`, `worker --help`, a controller process
// converging a VRF and an SR OS ENC object (yanglint + the image's YANG models) on a
// simulator, and a worker bundling its workflows and polling the test bed's Temporal.
// Every module the program can import must resolve in the folder, and none may be a
// devDependency.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { projectRoot } from '../../adapters/paths.js';
import { examples, Lab, waitFor } from './controller-lab.js';

const root = projectRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** `ENV` of the Dockerfile's runtime stage (KEY=value pairs, `\` continuations). */
function dockerfileRuntimeEnv(dockerfile: string): Record<string, string> {
  const stage = dockerfile.split(/^FROM\s.*\bAS\s+runtime\s*$/im)[1];
  if (stage === undefined) throw new Error('Dockerfile has no `FROM … AS runtime` stage');
  const env: Record<string, string> = {};
  for (const m of stage.replace(/\\\n/g, ' ').matchAll(/^ENV\s+(.*)$/gm)) {
    for (const pair of m[1]!.trim().split(/\s+/)) {
      const [k, ...v] = pair.split('=');
      if (!v.length) throw new Error(`Dockerfile ENV ${pair}: only KEY=value is understood here`);
      env[k!] = v.join('=');
    }
  }
  return env;
}

const SPECIFIERS = [/\bfrom\s*['"]([^'"\n]+)['"]/g, /\bimport\s*['"]([^'"\n]+)['"]/g, /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g];

/**
 * The packages the program can import: every bare specifier in the JavaScript reachable
 * from `entries` through relative imports (static and literal dynamic ones), by package name.
 */
function importedPackages(entries: string[]): Map<string, string> {
  const packages = new Map<string, string>(); // package -> first file importing it
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const re of SPECIFIERS) {
      for (const [, spec] of text.matchAll(re)) {
        if (spec!.startsWith('.')) todo.push(resolve(dirname(file), spec!));
        else if (!spec!.startsWith('node:') && !builtinModules.includes(spec!)) {
          const name = spec!.split('/').slice(0, spec!.startsWith('@') ? 2 : 1).join('/');
          if (!packages.has(name)) packages.set(name, file);
        }
      }
    }
  }
  return packages;
}

/** Resolves each package as ESM from `dir` (cwd there, no NODE_PATH): the path, or undefined. */
function resolveFrom(dir: string, names: string[]): Record<string, string | undefined> {
  const probe = `const out = {};
    for (const n of ${JSON.stringify(names)}) { try { out[n] = import.meta.resolve(n); } catch { out[n] = null; } }
    console.log(JSON.stringify(out));`;
  const out = JSON.parse(execFileSync('node', ['--input-type=module', '-e', probe], { cwd: dir, env: cleanEnv({}), encoding: 'utf8' })) as Record<string, string | null>;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v ?? undefined]));
}

/** A child's environment: PATH (for yanglint) plus `extra`; no NODE_PATH, no NODE_OPTIONS. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, ...extra };
}

let tree: string;
let scratch: string;
let imageEnv: Record<string, string>;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'netintent-image-'));
  tree = join(scratch, 'app');
  // dist/ is fresh: the integration project's global setup has just built it.
  execFileSync('bash', [join(root, 'scripts', 'image-tree.sh'), tree], { stdio: ['ignore', 'ignore', 'inherit'] });
  // The Dockerfile's paths, moved into the scratch folder: /app is the tree, /tmp the only writable place.
  const tmp = join(scratch, 'tmp');
  mkdirSync(tmp);
  writeFileSync(join(scratch, 'built'), ''); // anything in the tree newer than this was written by the program
  imageEnv = Object.fromEntries(
    Object.entries(dockerfileRuntimeEnv(readFileSync(join(root, 'Dockerfile'), 'utf8'))).map(([k, v]) => [k, v.replace(/^\/(app|tmp)(?=\/|$)/, (_, top: string) => (top === 'app' ? tree : tmp))]),
  );
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the image tree', () => {
  it('holds production dependencies only, and nothing above it supplies the rest', () => {
    expect(existsSync(join(tree, 'node_modules', 'commander'))).toBe(true);
    expect(existsSync(join(tree, 'node_modules', 'jest'))).toBe(false);
    const r = resolveFrom(tree, ['commander', 'jest', 'ts-jest', 'fast-check', 'typescript']);
    expect(r.commander).toContain(`${tree}/node_modules/commander/`);
    // The repository's node_modules has all of these: the tree must not reach them.
    expect(r).toMatchObject({ jest: undefined, 'ts-jest': undefined, 'fast-check': undefined, typescript: undefined });
  });

  it('has every package the controller and the worker can import, each a production dependency', () => {
    const entries = [join(tree, 'dist', 'cli', 'main.js'), join(tree, 'dist', 'workflows', 'index.js')];
    const imported = importedPackages(entries);
    expect(imported.has('commander')).toBe(true);
    expect(imported.has('@temporalio/worker')).toBe(true);
    // A devDependency is missing from the image; an undeclared package is there only by hoisting luck.
    const notDependencies = [...imported]
      .filter(([n]) => !pkg.dependencies[n])
      .map(([n, file]) => `${n} (${pkg.devDependencies[n] ? 'a devDependency' : 'undeclared'}, imported by ${file.slice(tree.length + 1)})`);
    expect(notDependencies).toEqual([]);
    const resolved = resolveFrom(tree, [...imported.keys()]);
    expect(Object.keys(resolved).filter((n) => !resolved[n])).toEqual([]);
  });

  it('would catch a dev-only import anywhere in the closure, even a lazy one', () => {
    const fixture = join(scratch, 'fixture');
    mkdirSync(join(fixture, 'lib'), { recursive: true });
    writeFileSync(join(fixture, 'main.js'), "import { Command } from 'commander';\nexport * from './lib/x.js';\n");
    writeFileSync(join(fixture, 'lib', 'x.js'), "export const load = () => import('fast-check');\n");
    const imported = importedPackages([join(fixture, 'main.js')]);
    expect([...imported.keys()].sort()).toEqual(['commander', 'fast-check']);
    expect(pkg.dependencies['fast-check']).toBeUndefined();
    expect(resolveFrom(tree, ['fast-check'])['fast-check']).toBeUndefined();
  });

  it('maps the Dockerfile runtime ENV: YANG models in the image, every write under /tmp', () => {
    expect(imageEnv.NETINTENT_YANG_DIR).toBe(join(tree, 'yang'));
    expect(existsSync(join(imageEnv.NETINTENT_YANG_DIR!, 'sros-25.10', 'nokia-submodule', 'nokia-conf.yang'))).toBe(true);
    for (const k of ['HOME', 'TMPDIR', 'NETINTENT_CACHE']) expect(imageEnv[k]!.startsWith(join(scratch, 'tmp'))).toBe(true);
  });

  it.each(['controller', 'worker'])('runs `netintent %s --help`', (cmd) => {
    const out = execFileSync('node', [join(tree, 'dist', 'cli', 'main.js'), cmd, '--help'], { cwd: tree, env: cleanEnv(imageEnv), encoding: 'utf8' });
    expect(out).toContain(`Usage: netintent ${cmd} [options]`);
  });
});

/** A process of the tree's program; its stderr (pino logs) collected. */
function run(args: string[]): { proc: ChildProcess; logs: () => string; exited: Promise<number | null> } {
  let logs = '';
  const proc = spawn('node', [join(tree, 'dist', 'cli', 'main.js'), ...args], { cwd: tree, env: cleanEnv(imageEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d: Buffer) => (logs += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, logs: () => logs, exited };
}

describe('the image tree against the test bed', () => {
  let lab: Lab | undefined;
  const procs: ChildProcess[] = [];

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await lab?.stop();
  });

  it('runs a controller that converges a VRF and an SROSConfig on a simulated SR OS', async () => {
    lab = await Lab.create('img');
    const pe1 = await lab.startSros('pe1');
    await lab.apply(lab.devices());
    const vrf = examples('10-l3vpn-srv6.yaml').find((o) => o.kind === 'VRF')! as KubernetesObject & { spec: { endpoints: { device: string }[] } };
    vrf.spec.endpoints = vrf.spec.endpoints.filter((e) => e.device === 'pe1');
    // customer-1234 of the seed deck, in this namespace: its check needs yanglint and the image's YANG models.
    const customer = examples('40-seed-enc.yaml').find((o) => o.metadata?.name === 'customer-1234')!;
    await lab.apply([vrf, lab.here(customer)]);
    const c = run(['controller', '--kubeconfig', process.env.KUBECONFIG!, '--namespace', `${lab.ns}-system`, '--watch-namespace', lab.ns,
      '--no-leader-elect', '--no-egress', '--metrics-addr', 'off']);
    procs.push(c.proc);
    try {
      await lab.waitCondition('VRF', 'blue', 'Ready', 'True', undefined, 120_000);
      await lab.waitCondition('SROSConfig', 'customer-1234', 'Ready', 'True', undefined, 60_000);
    } catch (e) {
      throw new Error(`${String(e)}\ncontroller log:\n${c.logs().slice(-4000)}`);
    }
    expect(pe1.runningXml()).toContain(`<service-name>${lab.ns}.blue</service-name>`);
    expect(pe1.runningXml()).toContain('<customer-name>1234</customer-name>');
    c.proc.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    expect(c.logs()).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
  }, 240_000);

  it('runs a worker that bundles its workflows and polls Temporal', async () => {
    const w = run(['worker', '--kubeconfig', process.env.KUBECONFIG!, '--temporal-address', process.env.TEMPORAL_ADDRESS!,
      '--task-queue', `image-closure-${process.pid}`]);
    procs.push(w.proc);
    await waitFor('worker polling', () => w.logs().includes('worker polling') || w.proc.exitCode !== null, 180_000).catch((e: unknown) => {
      throw new Error(`${String(e)}\nworker log:\n${w.logs().slice(-4000)}`);
    });
    expect(w.proc.exitCode).toBeNull();
    w.proc.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.logs()).toContain('worker stopped');
  }, 240_000);

  it('wrote nothing into the tree (the image runs with a read-only root file system)', () => {
    const changed = execFileSync('find', [tree, '-newer', join(scratch, 'built')], { encoding: 'utf8' }).trim();
    expect(changed).toBe('');
  });
});
