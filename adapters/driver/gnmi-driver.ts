// SR Linux (and SR OS) over gNMI: one atomic SetRequest per change, native JSON diff.
import { GnmiError, type GnmiClient } from '../gnmi/client.js';
import { setRequest } from '../yang/gnmi-request.js';
import { pathString, type Fragment, type YPath } from '../yang/tree.js';
import { removalOf } from '../render/render.js';
import { compare } from './compare.js';
import { lineDiff } from './diff.js';
import type { DeviceDriver, Observation } from './driver.js';
import * as grpc from '@grpc/grpc-js';
import type { Platform } from '../yang/models.js';

/** JSON with object keys sorted, so equal data prints equally whatever order it came in. */
function canonical(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)).map(([k, y]) => [k, sort(y)])) : x;
  return JSON.stringify(sort(v), null, 2);
}

export class GnmiDriver implements DeviceDriver {
  /** `platform` decides the list keys used to compare (SR OS also speaks gNMI). */
  constructor(
    private readonly client: GnmiClient,
    private readonly platform: Platform = 'srlinux',
  ) {}

  private async read(path: YPath): Promise<unknown> {
    try {
      const [n] = await this.client.get([pathString(path)]);
      return n?.updates[0]?.value;
    } catch (e) {
      if (e instanceof GnmiError && e.code === grpc.status.NOT_FOUND) return undefined;
      throw e;
    }
  }

  async observe(desired: Fragment[]): Promise<Observation> {
    const updates = desired.flatMap((f) => f.updates);
    const values = new Map<string, unknown>();
    await Promise.all(updates.map(async (u) => values.set(pathString(u.path), await this.read(u.path))));
    const c = compare(this.platform, desired, (p) => values.get(pathString(p)) as never);
    const have = Object.fromEntries(c.actual.filter((a) => a.value !== undefined).map((a) => [pathString(a.path), a.value]));
    const want = Object.fromEntries(updates.map((u) => [pathString(u.path), u.value]));
    return { exists: c.exists, upToDate: c.upToDate, diff: c.upToDate ? '' : lineDiff(canonical(have), canonical(want)) };
  }

  async apply(change: Fragment[]): Promise<void> {
    const req = setRequest(change);
    await this.client.set({ replace: req.replaces ?? [], update: req.updates ?? [], delete: req.deletes ?? [] });
  }

  remove(owned: Fragment[]): Promise<void> {
    return this.apply(owned.map(removalOf));
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
