// `netintent controller --kubeconfig …` as a process against the test bed: the seed deck's
// ENC manifests, applied unchanged (customer-1234 in enc-nwi-system, vpls-01 depending on
// it), converge on a simulated SR OS behind the NetworkDevice at 172.20.20.200, kubectl
// shows READY/SYNCED as the device has it, and deleting them clears the device.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ApiError } from '../../adapters/k8s/rest.js';
import { projectRoot } from '../../adapters/paths.js';
import { examples, Lab, waitFor } from './controller-lab.js';
import { kubectl } from './kube.js';

const ENC_NS = 'enc-nwi-system';
let lab: Lab;
let proc: ChildProcess;
let logs = '';
const pe1 = () => lab.sros.get('pe1')!.runningXml();

beforeAll(async () => {
  lab = await Lab.create('seed');
  await lab.startSros('pe1');
  await lab.rest.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ENC_NS } }).catch((e: unknown) => {
    if (!(e instanceof ApiError && e.code === 409)) throw e;
  });
  await lab.apply(lab.devices()); // pe1: address 172.20.20.200, dialled at the simulator
  proc = spawn(
    'node',
    [join(projectRoot(), 'dist', 'cli', 'main.js'), 'controller', '--kubeconfig', process.env.KUBECONFIG!, '--namespace', `${lab.ns}-system`,
      '--watch-namespace', lab.ns, ENC_NS, '--resync', '5', '--metrics-addr', '127.0.0.1:0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  proc.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
  // The seed manifests as they are: vpls-01 has no namespace (lands in ours), customer-1234 names enc-nwi-system.
  await lab.apply(examples('40-seed-enc.yaml'));
}, 60_000);

afterAll(async () => {
  proc?.kill('SIGKILL');
  await lab?.stop();
});

describe('netintent controller (process) with the seed ENC manifests', () => {
  it('leads and converges them on the SR OS at 172.20.20.200', async () => {
    await lab.waitCondition('SROSConfig', 'customer-1234', 'Ready', 'True', undefined, 60_000, ENC_NS);
    await lab.waitCondition('SROSConfig', 'vpls-01', 'Ready', 'True', undefined, 60_000);
    expect(pe1()).toContain('<service-name>vpls-01</service-name>');
    expect(pe1()).toContain('<service-id>4321</service-id>');
    expect(pe1()).toContain('<customer-name>1234</customer-name>');
    expect(logs).toContain('controller running');
    expect(logs).not.toContain('NokiaSros1!'); // the password never reaches the log
  }, 90_000);

  it('shows READY and SYNCED in kubectl get netintent as the device has it', () => {
    expect(kubectl('get', 'netintent', '-n', lab.ns)).toMatch(/sroscconfig\.nwi\.enc\.nokia\.com\/vpls-01\s+True\s+True|srosconfig\.nwi\.enc\.nokia\.com\/vpls-01\s+True\s+True/);
    expect(kubectl('get', 'networkdevices', '-n', lab.ns)).toMatch(/pe1\s+True\s+True\s+sros\s+172\.20\.20\.200/);
  });

  it('removes them from the device on delete, dependent first, and stops cleanly on SIGTERM', async () => {
    await lab.delete('SROSConfig', 'vpls-01');
    await lab.delete('SROSConfig', 'customer-1234', ENC_NS);
    await waitFor('both gone', async () => !(await lab.get('SROSConfig', 'vpls-01')) && !(await lab.get('SROSConfig', 'customer-1234', ENC_NS)), 30_000);
    expect(pe1()).not.toContain('vpls-01');
    expect(pe1()).not.toContain('<customer-name>1234</customer-name>');
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
