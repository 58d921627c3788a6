// The SR OS simulator's RFC 5277 notifications, cross-checked with ncclient (Debian
// python3-ncclient): create_subscription + take_notification receive the netconf-config-change
// of another session's commit once a log directs change events to NETCONF, and nothing before.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { parseNotification } from '../../adapters/netconf/notifications.js';
import { projectRoot } from '../../adapters/paths.js';
import { SrosSimulator } from '../../lab/sim/sros/server.js';

let sim: SrosSimulator;
beforeAll(async () => {
  sim = await SrosSimulator.start({ username: 'admin', password: 'NokiaSros1!' });
});
afterAll(() => sim?.close());

describe('SR OS simulator notifications × ncclient', () => {
  it('delivers netconf-config-change to ncclient only once the change log exists, with RPCs interleaved', async () => {
    const script = join(projectRoot(), 'test', 'support', 'ncclient_notifications.py');
    // Asynchronously: the simulator runs in this process and must keep answering.
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
      execFile('/usr/bin/python3', [script, '127.0.0.1', String(sim.port), 'admin', 'NokiaSros1!'], { encoding: 'utf8', timeout: 60_000 }, (_e, stdout, stderr) => resolve({ stdout, stderr })),
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.subscribe_ok).toBe(true);
    expect(out.before_log).toBeNull();
    expect(out.after_log).toContain('<netconf-config-change xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-notifications">');
    const n = parseNotification(out.after_log)!;
    expect(n).toMatchObject({ event: 'netconf-config-change', changedBy: { username: 'admin', sessionId: Number(out.committer_session) } });
    expect(n.paths).toEqual(['/configure/service/customer[customer-name=after-log]']);
    expect(out.interleave_get_config).toContain('<customer-id>802</customer-id>');
  });
});
