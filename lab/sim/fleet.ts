// Many simulated devices in one process, for benchmarks at scale (`netintent sim fleet`,
// bench:scale): N SR OS (NETCONF) and M SR Linux (gNMI) simulators on loopback, each on its
// own ephemeral port, each answering every request after an injected round trip. A device
// per process would cost hundreds of processes; the simulators share one process, one
// parsed platform base and schema, and at most one yanglint per platform.
// The control endpoint reports what the devices were asked to do, so a benchmark can count
// RPCs and commits per intent without trusting the client it measures:
//   GET  /stats         {devices:{name:{rpcs,commits}}, totals:{rpcs,commits}}
//   POST /reset-stats   zero every counter
//   POST /reset         every device's configuration as it started, counters zeroed
//   GET  /devices       the device list (as on stdout)
import type { StartupConfig } from './base-config.js';
import { createServer, type Server } from 'node:http';
import { SrosSimulator, srosYanglint } from './sros/server.js';
import { SrlSimulator } from './srlinux/server.js';
import { YanglintSession } from './yanglint-session.js';

export interface FleetOptions {
  /** How many SR OS and SR Linux devices. */
  sros: number;
  srlinux: number;
  /** Device names are `<prefix>-sros-<n>` and `<prefix>-srlinux-<n>` (n from 1). Default `sim`. */
  namePrefix?: string;
  /** Injected round trip per request, in ms. Default 2. */
  rttMs?: number;
  /**
   * Benchmark only: false skips the YANG check of edits and Sets (no yanglint at all), so the
   * numbers measure the client. Default true: one yanglint per platform, shared by the fleet.
   */
  validate?: boolean;
  /** Startup config (MD-CLI lines) every SR OS device boots with, over the platform base: e.g. the FPEs SRv6 services need. */
  srosStartupConfig?: StartupConfig;
  /** Credentials every device accepts (SSH for SR OS, gRPC metadata for SR Linux). */
  username: string;
  password: string;
  /** SR Linux TLS certificate and key (all devices share them); plaintext gRPC without. */
  tls?: { cert: Buffer; key: Buffer };
  host?: string;
}

export interface FleetDevice {
  name: string;
  platform: 'sros' | 'srlinux';
  port: number;
  /** SR OS: the SSH host key's `SHA256:…` fingerprint, as clients pin it. */
  hostKeyFingerprint?: string;
}

export interface DeviceStats {
  rpcs: number;
  commits: number;
}

export interface FleetStats {
  devices: Record<string, DeviceStats>;
  totals: DeviceStats;
  /** RPCs by platform and operation ("sros get-config", "srlinux Set"). */
  ops: Record<string, number>;
}

/** How many simulators start at once: enough to overlap the awaits, few enough to keep listen() calls tame. */
const START_BATCH = 25;

/** Starts a fleet (see SimulatorFleet.start). */
export function startFleet(o: FleetOptions): Promise<SimulatorFleet> {
  return SimulatorFleet.start(o);
}

export class SimulatorFleet {
  readonly devices: FleetDevice[] = [];
  private readonly sims = new Map<string, SrosSimulator | SrlSimulator>();
  /** Each device's configuration as it started: what /reset puts back. */
  private readonly initial = new Map<string, string>();

  private constructor(private readonly yanglint: YanglintSession[]) {}

