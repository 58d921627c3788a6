// Port faults a test (or a NOC drill) injects through the control API: a port whose link is
// down whatever its configuration says, until it is brought back up. Both simulators derive
// their operational state (sros/state.ts, srlinux/state.ts) from the running configuration
// and these.

export interface PortFault {
  port: string;
  oper: 'up' | 'down';
  /** The router's own down reason for the port, one of its model's values; a platform default otherwise. */
  reason?: string;
}

/** Ports held down, with the reason the router would give (undefined: its default). */
export class PortFaults {
  private readonly down = new Map<string, string | undefined>();

  constructor(
    /** The values the platform's model allows for a port's down reason. */
    private readonly reasons: readonly string[],
  ) {}

  apply(f: PortFault) {
    if (typeof f.port !== 'string' || !f.port) throw new Error('a port fault needs "port"');
    if (f.oper !== 'up' && f.oper !== 'down') throw new Error(`"oper" must be "up" or "down", got ${JSON.stringify(f.oper)}`);
    if (f.reason !== undefined && !this.reasons.includes(f.reason)) throw new Error(`"reason" must be one of ${this.reasons.join(', ')}`);
    if (f.oper === 'down') this.down.set(f.port, f.reason);
    else this.down.delete(f.port);
  }

  isDown(port: string): boolean {
    return this.down.has(port);
  }

  reasonOf(port: string): string | undefined {
    return this.down.get(port);
  }

  clear() {
    this.down.clear();
  }
}
