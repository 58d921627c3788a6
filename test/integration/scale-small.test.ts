// The scale bench (bench/scale.ts) in small, on the test bed: 200 intents over 20 simulated
// devices in two `netintent sim fleet` processes, a `netintent controller` process, and the
// naive baseline over the same intents. Only the invariants are asserted, never a time:
// every intent Ready, nothing written on a restart resync, and fewer device RPCs than the
// baseline's one-push-per-intent-and-device.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { allCrds } from '../../apis/crd.js';
import { applyAll, installCRDs } from '../../adapters/k8s/manifests.js';
import { makeCerts } from '../../lab/stack/certs.js';
import { freePort } from '../../lab/stack/processes.js';
import { runScale } from '../../bench/scale/run.js';
import { freshNamespace, testKubeConfig } from './kube.js';

describe('bench:scale, small (issue 14)', () => {
  it('brings 200 intents on 20 devices to Ready with fewer device RPCs than the naive loop, and writes nothing on a resync', async () => {
    const kc = testKubeConfig();
    await installCRDs(kc, allCrds() as unknown as KubernetesObject[]); // the transaction history included: a resync records nothing
    const ns = await freshNamespace(kc, 'scale');
    const dir = mkdtempSync(join(tmpdir(), 'netintent-scale-test-'));
    const certs = await makeCerts(dir);
    const password = 'scale-test-password';
    await applyAll(kc, [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fleet-creds', namespace: ns }, stringData: { username: 'admin', password } } as KubernetesObject,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fleet-ca', namespace: ns }, stringData: { 'ca.crt': readFileSync(certs.ca, 'utf8') } } as KubernetesObject,
    ]);
    const lines: string[] = [];
    const r = await runScale(
      { intents: 200, devices: 20, rttMs: 1, fleets: 2, validate: false, changes: 5, concurrency: 32, baseline: true, baselineWorkers: 4 },
      { kc, kubeconfig: process.env.KUBECONFIG!, ns, dir, password, tls: { cert: certs.serverCert, key: certs.serverKey, ca: readFileSync(certs.ca) }, metricsPort: await freePort(), log: (s) => lines.push(s) },
    );
    process.stderr.write(`${r.table}\n${JSON.stringify(r.json)}\n`);
    expect(r.json).toMatchObject({ intents: 200, devices: 20, resync_device_writes: 0, resync_status_writes: 0, resync_history_records: 0 });
    expect(r.json.history_records).toBeGreaterThan(0); // the cold start was recorded
    expect(r.baseline!.failures).toBe(0);
    expect(r.rpcs.controller).toBeLessThan(r.rpcs.baseline!);
  }, 900_000);
});
