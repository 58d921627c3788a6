// NetworkDevice → the SR OS SRv6 base: source address and the locators the spec declares.
import type { SrosConfigureRouterSegmentRoutingSegmentRoutingV6Locator } from '../../yang/gen/sros.js';
import type { Fragment, YObject } from '../../yang/tree.js';
import type { Device } from '../plan.js';
import { BASE_ROUTER, CONFIGURE } from './common.js';

const SRV6 = [CONFIGURE, BASE_ROUTER, { name: 'segment-routing' }, { name: 'segment-routing-v6' }];

export function srosDeviceBase(device: Device): Fragment {
  const srv6 = device.spec.srv6;
  if (!srv6) return { updates: [], deletes: [] };
  const updates: Fragment['updates'] = [];
  if (srv6.sourceAddress) updates.push({ path: SRV6, value: { 'source-address': srv6.sourceAddress } });
  for (const l of srv6.locators) {
    const locator: SrosConfigureRouterSegmentRoutingSegmentRoutingV6Locator = {
      'locator-name': l.name,
      'admin-state': 'enable',
      'block-length': l.blockLength,
      'function-length': l.functionLength,
      ...(l.argumentLength ? { 'argument-length': l.argumentLength } : {}),
      prefix: { 'ip-prefix': l.prefix },
    };
    updates.push({ path: [...SRV6, { name: 'locator', keys: { 'locator-name': l.name } }], value: locator as unknown as YObject, replace: true });
  }
  return { updates, deletes: [] };
}
