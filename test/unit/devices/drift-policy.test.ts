// The effective desired of an update under per-path drift policies, and secret leaves
// compared by presence and masked in diffs: the pure parts of issue 15 part 3.
import { describe, expect, it } from '@jest/globals';
import { parsePath } from '../../../adapters/yang/path.js';
import { nodeAtPath, type Fragment, type YObject } from '../../../adapters/yang/tree.js';
import { actionAt, effectiveUpdate, type DriftPolicy } from '../../../devices/drivers/drift-policy.js';
import { compare, observation } from '../../../devices/drivers/compare.js';

const P = (path: string, action: DriftPolicy['action']): DriftPolicy => ({ path: parsePath(path), action });
const vprn = (extra: YObject = {}): YObject => ({ 'service-name': 'blue', 'admin-state': 'enable', description: 'wanted', ...extra });
const at = parsePath('/configure/service/vprn[service-name=blue]');
const render = (entries: { path: unknown; value: unknown }[]) => JSON.stringify(entries.map((e) => e.value), null, 1);

describe('effectiveUpdate', () => {
  it('keeps an accepted leaf under a replace and lists the deviation', () => {
    const e = effectiveUpdate('sros', { path: at, value: vprn(), replace: true }, vprn({ description: 'noc' }), [P('/configure/service/vprn[service-name=blue]/description', 'accept')]);
    expect((e.value as YObject).description).toBe('noc');
    expect(e.deviations).toHaveLength(1);
    expect(e.deviations[0]).toMatchObject({ action: 'accept', actual: 'noc', desired: 'wanted' });
  });
  it('keeps a reported leaf under a merge', () => {
    const e = effectiveUpdate('sros', { path: at, value: vprn() }, vprn({ description: 'noc' }), [P('/configure/service/vprn/description', 'report')]);
    expect((e.value as YObject).description).toBe('noc');
    expect(e.deviations.map((d) => d.action)).toEqual(['report']);
  });
  it('keeps the desired value where the device has none (the first create happens)', () => {
    const e = effectiveUpdate('sros', { path: at, value: vprn(), replace: true }, undefined, [P('/configure/service/vprn[service-name=blue]/description', 'accept')]);
    expect(e.value).toEqual(vprn());
    expect(e.deviations).toEqual([]);
  });
  it('reverts what no policy governs, beside an accepted path', () => {
    const e = effectiveUpdate('sros', { path: at, value: vprn(), replace: true }, vprn({ description: 'noc', 'admin-state': 'disable' }), [P('/configure/service/vprn[service-name=blue]/description', 'accept')]);
    expect(e.value).toEqual(vprn({ description: 'noc' }));
  });
  it('ignores a policy on another list entry (path with keys)', () => {
    const e = effectiveUpdate('sros', { path: at, value: vprn(), replace: true }, vprn({ description: 'noc' }), [P('/configure/service/vprn[service-name=red]/description', 'accept')]);
    expect(e.value).toEqual(vprn());
  });
  it('keeps an entry the device added to an accepted list under a replace, and drops one elsewhere', () => {
    const want = vprn({ interface: [{ 'interface-name': 'a', description: 'x' }] });
    const have = vprn({ interface: [{ 'interface-name': 'a', description: 'x' }, { 'interface-name': 'b' }] });
    const kept = effectiveUpdate('sros', { path: at, value: want, replace: true }, have, [P('/configure/service/vprn[service-name=blue]/interface', 'accept')]);
    expect(kept.value).toEqual(have);
    expect(kept.deviations).toHaveLength(1);
    const entry = effectiveUpdate('sros', { path: at, value: want, replace: true }, have, [P('/configure/service/vprn/interface[interface-name=b]', 'accept')]);
    expect(entry.value).toEqual(have);
    expect(entry.deviations[0]!.path.at(-1)).toEqual({ name: 'interface', keys: { 'interface-name': 'b' } });
    expect(effectiveUpdate('sros', { path: at, value: want, replace: true }, have, [P('/configure/service/vprn/interface[interface-name=c]', 'accept')]).value).toEqual(want);
  });
  it('lets a more specific revert win inside an accepted subtree, and the intent win over the device on the same path', () => {
    const have = vprn({ description: 'noc', 'admin-state': 'disable' });
    const e = effectiveUpdate('sros', { path: at, value: vprn(), replace: true }, have, [P('/configure/service/vprn[service-name=blue]/admin-state', 'revert'), P('/configure/service/vprn', 'accept')]);
    expect(e.value).toEqual(vprn({ description: 'noc' }));
    expect(actionAt([P('/configure/service/vprn', 'report'), P('/configure/service/vprn', 'accept')], at)).toBe('report');
    expect(actionAt([P('/configure/service', 'accept'), P('/configure/service/vprn', 'report')], at)).toBe('report');
  });
});

