// deploy/argocd/health.lua on hand-written status objects, one per Ready reason the controllers
// write, in a real Lua VM (test/support/argocd-health.ts). The integration test runs it on
// objects the controller wrote (test/integration/argocd-health.test.ts).
import { afterAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KINDS } from '../../apis/index.js';
import { projectRoot } from '../../adapters/paths.js';
import { argocdCmPatch, healthKey } from '../../scripts/argocd-cm.js';
import { argocdHealth, closeLua, healthScript, luaLiteral, type HealthStatus } from '../support/argocd-health.js';

afterAll(closeLua);

const cond = (type: string, status: string, reason: string, message = `${reason} message`, observedGeneration = 3) => ({
  type,
  status,
  reason,
  message,
  observedGeneration,
  lastTransitionTime: '2026-12-01T05:00:00Z',
});
const vrf = (conditions?: object[], extra: { annotations?: Record<string, string>; observedGeneration?: number } = {}) => ({
  apiVersion: 'netintent.dev/v1alpha1',
  kind: 'VRF',
  metadata: { name: 'red', namespace: 'team1', generation: 3, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
  spec: { devices: ['pe1'] },
  ...(conditions ? { status: { observedGeneration: extra.observedGeneration ?? 3, conditions, deviceSummary: '0/1' } } : {}),
});
const notReady = (reason: string) => vrf([cond('Synced', 'False', reason), cond('Ready', 'False', reason, `pe1: ${reason} "quoted" and\nnewline`)]);

/** Every reason the controllers put on Ready=False, read from their source (and the device side's, whose FailureReason they report). */
function readyReasonsInControllers(): Set<string> {
  const src = ['controllers', 'devices']
    .flatMap((d) => readdirSync(join(projectRoot(), d)).filter((f) => f.endsWith('.ts')).map((f) => join(projectRoot(), d, f)))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const out = new Set<string>();
  const literals = (s: string) => [...s.matchAll(/'([A-Z][A-Za-z]+)'/g)].map((m) => m[1]!);
  for (const m of src.matchAll(/cond\('Ready',\s*[^,]+,\s*'([A-Za-z]+)'/g)) out.add(m[1]!);
  // Reasons passed through a variable: the FailureReason union, the branches of `const reason = c ? 'X' : 'Y'`, and the NotConverging triple.
  for (const m of src.matchAll(/type FailureReason =([^;]+);/g)) literals(m[1]!).forEach((r) => out.add(r));
  for (const m of src.matchAll(/const reason = [^;?]+\?([^;]+);/g)) literals(m[1]!).forEach((r) => out.add(r));
  for (const m of src.matchAll(/cond\(type,[^,]+,\s*'([A-Za-z]+)'/g)) out.add(m[1]!);
  // Reasons named by an exported constant (OPER_DOWN = 'OperDown').
  for (const m of src.matchAll(/cond\('Ready',\s*[^,]+,\s*([A-Z_]+),/g)) out.add(new RegExp(`export const ${m[1]} = '([A-Za-z]+)'`).exec(src)?.[1] ?? m[1]!);
  out.delete('Ready');
  return out;
}

const EXPECTED: Record<string, HealthStatus> = {
  DeviceUnreachable: 'Progressing',
  DeviceBusy: 'Progressing',
  ConfigReadFailed: 'Progressing',
  WaitingForDependency: 'Progressing',
  WaitingForVRFs: 'Progressing',
  EgressNotReady: 'Progressing',
  Deleting: 'Progressing',
  DeletionBlocked: 'Progressing',
  ValidationFailed: 'Degraded',
  AllocationFailed: 'Degraded',
  CommitRejected: 'Degraded',
  OwnershipConflict: 'Degraded',
  EndpointConflict: 'Degraded',
  DependencyCycle: 'Degraded',
  NotConverging: 'Degraded',
  Drifted: 'Degraded',
  OperDown: 'Degraded',
  PrerequisitesMissing: 'Degraded',
  DuplicateDevice: 'Degraded',
  HostKeyMismatch: 'Degraded',
  AuthenticationFailed: 'Degraded',
  CredentialsMissing: 'Degraded',
  Paused: 'Suspended',
  DryRun: 'Suspended',
};

describe('Argo CD health script', () => {
  it('classifies every Ready reason the controllers write (and only those)', () => {
    const found = readyReasonsInControllers();
    // The extraction itself must keep working: these come through each of its four paths.
    for (const r of ['ValidationFailed', 'Paused', 'DeviceBusy', 'HostKeyMismatch', 'AllocationFailed', 'WaitingForDependency', 'ConfigReadFailed', 'NotConverging']) expect(found).toContain(r);
    expect([...found].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('Ready=False %s is %s, quoting reason and message', async (reason, status) => {
    const h = await argocdHealth(notReady(reason));
    expect(h).toEqual({ status, message: `${reason}: pe1: ${reason} "quoted" and\nnewline` });
  });

  it('is Healthy on Ready=True for the current generation, with its message', async () => {
    expect(await argocdHealth(vrf([cond('Synced', 'True', 'InSync'), cond('Ready', 'True', 'Ready', 'synced on 1/1 devices')]))).toEqual({ status: 'Healthy', message: 'synced on 1/1 devices' });
  });

  it('is Progressing until the controller has written a status or a Ready condition', async () => {
    expect((await argocdHealth(vrf())).status).toBe('Progressing');
    expect(await argocdHealth(vrf([cond('Synced', 'True', 'InSync')]))).toEqual({ status: 'Progressing', message: 'waiting for the Ready condition' });
    expect((await argocdHealth(vrf([cond('Ready', 'Unknown', 'Reconciling')]))).status).toBe('Progressing');
  });

  it('is Progressing while the status is for an older generation, even if it said Ready or ValidationFailed', async () => {
    const stale = await argocdHealth(vrf([cond('Ready', 'True', 'Ready', 'ok', 2)], { observedGeneration: 2 }));
    expect(stale).toEqual({ status: 'Progressing', message: 'the controller has not yet reconciled generation 3 (status is for 2)' });
    expect((await argocdHealth(vrf([cond('Ready', 'False', 'ValidationFailed', 'bad', 2)], { observedGeneration: 2 }))).status).toBe('Progressing');
    // The condition's own observedGeneration counts too (a status merged by another writer).
    expect((await argocdHealth(vrf([cond('Ready', 'True', 'Ready', 'ok', 2)]))).status).toBe('Progressing');
  });

  it('is Suspended by the paused annotation before the controller says so, and not by paused="false"', async () => {
    expect((await argocdHealth(vrf(undefined, { annotations: { 'netintent.dev/paused': 'true' } }))).status).toBe('Suspended');
    expect((await argocdHealth(vrf([cond('Ready', 'True', 'Ready')], { annotations: { 'netintent.dev/paused': 'true' } }))).status).toBe('Suspended');
    expect((await argocdHealth(vrf([cond('Ready', 'True', 'Ready')], { annotations: { 'netintent.dev/paused': 'false' } }))).status).toBe('Healthy');
  });

  it('EgressNotReady is Degraded when the egress workflow failed, Progressing while it runs', async () => {
    const egress = (reason: string) => vrf([cond('EgressReady', 'False', reason), cond('Ready', 'False', 'EgressNotReady')]);
    expect((await argocdHealth(egress('EgressFailed'))).status).toBe('Degraded');
    expect((await argocdHealth(egress('Pending'))).status).toBe('Progressing');
  });

  it('an unknown reason (a newer controller) is Degraded and named', async () => {
    expect(await argocdHealth(vrf([cond('Ready', 'False', 'SomethingNew', 'x')]))).toEqual({ status: 'Degraded', message: 'unrecognised reason SomethingNew: x' });
  });

  it('runs without the string/os/io libraries (Argo CD closes them), and the sandbox really removes them', async () => {
    await expect(argocdHealth(vrf(), 'return { status = string.format("%s", "Healthy"), message = "" }')).rejects.toThrow(/string/);
    await expect(argocdHealth(vrf(), 'return { status = tostring(os.time()), message = "" }')).rejects.toThrow(/os/);
  });

  it('luaLiteral keeps strings byte for byte', async () => {
    const message = 'quote " backslash \\ tab \t ctl \u0001 é ✓ ]]';
    expect(luaLiteral([1, null, { a: 'b' }])).toBe('{1, nil, {["a"] = "b"}}');
    expect((await argocdHealth(vrf([cond('Ready', 'True', 'Ready', message)]))).message).toBe(message);
  });
});

describe('argocd-cm patch', () => {
  const file = join(projectRoot(), 'deploy', 'argocd', 'argocd-cm-patch.yaml');

  it('is what the generator writes from health.lua (npm run gen:argocd)', () => {
    expect(readFileSync(file, 'utf8')).toBe(argocdCmPatch(healthScript()));
  });

  it('holds the script, verbatim, under resource.customizations.health.<group>_<kind> for every kind', () => {
    const cm = parse(readFileSync(file, 'utf8')) as { kind: string; metadata: { name: string }; data: Record<string, string> };
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.metadata.name).toBe('argocd-cm');
    const keys = KINDS.map((k) => healthKey(k.group, k.kind));
    expect(keys).toEqual(expect.arrayContaining(['resource.customizations.health.netintent.dev_VRF', 'resource.customizations.health.nwi.enc.nokia.com_SROSConfig']));
    expect(Object.keys(cm.data).sort()).toEqual(keys.sort());
    for (const k of keys) expect(cm.data[k]).toBe(healthScript());
  });
});
