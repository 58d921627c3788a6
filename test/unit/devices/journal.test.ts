// The file-backed transaction journal: what one process records, a new one reads back
// (the SIGKILL case is in test/integration/chaos-transactions.test.ts).
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, DeviceConnections } from '../../../devices/connections.js';
import { deviceRef, FileJournal, journalDevice, MemoryJournal, recoverJournal, type Recovered, type JournalEntry } from '../../../devices/journal.js';
import type { Obj } from '../../../apis/objects.js';
import { FakeDevice } from '../../support/fake-devices.js';

const entry = (id: string, phase: JournalEntry['phase'] = 'prepared'): JournalEntry => ({
  id,
  phase,
  expiresAt: 1_000,
  devices: [{ device: { apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name: 'pe1', namespace: 'ns' } }, recovery: { protocol: 'netconf', persistId: `netintent-${id}` } }],
});

describe('FileJournal', () => {
  it('keeps entries across instances, replaces by id, and forgets what is done', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'journal-')), 'ns-system');
    const a = new FileJournal(dir);
    await a.put(entry('tx-1'));
    await a.put(entry('tx-2'));
    await a.put(entry('tx-1', 'decided'));
    const b = new FileJournal(dir); // a restarted process
    expect((await b.list()).map((e) => [e.id, e.phase]).sort()).toEqual([['tx-1', 'decided'], ['tx-2', 'prepared']]);
    await b.done('tx-1');
    expect((await new FileJournal(dir).list()).map((e) => e.id)).toEqual(['tx-2']);
    expect(statSync(join(dir, 'tx-2.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ignores a temporary file a kill left before its rename, and refuses ids that are not file names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const j = new FileJournal(dir);
    writeFileSync(join(dir, 'tx-9.json.tmp'), '{"id":"tx-9","pha');
    expect(await j.list()).toEqual([]);
    await expect(j.put(entry('../escape'))).rejects.toThrow('cannot name a journal file');
  });
});

describe('deviceRef', () => {
  it('keeps the spec and only the dial annotation of a NetworkDevice', () => {
    const ref = deviceRef(
      {
        apiVersion: 'netintent.dev/v1alpha1',
        kind: 'NetworkDevice',
        metadata: { name: 'pe1', namespace: 'ns', annotations: { 'netintent.dev/dial-address': '127.0.0.1:830', 'kubectl.kubernetes.io/last-applied-configuration': '{…}' }, uid: 'u', resourceVersion: '7' },
        spec: { address: '172.20.20.200', credentialsSecretRef: { name: 'pe1-credentials' } },
        status: { conditions: [] },
      },
      'netintent.dev/dial-address',
    );
    expect(ref).toEqual({
      apiVersion: 'netintent.dev/v1alpha1',
      kind: 'NetworkDevice',
      metadata: { name: 'pe1', namespace: 'ns', annotations: { 'netintent.dev/dial-address': '127.0.0.1:830' } },
      spec: { address: '172.20.20.200', credentialsSecretRef: { name: 'pe1-credentials' } },
    });
  });
});

describe('journalDevice: the journal never holds a secret', () => {
  const ref = { apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name: 'leaf1', namespace: 'ns' } };

  it('keeps a persist-id and an ordinary gNMI pre-image', () => {
    expect(journalDevice(ref, { protocol: 'netconf', persistId: 'netintent-1' })).toEqual({ device: ref, recovery: { protocol: 'netconf', persistId: 'netintent-1' } });
    const plain = { protocol: 'gnmi' as const, preImage: [['/network-instance[name=blue]', { name: 'blue', description: 'tenant' }], ['/interface[name=ethernet-1/2]', null]] as [string, unknown][] };
    expect(journalDevice(ref, plain)).toEqual({ device: ref, recovery: plain });
  });

  it('withholds a gNMI pre-image holding a secret-looking leaf, at any depth or as the path itself', () => {
    const nested = journalDevice(ref, { protocol: 'gnmi', preImage: [['/system/aaa', { authentication: { user: [{ username: 'ops', 'srl_nokia-aaa:password': '$y$j9T$hash' }] } }]] });
    expect(nested).toEqual({ device: ref, recovery: { protocol: 'gnmi', preImage: [] }, withheld: 'its pre-image holds a secret (password)' });
    expect(JSON.stringify(nested)).not.toContain('hash');
    const leaf = journalDevice(ref, { protocol: 'gnmi', preImage: [['/network-instance[name=b]/protocols/bgp/group[group-name=g]/authentication-key', 'k3y']] });
    expect(leaf.withheld).toContain('authentication-key');
    expect(JSON.stringify(leaf)).not.toContain('k3y');
  });

  it('recovery skips a withheld device and reports it', async () => {
    const d = new FakeDevice('leaf1');
    const journal = new MemoryJournal();
    await journal.put({ id: 'tx-w', phase: 'prepared', expiresAt: Date.now() + 60_000, devices: [{ device: ref, recovery: { protocol: 'gnmi', preImage: [] }, withheld: 'secret' }] });
    const conns = { get: (_: Obj) => Promise.resolve({ driver: d, capabilities: [], softwareVersion: 'fake' } as Connection), drop: () => undefined } as unknown as DeviceConnections;
    const seen: Recovered[] = [];
    await recoverJournal(journal, conns, (r) => seen.push(r));
    expect(d.log).toEqual([]);
    expect(seen).toEqual([{ id: 'tx-w', action: 'cancel', devices: ['leaf1'], unreached: [], withheld: ['leaf1'] }]);
    expect(journal.entries.size).toBe(0);
  });
});
