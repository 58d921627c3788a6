import type { SrosConfigureServiceCustomer } from '../../yang/gen/sros.js';
import { serviceName, type VplsPlan, type VrfPlan } from '../plan.js';
import type { Update, YObject, YPath } from '../../yang/tree.js';

export const CONFIGURE = { name: 'nokia-conf:configure' };
export const BASE_ROUTER = { name: 'router', keys: { 'router-name': 'Base' } };

export function servicePath(kind: 'vprn' | 'vpls', name: string): YPath {
  return [CONFIGURE, { name: 'service' }, { name: kind, keys: { 'service-name': name } }];
}

/** SAP id: port, port:vlan, or port:outer.inner. */
export function sapId(port: string, vlan?: number, inner?: number): string {
  if (vlan === undefined) return port;
  return inner === undefined ? `${port}:${vlan}` : `${port}:${vlan}.${inner}`;
}

/** The customer a service names: shared by every service of that customer, so merged, never owned. */
export function customerUpdate(customer: string): Update {
  const value: SrosConfigureServiceCustomer = { 'customer-name': customer };
  if (/^[1-9][0-9]{0,9}$/.test(customer) && Number(customer) <= 2147483647) value['customer-id'] = Number(customer);
  return { path: [CONFIGURE, { name: 'service' }, { name: 'customer', keys: { 'customer-name': customer } }], value: value as unknown as YObject };
}

/** The leaves every SR OS service starts with. */
export function serviceHeader(plan: VrfPlan | VplsPlan) {
  return {
    'service-name': serviceName(plan),
    'service-id': plan.serviceId,
    customer: plan.spec.customer,
    'admin-state': 'enable' as const,
    ...(plan.spec.description ? { description: plan.spec.description } : {}),
  };
}
