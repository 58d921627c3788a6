// Dispatch: which renderer a plan takes on which platform, and a device's full set of
// fragments assembled into one document.
import type { Platform } from '../yang/models.js';
import { assemble, ConflictError, mergeInto, nodeAt, schemaPath, type Fragment, type YObject } from '../yang/tree.js';
import { encFragment } from './enc.js';
import type { Device, DeviceBasePlan, EncPlan, IntentRef, PolicyPlan, VplsPlan, VrfPlan } from './plan.js';
import { srosDeviceBase } from './sros/device.js';
import { srosPolicy } from './sros/policy.js';
import { srosVpls } from './sros/vpls.js';
import { srosVrf } from './sros/vrf.js';
import { srlVpls } from './srlinux/vpls.js';
import { srlVrf } from './srlinux/vrf.js';

export type Plan = VrfPlan | VplsPlan | PolicyPlan | EncPlan;

export function renderPlan(plan: Plan, device: Device): Fragment {
  const sros = device.spec.platform === 'sros';
  switch (plan.kind) {
    case 'VRF':
      return sros ? srosVrf(plan, device) : srlVrf(plan, device);
    case 'VPLS':
      return sros ? srosVpls(plan, device) : srlVpls(plan, device);
    case 'SRv6Policy':
      return srosPolicy(plan);
    case 'SROSConfig':
    case 'SRLinuxConfig':
      return encFragment(plan);
  }
}

export function renderDeviceBase(device: Device, base: DeviceBasePlan): Fragment {
  return device.spec.platform === 'sros' ? srosDeviceBase(device, base) : { updates: [], deletes: [] };
}

export interface OwnedFragment {
  owner: IntentRef;
  fragment: Fragment;
}

/** One document of everything on a device; a leaf two intents set differently is an error naming both. */
export function deviceDocument(platform: Platform, owned: OwnedFragment[]): YObject {
  const doc: YObject = {};
  owned.forEach((o, i) => {
    try {
      for (const u of o.fragment.updates) mergeInto(platform, nodeAt(doc, u.path), u.value, schemaPath(u.path));
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const other = owned.slice(0, i).find((s) => clashes(platform, s.fragment, o.fragment));
      const who = (r: IntentRef) => `${r.kind} ${r.namespace}/${r.name}`;
      throw new ConflictError(`${who(o.owner)} conflicts with ${other ? who(other.owner) : 'another intent'}: ${e.message}`);
    }
  });
  return doc;
}

function clashes(platform: Platform, a: Fragment, b: Fragment): boolean {
  try {
    assemble(platform, [a, b]);
    return false;
  } catch {
    return true;
  }
}
