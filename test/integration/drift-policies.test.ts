// Per-path drift decisions and secret leaves (issue 15 part 3), on the real test bed: the
// controller, the API server, and the SR OS / SR Linux simulators over NETCONF and gNMI.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Lab, sleep, waitFor } from './controller-lab.js';
import { installCRDs } from '../../adapters/k8s/manifests.js';
import { RECORD_KINDS } from '../../apis/index.js';
import { recordCrdFor } from '../../apis/crd.js';
import type { DeviceTransactionSpec } from '../../apis/devicetransaction.js';
import type { Obj } from '../../apis/objects.js';

let lab: Lab;
const sros = (n: string) => lab.sros.get(n)!;
const srl = (n: string) => lab.srl.get(n)!;
type Deviation = { device: string; path: string; action: string; diff: string };
const deviations = (o: Obj) => (o.status?.deviations as Deviation[] | undefined) ?? [];
const cond = (o: Obj, t: string) => o.status!.conditions!.find((c) => c.type === t)!;

const vrf = (name: string, vlan: number, driftPolicies?: { path: string; action: string }[]) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VRF',
    metadata: { name },
    spec: { description: `tenant ${name}`, ...(driftPolicies ? { driftPolicies } : {}), endpoints: [{ device: 'pe1', port: '1/1/c3/1', vlan, ipv4: `10.9.${vlan % 256}.1/24` }] },
  }) as KubernetesObject;
const leafVpls = (name: string, vlan: number, driftPolicies?: { path: string; action: string }[]) =>
  ({
    apiVersion: 'netintent.dev/v1alpha1',
    kind: 'VPLS',
    metadata: { name },
    spec: { description: `tenant ${name}`, ...(driftPolicies ? { driftPolicies } : {}), endpoints: [{ device: 'leaf1', port: 'ethernet-1/2', vlan }], evpn: { evi: vlan, vni: vlan } },
  }) as KubernetesObject;
const bgpKey = (name: string, key: string) =>
  ({
    apiVersion: 'nwi.enc.nokia.com/v1alpha2',
    kind: 'SROSConfig',
    metadata: { name },
    spec: { switchID: '172.20.20.200', path: `/router[router-name=Base]/bgp/group[group-name=${name}]`, properties: { 'group-name': name, 'authentication-key': key } },
  }) as KubernetesObject;

/** The pe1 simulator's running XML of a VRF's vprn, and its description. */
const vprnXml = (name: string) => {
  const xml = sros('pe1').runningXml();
  const at = xml.indexOf(`<service-name>${lab.ns}.${name}</service-name>`);
  return at < 0 ? '' : xml.slice(at, xml.indexOf('</vprn>', at));
};
const vprnDescription = (name: string) => /<description>([^<]*)<\/description>/.exec(vprnXml(name))?.[1];

