// SRv6Policy → nokia-conf static SRv6 policy on the SR OS head end, with its binding SID.
// SR OS requires a binding SID on a local static SRv6 policy and programs it as End.B6.Encaps.Red
// on a named locator, with an optional static function value checked against the locator's
// static range (Nokia Segment Routing and PCE User Guide, "SRv6 binding SID procedures").
// Device segments are those devices' End SIDs, rendered by their own NetworkDevice base.
import type { SrosConfigureRouterSegmentRoutingSrPoliciesStaticPolicy } from '../../yang/gen/sros.js';
import type { Fragment, YObject } from '../../yang/tree.js';
import { serviceName, type PolicyPlan } from '../plan.js';
import { BASE_ROUTER, CONFIGURE } from './common.js';

const SR_POLICIES = [CONFIGURE, BASE_ROUTER, { name: 'segment-routing' }, { name: 'sr-policies' }];

export function srosPolicy(plan: PolicyPlan): Fragment {
  const name = serviceName(plan);
  const policy: SrosConfigureRouterSegmentRoutingSrPoliciesStaticPolicy = {
    name,
    'admin-state': 'enable',
    color: String(plan.spec.color),
    endpoint: plan.spec.endpoint,
    'head-end': 'local',
    type: 'srv6',
    ...(plan.spec.preference !== undefined ? { preference: plan.spec.preference } : {}),
    'segment-routing-v6': {
      'binding-sid': [
        {
          index: 1,
          locator: { 'locator-name': plan.bindingSid.locator, function: 'end-b6-encaps-red', 'function-value': plan.bindingSid.function },
        },
      ],
    },
    'segment-list': plan.segmentLists.map((l) => ({
      'seg-list-index': l.index,
      'admin-state': 'enable' as const,
      ...(l.weight !== undefined ? { weight: l.weight } : {}),
      segment: l.sids.map((sid, i) => ({ 'segment-index': i + 1, 'srv6-sid': sid })),
    })),
  };
  return {
    updates: [
      { path: SR_POLICIES, value: { 'admin-state': 'enable' } },
      { path: [...SR_POLICIES, { name: 'static-policy', keys: { name } }], value: policy as unknown as YObject, replace: true },
    ],
    deletes: [],
  };
}
