// SRv6Policy → nokia-conf static SRv6 policy on the SR OS head end.
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