beforeAll(async () => {
  lab = await Lab.create('dpol');
  await installCRDs(lab.kc, RECORD_KINDS.map((k) => recordCrdFor(k) as unknown as KubernetesObject));
  await Promise.all([lab.startSros('pe1'), lab.startSrl('leaf1')]);
  await lab.startController({ resyncMs: 1500, history: { max: 1000, maxAgeMs: 3_600_000 } });
  await lab.apply(lab.devices());
  for (const d of ['pe1', 'leaf1']) await lab.waitCondition('NetworkDevice', d, 'Ready', 'True', undefined, 60_000);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('per-path drift policies', () => {
  it('accept: an out-of-band change on the path stays and is listed; a change beside it is reverted; removing the policy reverts it', async () => {
    const path = `/configure/service/vprn[service-name=${lab.ns}.keep]/description`;
    await lab.apply([vrf('keep', 351, [{ path, action: 'accept' }])]);
    await lab.waitCondition('VRF', 'keep', 'Ready', 'True');
    expect(vprnDescription('keep')).toBe('tenant keep');
    // The NOC edits the description (accepted) and the service's admin-state (no policy: reverted).
    const xml = sros('pe1').runningXml();
    const at = xml.indexOf(`<service-name>${lab.ns}.keep</service-name>`);
    const head = xml.slice(0, at);
    const vprn = xml.slice(at).replace('<description>tenant keep</description>', '<description>noc edit</description>').replace('<admin-state>enable</admin-state>', '<admin-state>disable</admin-state>');
    sros('pe1').setRunning(head + vprn);
    const o = await waitFor('the deviation listed', async () => {
      const v = await lab.get('VRF', 'keep');
      return v && deviations(v).length ? v : undefined;
    });
    expect(deviations(o)).toEqual([expect.objectContaining({ device: 'pe1', path, action: 'accepted' })]);
    expect(deviations(o)[0]!.diff).toMatch(/^- .*noc edit/m);
    expect(deviations(o)[0]!.diff).toMatch(/^\+ .*tenant keep/m);
    await waitFor('admin-state reverted', () => !vprnXml('keep').includes('<admin-state>disable') || undefined, 20_000);
    const ok = await lab.waitCondition('VRF', 'keep', 'Drifted', 'False', 'DeviationsAccepted');
    expect(cond(ok, 'Drifted').message).toContain('1 deviation(s) accepted');
    expect(cond(ok, 'Ready').status).toBe('True');
    expect(cond(ok, 'Synced').status).toBe('True');
    // Resyncs leave it alone and write no status.
    const commits = sros('pe1').commits;
    const writes = lab.controller!.reporter.writes;
    await sleep(4000);
    expect(vprnDescription('keep')).toBe('noc edit');
    expect(sros('pe1').commits).toBe(commits);
    expect(lab.controller!.reporter.writes).toBe(writes);
    // The policy entry removed: the next reconcile reverts the deviation.
    await lab.patch('VRF', 'keep', { spec: { driftPolicies: null } });
    await waitFor('description reverted', () => vprnDescription('keep') === 'tenant keep' || undefined, 20_000);
    const after = await waitFor('deviations cleared', async () => {
      const v = await lab.get('VRF', 'keep');
      return v && !deviations(v).length && cond(v, 'Ready').status === 'True' ? v : undefined;
    });
    expect(cond(after, 'Drifted').reason).not.toBe('DeviationsAccepted');
  }, 90_000);

  it('report (a path without keys, on gNMI): the diff is in status, nothing is reverted, Drifted=True', async () => {
    await lab.apply([leafVpls('watch', 431, [{ path: '/network-instance/description', action: 'report' }])]);
    await lab.waitCondition('VPLS', 'watch', 'Ready', 'True');
    const sets = srl('leaf1').sets;
    srl('leaf1').setDocument(JSON.parse(JSON.stringify(srl('leaf1').doc).replace('"tenant watch"', '"hand edit"')));
    const o = await lab.waitCondition('VPLS', 'watch', 'Drifted', 'True', 'DriftReported', 20_000);
    expect(deviations(o)).toEqual([expect.objectContaining({ device: 'leaf1', action: 'reported', path: expect.stringMatching(/^\/network-instance\[name=[^\]]+\]\/description$/) })]);
    expect(String(o.status!.diff)).toContain('hand edit');
    expect(cond(o, 'Ready')).toMatchObject({ status: 'False', reason: 'Drifted' });
    expect(cond(o, 'Synced').status).toBe('False');
    await sleep(3000);
    expect(JSON.stringify(srl('leaf1').doc)).toContain('hand edit');
    expect(srl('leaf1').sets).toBe(sets);
    expect((await lab.events('watch')).filter((e) => e.reason === 'DriftDetected')).toHaveLength(1);
    // Reported drift is in the transaction history too, with its native diff.
    const records = await waitFor('a DriftReported record', async () => {
      const items = (await lab.rest.request<{ items: { spec: DeviceTransactionSpec }[] }>('GET', `/apis/netintent.dev/v1alpha1/namespaces/${lab.ns}-system/devicetransactions`)).items;
      const found = items.filter((r) => r.spec.outcome === 'DriftReported' && r.spec.intents.some((i) => i.kind === 'VPLS' && i.name === 'watch'));
      return found.length ? found : undefined;
    }, 10_000);
    expect(records).toHaveLength(1);
    expect(records[0]!.spec).toMatchObject({ requestedBy: 'out of band (on the device)', intents: [expect.objectContaining({ cause: 'OutOfBand' })], devices: [expect.objectContaining({ name: 'leaf1' })] });
    expect(records[0]!.spec.devices[0]!.diff).toContain('hand edit');
  }, 60_000);

  it("a NetworkDevice's policy applies to every intent on it; a path without policy is reverted as before", async () => {
    await lab.apply([vrf('plain', 352), vrf('bystander', 353)]);
    await lab.waitCondition('VRF', 'plain', 'Ready', 'True');
    await lab.waitCondition('VRF', 'bystander', 'Ready', 'True');
    const edit = (name: string, to: string) => sros('pe1').setRunning(sros('pe1').runningXml().replace(`<description>tenant ${name}</description>`, `<description>${to}</description>`));
    edit('plain', 'hand edit');
    await waitFor('plain reverted', () => vprnDescription('plain') === 'tenant plain' || undefined, 20_000);
    await lab.waitCondition('VRF', 'plain', 'Drifted', 'False', 'DriftReverted');
    await lab.patch('NetworkDevice', 'pe1', { spec: { driftPolicies: [{ path: `/configure/service/vprn[service-name=${lab.ns}.bystander]/description`, action: 'report' }] } });
    await sleep(1500);
    edit('bystander', 'noc note');
    const o = await lab.waitCondition('VRF', 'bystander', 'Drifted', 'True', 'DriftReported', 20_000);
    expect(deviations(o)[0]).toMatchObject({ device: 'pe1', action: 'reported' });
    expect(vprnDescription('bystander')).toBe('noc note');
    await lab.patch('NetworkDevice', 'pe1', { spec: { driftPolicies: null } });
    await waitFor('bystander reverted', () => vprnDescription('bystander') === 'tenant bystander' || undefined, 20_000);
  }, 60_000);
});

describe('secret leaves', () => {
  it('an SROSConfig BGP authentication-key converges, never drifts on resync though pe1 answers it hashed, never shows, and a new key is pushed', async () => {
    await lab.apply([bgpKey('authgrp', 'Clear-Key-One')]);
    await lab.waitCondition('SROSConfig', 'authgrp', 'Ready', 'True');
    const stored = () => /<group-name>authgrp<\/group-name>[\s\S]*?<authentication-key>([^<]*)<\/authentication-key>/.exec(sros('pe1').runningXml())?.[1];
    const first = stored()!;
    expect(first).toMatch(/ hash2$/);
    expect(sros('pe1').runningXml()).not.toContain('Clear-Key-One');
    // What a real NETCONF client reads back: the encrypted form. (Not spawnSync: the simulator runs in this process.)
    const r = await promisify(execFile)('/usr/bin/python3', ['-c', [
      'from ncclient import manager',
      `m = manager.connect(host="127.0.0.1", port=${sros('pe1').port}, username="admin", password="NokiaSros1!", hostkey_verify=False, allow_agent=False, look_for_keys=False)`,
      'f = \'<configure xmlns="urn:nokia.com:sros:ns:yang:sr:conf"><router><router-name>Base</router-name><bgp><group><group-name>authgrp</group-name></group></bgp></router></configure>\'',
      'print(m.get_config(source="running", filter=("subtree", f)).data_xml)',
    ].join('\n')], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`<authentication-key>${first}</authentication-key>`);
    const commits = sros('pe1').commits;
    await sleep(4500); // three resyncs
    expect(sros('pe1').commits).toBe(commits);
    const o = (await lab.get('SROSConfig', 'authgrp'))!;
    expect(cond(o, 'Drifted').status).toBe('False');
    const shown = JSON.stringify(o.status) + JSON.stringify(await lab.events('authgrp'));
    expect(shown).not.toContain('Clear-Key-One');
    // Rotating the key: pushed although the key compares by presence only.
    await lab.patch('SROSConfig', 'authgrp', { spec: { properties: { 'group-name': 'authgrp', 'authentication-key': 'Clear-Key-Two' } } });
    await waitFor('the new key on pe1', () => (stored() !== first ? stored() : undefined), 20_000);
    expect(stored()).toMatch(/ hash2$/);
    await lab.waitCondition('SROSConfig', 'authgrp', 'Ready', 'True');
    const again = sros('pe1').commits;
    await sleep(3000);
    expect(sros('pe1').commits).toBe(again);
    const all = JSON.stringify((await lab.get('SROSConfig', 'authgrp'))!.status) + JSON.stringify(await lab.events('authgrp'));
    expect(all).not.toMatch(/Clear-Key-(One|Two)/);
  }, 60_000);

  it('an SRLinuxConfig BGP group password (routing-password) converges, the sim keeps it encrypted, resyncs write nothing, nothing shows it', async () => {
    const doc = {
      apiVersion: 'nwi.enc.nokia.com/v1alpha2',
      kind: 'SRLinuxConfig',
      metadata: { name: 'srlauth' },
      spec: { switchID: '172.20.20.11', path: '/network-instance[name=default]/protocols/srl_nokia-bgp:bgp/group[group-name=srlauth]', properties: { 'group-name': 'srlauth', authentication: { password: 'Clear-Srl-Key' } } },
    } as KubernetesObject;
    await lab.apply([doc]);
    await lab.waitCondition('SRLinuxConfig', 'srlauth', 'Ready', 'True');
    const held = JSON.stringify(srl('leaf1').doc);
    expect(held).not.toContain('Clear-Srl-Key');
    expect(held).toMatch(/"password":"\$aes1\$[^"$]+\$[^"]+"/);
    const sets = srl('leaf1').sets;
    await sleep(4500);
    expect(srl('leaf1').sets).toBe(sets);
    const o = (await lab.get('SRLinuxConfig', 'srlauth'))!;
    expect(cond(o, 'Drifted').status).toBe('False');
    expect(JSON.stringify(o.status) + JSON.stringify(await lab.events('srlauth'))).not.toContain('Clear-Srl-Key');
  }, 60_000);
});
