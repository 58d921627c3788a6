// Leader election on a coordination.k8s.io/v1 Lease, written with optimistic concurrency
// (resourceVersion): one replica leads and renews; the others stand by and take over when
// the lease is released or has not been renewed for its duration.
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, RestClient } from '../../adapters/k8s/rest.js';

export interface LeaderOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSec?: number;
  retryEveryMs?: number;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
  /** An acquire or renew failed (e.g. Forbidden on the Lease): otherwise a replica never leads and says nothing. */
  onError?: (e: unknown) => void;
}

interface Lease {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** metav1.MicroTime wants exactly six fractional digits. */
const microTime = (d = new Date()) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export class LeaderElector {
  private readonly rest: RestClient;
  private timer?: NodeJS.Timeout;
  private leading = false;
  private stopped = false;
  /** The acquire/renew in flight: stop() waits for it, or it could take the lease back after the release. */
  private inflight?: Promise<boolean>;
  private readonly duration: number;
  private readonly path: string;

  constructor(kc: KubeConfig, private readonly o: LeaderOptions) {
    this.rest = new RestClient(kc);
    this.duration = o.leaseDurationSec ?? 15;
    this.path = `/apis/coordination.k8s.io/v1/namespaces/${o.namespace}/leases`;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The last acquire or renew reached the API server and was answered (leading or standing by). */
  healthy = false;

  start() {
    const tick = async () => {
      if (this.stopped) return;
      const attempt = this.tryAcquireOrRenew().then(
        (ok) => ((this.healthy = true), ok),
        (e: unknown) => {
          this.healthy = false;
          this.o.onError?.(e);
          return false;
        },
      );
      this.inflight = attempt;
      const ok = await attempt;
      if (this.stopped) return; // stop() settles leadership itself
      if (ok && !this.leading) {
        this.leading = true;
        this.o.onStartedLeading();
      } else if (!ok && this.leading) {
        this.leading = false;
        this.o.onStoppedLeading();
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.o.retryEveryMs ?? Math.max(200, (this.duration * 1000) / 3));
    };
    void tick();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = microTime();
    let lease: Lease;
    try {
      lease = await this.rest.request<Lease>('GET', `${this.path}/${this.o.name}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
      await this.rest.request('POST', this.path, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.o.name, namespace: this.o.namespace },
        spec: { holderIdentity: this.o.identity, leaseDurationSeconds: this.duration, acquireTime: now, renewTime: now, leaseTransitions: 0 },
      });
      return true;
    }
    const s = lease.spec;
    const mine = s.holderIdentity === this.o.identity;
    const renewed = s.renewTime ? Date.parse(s.renewTime) : 0;
    const expired = !s.holderIdentity || Date.now() > renewed + (s.leaseDurationSeconds ?? this.duration) * 1000;
    if (!mine && !expired) return false;
    const spec = mine
      ? { ...s, renewTime: now, leaseDurationSeconds: this.duration }
      : { holderIdentity: this.o.identity, leaseDurationSeconds: this.duration, acquireTime: now, renewTime: now, leaseTransitions: (s.leaseTransitions ?? 0) + 1 };
    try {
      await this.rest.request('PUT', `${this.path}/${this.o.name}`, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: lease.metadata, spec });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 409) return false; // another replica wrote first
      throw e;
    }
  }

  /** Stops, and hands the lease back so a standby takes over at once. */
  async stop(release = true) {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inflight;
    // Also when the last attempt took the lease without being announced yet.
    if (release) {
      try {
        const lease = await this.rest.request<Lease>('GET', `${this.path}/${this.o.name}`);
        if (lease.spec.holderIdentity === this.o.identity) {
          await this.rest.request('PUT', `${this.path}/${this.o.name}`, { ...lease, spec: { ...lease.spec, holderIdentity: '', renewTime: microTime(new Date(0)) } });
        }
      } catch {
        /* the lease expires by itself */
      }
    }
    if (this.leading) {
      this.leading = false;
      this.o.onStoppedLeading();
    }
  }
}
