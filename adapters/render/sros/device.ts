// NetworkDevice → the SR OS SRv6 base: source address, origination FPE, the locators the spec
// declares (static function range, termination FPE) and each locator's End SID.
// The locator is merged, never replaced: the underlay (startup config, the operator) owns it too,
// and a replace would wipe what others put under it. Only the End SID netintent allocated is its own.
// Compare ipspace/netlab netsim/ansible/templates/srv6/sros.j2 (locator with static-function
// max-entries and termination-fpe [2], origination-fpe [1], base-routing-instance function end 1
// srh-mode usp) and cloud-native-everything/SRv6-L3VPN-FlexAlgo-Containerlab R1 config.
import type {
  SrosConfigureRouterSegmentRoutingSegmentRoutingV6,
  SrosConfigureRouterSegmentRoutingSegmentRoutingV6Locator,
} from '../../yang/gen/sros.js';
import type { Fragment, YObject, YPath } from '../../yang/tree.js';
import type { Device, DeviceBasePlan } from '../plan.js';
import { BASE_ROUTER, CONFIGURE } from './common.js';

const SRV6: YPath = [CONFIGURE, BASE_ROUTER, { name: 'segment-routing' }, { name: 'segment-routing-v6' }];

/** Where a locator's End SID lives: base-routing-instance locator <name> function end <value>. */
export function endSidPath(locator: string, value: number): YPath {
  return [
    ...SRV6,
    { name: 'base-routing-instance' },
    { name: 'locator', keys: { 'locator-name': locator } },
    { name: 'function' },
    { name: 'end', keys: { value } },
  ];
}

export function srosDeviceBase(device: Device, base: DeviceBasePlan): Fragment {
  const srv6 = device.spec.srv6;
  if (!srv6) return { updates: [], deletes: [] };
  const updates: Fragment['updates'] = [];
  const top: SrosConfigureRouterSegmentRoutingSegmentRoutingV6 = {
    ...(srv6.sourceAddress ? { 'source-address': srv6.sourceAddress } : {}),
    ...(srv6.originationFpe ? { 'origination-fpe': srv6.originationFpe } : {}),
  };
  if (Object.keys(top).length) updates.push({ path: SRV6, value: top as unknown as YObject });
  for (const l of srv6.locators) {
    const locator: SrosConfigureRouterSegmentRoutingSegmentRoutingV6Locator = {
      'locator-name': l.name,
      'admin-state': 'enable',
      'block-length': l.blockLength,
      'function-length': l.functionLength,
      ...(l.argumentLength ? { 'argument-length': l.argumentLength } : {}),
      ...(l.terminationFpe ? { 'termination-fpe': l.terminationFpe } : {}),
      prefix: { 'ip-prefix': l.prefix },
      'static-function': { 'max-entries': l.staticFunctionMaxEntries },
    };
    updates.push({ path: [...SRV6, { name: 'locator', keys: { 'locator-name': l.name } }], value: locator as unknown as YObject });
    const end = base.endSids[l.name];
    // USP: the End SID ends the segment list of a policy through this node (netlab's node End SID).
    if (end) updates.push({ path: endSidPath(l.name, end.function), value: { value: end.function, 'srh-mode': 'usp' }, replace: true });
  }
  return { updates, deletes: [] };
}
