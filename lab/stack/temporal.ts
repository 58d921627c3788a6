// The Temporal dev server of the test bed: `temporal server start-dev --headless` from the
// CLI the bootstrap go-installs into the cache, on a loopback port,
// with its SQLite file in the given folder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../../adapters/paths.js';
import { alive, freePort, run, startDetached, stopGroup, tcpReachable, waitFor } from './processes.js';

export interface TemporalServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  namespace: string;
  pid: number;
  /** The Web UI, when started with one. */
  ui?: string;
  stop(): Promise<void>;
}

/** The CLI binary, which scripts/bootstrap.sh builds (its GO_TOOLS list holds the version). */
export function temporalCli(): string {
  const bin = join(cacheDir(), 'go-bin', 'temporal');
  if (!existsSync(bin)) throw new Error(`no Temporal CLI at ${bin}: run \`npm run bootstrap\` (npm test and npm run lab run it first)`);
  return bin;
}

/**
 * `port`: the same one again restarts a stopped server on the same address and database.
 * `ui`: also serve the Web UI (headless otherwise).
 */
export async function startTemporal(dir: string, log: (l: string) => void = () => {}, port?: number, ui = false): Promise<TemporalServer> {
  const bin = temporalCli();
  const logFile = join(dir, 'temporal.log');
  for (let attempt = 1; ; attempt++) {
    const p = await launch(bin, dir, port ?? (await freePort()), logFile, log, ui ? await freePort() : undefined);
    if (p) return p;
    // Another process took one of its ports in the meantime: try again (a new port unless fixed).
    if (attempt === 3) throw new Error(`the Temporal dev server could not bind its ports; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function launch(bin: string, dir: string, port: number, logFile: string, log: (l: string) => void, uiPort?: number): Promise<TemporalServer | undefined> {
  log(`starting the Temporal dev server on 127.0.0.1:${port}${uiPort ? ` (Web UI on http://127.0.0.1:${uiPort})` : ''}`);
  const ui = uiPort ? ['--ui-ip', '127.0.0.1', '--ui-port', String(uiPort)] : ['--headless'];
  const p = startDetached('temporal', bin, ['server', 'start-dev', ...ui, '--ip', '127.0.0.1', '--port', String(port), '--db-filename', join(dir, 'temporal.db'), '--log-level', 'warn'], logFile);
  try {
    await waitFor('the Temporal frontend', () => tcpReachable('127.0.0.1', port), 60_000, p.pid, logFile);
  } catch (e) {
    if (!alive(p.pid) && readFileSync(logFile, 'utf8').includes('address already in use')) return undefined;
    throw e;
  }
  // The frontend accepts connections before the default namespace is registered.
  await waitFor('the default Temporal namespace', async () => {
    try {
      await run(bin, ['operator', 'namespace', 'describe', '--address', `127.0.0.1:${port}`, '--namespace', 'default']);
      return true;
    } catch {
      return false;
    }
  }, 60_000, p.pid, logFile);
  return { address: `127.0.0.1:${port}`, namespace: 'default', pid: p.pid, ...(uiPort ? { ui: `http://127.0.0.1:${uiPort}` } : {}), stop: () => stopGroup(p.pid, 5000) };
}