describe('secret leaves', () => {
  const bgpAt = parsePath('/configure/router[router-name=Base]/bgp');
  const desired: Fragment[] = [{ updates: [{ path: bgpAt, value: { 'authentication-key': 'clear-text-key', 'keepalive': 30 } }], deletes: [] }];
  const running = (key: string) => (p: typeof bgpAt) => nodeAtPath({ configure: { router: [{ 'router-name': 'Base', bgp: { 'authentication-key': key, keepalive: '30' } }] } }, p);
  it('compare by presence: a hashed form on the device is no drift', () => {
    expect(compare('sros', desired, running('Qk9HVVM= hash2')).upToDate).toBe(true);
  });
  it('are rewritten when the intent says its secrets changed', () => {
    expect(compare('sros', desired, running('Qk9HVVM= hash2'), { rewriteSecrets: true }).upToDate).toBe(false);
  });
  it('never show in a diff', () => {
    const drifted = (p: typeof bgpAt) => nodeAtPath({ configure: { router: [{ 'router-name': 'Base', bgp: { 'authentication-key': 'Qk9HVVM= hash2', keepalive: '10' } }] } }, p);
    const o = observation('sros', compare('sros', desired, drifted), render as never);
    expect(o.diff).toContain('keepalive');
    expect(o.diff).not.toMatch(/clear-text-key|Qk9HVVM/);
    expect(o.diff).toContain('<secret>');
  });
});

describe('journal pre-images', () => {
  it('withhold a secret leaf the generated table knows but the name pattern does not (OSPF md5)', async () => {
    const { journalDevice } = await import('../../../devices/journal.js');
    const device = { apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name: 'pe1' }, spec: {} };
    const md5 = journalDevice(device, { protocol: 'gnmi', preImage: [['/configure/router[router-name=Base]/ospf[ospf-instance=0]/area[area-id=0.0.0.0]/interface[interface-name=a]', { 'message-digest-key': [{ 'key-id': 1, md5: 'x hash2' }] }]] });
    expect(md5.withheld).toContain('md5');
    const plain = journalDevice(device, { protocol: 'gnmi', preImage: [['/configure/service/vprn[service-name=a]', { description: 'x' }]] });
    expect(plain.withheld).toBeUndefined();
  });
});

describe('NETCONF single entries', () => {
  it('one entry of a list outside the key tables (read back as an object) is found and compared', () => {
    const path = parsePath('/configure/router[router-name=Base]/bgp/group[group-name=g]');
    const desired: Fragment[] = [{ updates: [{ path, value: { 'group-name': 'g', 'authentication-key': 'k' }, replace: true }], deletes: [] }];
    const doc = { configure: { router: [{ 'router-name': 'Base', bgp: { group: { 'group-name': 'g', 'authentication-key': 'x hash2' } } }] } };
    expect(compare('sros', desired, (p) => nodeAtPath(doc, p)).upToDate).toBe(true);
    expect(nodeAtPath(doc, parsePath('/configure/router[router-name=Base]/bgp/group[group-name=other]'))).toBeUndefined();
  });
});