  /** Starts the fleet; on any failure, what started is closed again. */
  static async start(o: FleetOptions): Promise<SimulatorFleet> {
    for (const [flag, n] of [['sros', o.sros], ['srlinux', o.srlinux]] as const) {
      if (!Number.isInteger(n) || n < 0) throw new Error(`fleet: ${flag} must be a whole number >= 0, got ${n}`);
    }
    const rtt = o.rttMs ?? 2;
    if (!(rtt >= 0)) throw new Error(`fleet: rttMs must be >= 0, got ${rtt}`);
    const validate = o.validate ?? true;
    const sros = validate && o.sros ? srosYanglint() : undefined;
    const srl = validate && o.srlinux ? new YanglintSession('srlinux') : undefined;
    const fleet = new SimulatorFleet([sros, srl].filter((y) => y !== undefined));
    const prefix = o.namePrefix ?? 'sim';
    const host = o.host ?? '127.0.0.1';
    const jobs: (() => Promise<void>)[] = [
      ...Array.from({ length: o.sros }, (_, i) => async () => {
        const sim = await SrosSimulator.start({ host, username: o.username, password: o.password, validate, ...(sros ? { yanglint: sros } : {}), ...(o.srosStartupConfig ? { startupConfig: o.srosStartupConfig } : {}) });
        sim.faults.latencyMs = rtt;
        fleet.add(i, { name: `${prefix}-sros-${i + 1}`, platform: 'sros', port: sim.port, hostKeyFingerprint: sim.hostKeyFingerprint }, sim);
      }),
      ...Array.from({ length: o.srlinux }, (_, i) => async () => {
        const sim = await SrlSimulator.start({ host, username: o.username, password: o.password, validate, ...(o.tls ? { tls: o.tls } : {}), ...(srl ? { yanglint: srl } : {}) });
        sim.faults.latencyMs = rtt;
        fleet.add(o.sros + i, { name: `${prefix}-srlinux-${i + 1}`, platform: 'srlinux', port: sim.port }, sim);
      }),
    ];
    try {
      for (let i = 0; i < jobs.length; i += START_BATCH) await Promise.all(jobs.slice(i, i + START_BATCH).map((j) => j()));
    } catch (e) {
      await fleet.close();
      throw e;
    }
    return fleet;
  }

  /** `slot`: the device's place in the list (simulators start concurrently, the list stays in name order). */
  private add(slot: number, device: FleetDevice, sim: SrosSimulator | SrlSimulator) {
    this.devices[slot] = device;
    this.sims.set(device.name, sim);
    this.initial.set(device.name, sim instanceof SrosSimulator ? sim.runningXml() : JSON.stringify(sim.doc));
  }

  /** One device's simulator (for tests that inject faults or read datastores). */
  simulator(name: string): SrosSimulator | SrlSimulator | undefined {
    return this.sims.get(name);
  }

  /** Sets the injected round trip of every device. */
  setRtt(ms: number) {
    for (const sim of this.sims.values()) sim.faults.latencyMs = ms;
  }

  stats(): FleetStats {
    const devices: Record<string, DeviceStats> = {};
    const totals = { rpcs: 0, commits: 0 };
    const ops: Record<string, number> = {};
    for (const [name, sim] of this.sims) {
      devices[name] = { rpcs: sim.rpcs, commits: sim.commits };
      totals.rpcs += sim.rpcs;
      totals.commits += sim.commits;
      const platform = sim instanceof SrosSimulator ? 'sros' : 'srlinux';
      for (const [op, n] of Object.entries(sim.ops)) ops[`${platform} ${op}`] = (ops[`${platform} ${op}`] ?? 0) + n;
    }
    return { devices, totals, ops };
  }

  resetStats() {
    for (const sim of this.sims.values()) {
      sim.rpcs = 0;
      sim.commits = 0;
      sim.ops = {};
    }
  }

  /** Every device's configuration back to what it started with, and the counters to zero (a bench between runs). */
  resetConfig() {
    for (const [name, sim] of this.sims) {
      if (sim instanceof SrosSimulator) sim.setRunning(this.initial.get(name)!);
      else sim.setDocument(JSON.parse(this.initial.get(name)!) as SrlSimulator['doc']);
    }
    this.resetStats();
  }

  async close() {
    await Promise.all([...this.sims.values()].map((s) => s.close()));
    this.sims.clear();
    for (const y of this.yanglint) y.close();
  }

  /** Serves GET /stats, POST /reset-stats and GET /devices on host:port (0: ephemeral); resolves with its URL. */
  serveControl(host = '127.0.0.1', port = 0): Promise<{ url: string; server: Server }> {
    const server = createServer((req, res) => {
      const json = (v: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      req.resume();
      req.on('end', () => {
        if (req.method === 'GET' && req.url === '/stats') json(this.stats());
        else if (req.method === 'POST' && req.url === '/reset-stats') {
          this.resetStats();
          res.writeHead(204).end();
        } else if (req.method === 'POST' && req.url === '/reset') {
          this.resetConfig();
          res.writeHead(204).end();
        } else if (req.method === 'GET' && req.url === '/devices') json(this.devices);
        else res.writeHead(404).end('unknown fleet control request: GET /stats, POST /reset-stats, POST /reset, GET /devices\n');
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const bound = (server.address() as { port: number }).port;
        resolve({ url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, server });
      });
    });
  }
}
