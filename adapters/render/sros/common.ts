import type { SrosConfigureServiceCustomer } from '../../yang/gen/sros.js';
import { serviceName, type VplsPlan, type VrfPlan } from '../plan.js';
import { customerId } from '../service-checks.js';
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

/**
 * The customer a service names: shared by every service of that customer, so merged, never
 * owned. SR OS creates a customer only with a customer-id (resolve refuses a service without one).
 */
export function customerUpdate(spec: { customer: string; customerId?: number | undefined }): Update {
  const value: SrosConfigureServiceCustomer = { 'customer-name': spec.customer };
  const id = customerId(spec);
  if (id !== undefined) value['customer-id'] = id;
  return { path: [CONFIGURE, { name: 'service' }, { name: 'customer', keys: { 'customer-name': spec.customer } }], value: value as unknown as YObject };
}

/**
 * A VPRN interface name, short and deterministic: SR OS names are 1..32 characters and must
 * start with a letter (nokia-types-sros interface-name). A physical port gets `if-`
 * (`if-1/1/c1/1-100`, ≤ 23 characters); a LAG name starts with a letter already
 * (`lag-<up to 23>-4094`, ≤ 32).
 */
export function interfaceName(port: string, vlan?: number): string {
  return `${/^[a-z]/i.test(port) ? port : `if-${port}`}-${vlan ?? 0}`;
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
