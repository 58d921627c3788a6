// RFC 5277 notifications as netintent reads them (adapters/netconf/notifications.ts), and what
// the SR OS simulator sends (lab/sim/sros/notifications.ts): the same shape, read back.
import { describe, expect, it } from '@jest/globals';
import { configurePath, createSubscriptionBody, parseNotification, pathsOverlap } from '../../../adapters/netconf/notifications.js';
import { rpcXml } from '../../../adapters/netconf/messages.js';
import { loadSrosSchema } from '../../../lab/sim/sros/schema.js';
import { changeStreams, configChangeNotification, configEdits } from '../../../lab/sim/sros/notifications.js';
import type { Tree } from '../../../lab/sim/sros/datastore.js';

// RFC 6470 netconf-config-change as a server writes it: prefixes declared on the target.
const rfc6470 = `<?xml version="1.0" encoding="UTF-8"?>
<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0">
  <eventTime>2025-11-02T10:00:01.5Z</eventTime>
  <netconf-config-change xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-notifications">
    <changed-by><username>noc</username><session-id>17</session-id></changed-by>
    <datastore>running</datastore>
    <edit>
      <target xmlns:conf="urn:nokia.com:sros:ns:yang:sr:conf">/conf:configure/conf:service/conf:vprn[conf:service-name='blue red']/conf:description</target>
      <operation>replace</operation>
    </edit>
    <edit>
      <target xmlns:x="urn:nokia.com:sros:ns:yang:sr:conf">/x:configure/x:port[x:port-id="1/1/c3/1"]</target>
      <operation>merge</operation>
    </edit>
  </netconf-config-change>
</notification>`;

// SR OS's own log-event notification (the shape public SR OS clients parse): no data node named.
const srosEvent = `<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0">
  <eventTime>2025-11-02T10:00:02.000Z</eventTime>
  <sros-config-change-event xmlns="urn:nokia.com:sros:ns:yang:sr:notifications">
    <sequence-number>12</sequence-number><severity>minor</severity><application>mgmt-core</application>
    <event-id>2001</event-id><event-name>mdConfigChange</event-name><router-name>Base</router-name>
    <subject>admin</subject><message>configuration modified</message>
  </sros-config-change-event>
</notification>`;

describe('NETCONF notifications', () => {
  it('reads an RFC 6470 netconf-config-change: who, and the changed nodes as paths under <configure>', () => {
    const n = parseNotification(rfc6470)!;
    expect(n).toEqual({
      eventTime: '2025-11-02T10:00:01.5Z',
      event: 'netconf-config-change',
      configChange: true,
      changedBy: { username: 'noc', sessionId: 17 },
      paths: ['/configure/service/vprn[service-name=blue red]/description', '/configure/port[port-id=1/1/c3/1]'],
    });
  });

  it('reads a change by the server, and one without edit records as "anything may have changed"', () => {
    const xml = rfc6470.replace(/<changed-by>.*<\/changed-by>/, '<changed-by><server/></changed-by>').replace(/<edit>[\s\S]*<\/edit>/, '');
    expect(parseNotification(xml)).toEqual({ eventTime: '2025-11-02T10:00:01.5Z', event: 'netconf-config-change', configChange: true, changedBy: { server: true } });
    const noTarget = rfc6470.replace(/<target[^>]*>[^<]*<\/target>/, '');
    expect(parseNotification(noTarget)!.paths).toBeUndefined();
  });

  it('reads an SR OS log event as a change that names no node; only session and capability events are not changes', () => {
    expect(parseNotification(srosEvent)).toEqual({ eventTime: '2025-11-02T10:00:02.000Z', event: 'sros-config-change-event', configChange: true });
    const generic = srosEvent.replace(/sros-config-change-event/g, 'sros-log-generic-event');
    expect(parseNotification(generic)!.configChange).toBe(true);
    const sessionEnd = srosEvent.replace(/sros-config-change-event/g, 'netconf-session-end');
    expect(parseNotification(sessionEnd)!.configChange).toBe(false);
  });

  it('is not fooled by replies, hellos or junk', () => {
    expect(parseNotification('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"><ok/></rpc-reply>')).toBeUndefined();
    expect(parseNotification('<hello/>')).toBeUndefined();
    expect(parseNotification('<notification><eventTime>x</eventTime></notification>')).toBeUndefined();
    expect(parseNotification('not xml <<<')).toBeUndefined();
  });

  it('maps instance-identifiers under <configure> only', () => {
    expect(configurePath('/conf:configure')).toBe('/configure');
    expect(configurePath("/conf:configure/conf:router[conf:router-name='Base']/conf:bgp")).toBe('/configure/router[router-name=Base]/bgp');
    expect(configurePath("/conf:configure/conf:a[conf:k='x]y']")).toBe('/configure/a[k=x\\]y]');
    expect(configurePath('/state/router')).toBeUndefined();
    expect(configurePath("/conf:configure/conf:vprn[bad]")).toBeUndefined();
    expect(configurePath('configure')).toBeUndefined();
    // Keys print in one order whatever order the instance-identifier gives them in.
    expect(configurePath("/conf:configure/conf:a[conf:z='1'][conf:b=\"2\"]")).toBe('/configure/a[b=2][z=1]');
  });

  it('tells whether a change can touch an owned path', () => {
    const owned = '/configure/service/vprn[service-name=blue]';
    expect(pathsOverlap('/', owned)).toBe(true);
    expect(pathsOverlap('/configure', owned)).toBe(true);
    expect(pathsOverlap('/configure/service', owned)).toBe(true);
    expect(pathsOverlap('/configure/service/vprn[service-name=blue]/description', owned)).toBe(true);
    expect(pathsOverlap('/configure/service/vprn', owned)).toBe(true); // the whole list
    expect(pathsOverlap('/configure/service/vprn[service-name=red]', owned)).toBe(false);
    expect(pathsOverlap('/configure/service/vpls[service-name=blue]', owned)).toBe(false);
    expect(pathsOverlap('/configure/port[port-id=1/1/c3/1]', owned)).toBe(false);
    expect(pathsOverlap('/a[k=x\\]y]/b', '/a[k=x\\]y]')).toBe(true);
    // One entry of a two-key list, its keys in two orders, is one entry.
    expect(pathsOverlap('/configure/a[z=1][b=2]/c', '/configure/a[b=2][z=1]')).toBe(true);
    expect(pathsOverlap('/configure/a[z=1][b=2]', '/configure/a[b=3][z=1]')).toBe(false);
    // A path this cannot read cannot be narrowed down.
    expect(pathsOverlap('/configure/a b', owned)).toBe(true);
  });

  it('builds create-subscription on the stream asked for (SR OS takes no filter)', () => {
    const xml = rpcXml('7', 'create-subscription', createSubscriptionBody());
    expect(xml).toBe(
      '<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="7"><create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><stream>NETCONF</stream></create-subscription></rpc>',
    );
    expect(rpcXml('8', 'create-subscription', createSubscriptionBody('a<b'))).toContain('<stream>a&lt;b</stream>');
  });
});

describe('the SR OS simulator\'s notifications', () => {
  const log = (extra: Tree = {}): Tree => ({ log: { 'log-id': [{ name: '60', source: { change: 'true' }, destination: { netconf: {} }, ...extra }] } });

  it('feed only streams of enabled logs with the change source directed to NETCONF', () => {
    expect([...changeStreams({})]).toEqual([]);
    expect([...changeStreams(log())]).toEqual(['NETCONF']);
    expect([...changeStreams(log({ 'netconf-stream': 'drift' }))]).toEqual(['drift']);
    expect([...changeStreams(log({ 'admin-state': 'disable' }))]).toEqual([]);
    expect([...changeStreams(log({ source: { main: 'true' } }))]).toEqual([]);
    expect([...changeStreams(log({ destination: { memory: {} } }))]).toEqual([]);
  });

  it('name the topmost changed nodes, which netintent reads back as the same paths', async () => {
    const schema = await loadSrosSchema();
    const before: Tree = { service: { vprn: [{ 'service-name': 'blue', 'service-id': '5', description: 'tenant blue' }, { 'service-name': 'gone', 'service-id': '6' }] } };
    const after: Tree = {
      service: { vprn: [{ 'service-name': 'blue', 'service-id': '5', description: 'hand edit' }, { 'service-name': "o'brien", 'service-id': '7' }] },
      system: { name: 'pe1' },
    };
    const edits = configEdits(before, after, schema);
    expect(edits).toEqual([
      { target: '/conf:configure/conf:service/conf:vprn[conf:service-name="o\'brien"]', operation: 'create' },
      { target: "/conf:configure/conf:service/conf:vprn[conf:service-name='blue']/conf:description", operation: 'replace' },
      { target: "/conf:configure/conf:service/conf:vprn[conf:service-name='gone']", operation: 'delete' },
      { target: '/conf:configure/conf:system', operation: 'create' },
    ]);
    expect(configEdits(after, after, schema)).toEqual([]);
    const n = parseNotification(configChangeNotification({ username: 'admin', sessionId: 3 }, edits, new Date(0)))!;
    expect(n).toMatchObject({ eventTime: '1970-01-01T00:00:00.000Z', configChange: true, changedBy: { username: 'admin', sessionId: 3 } });
    expect(n.paths).toEqual(["/configure/service/vprn[service-name=o'brien]", '/configure/service/vprn[service-name=blue]/description', '/configure/service/vprn[service-name=gone]', '/configure/system']);
    expect(parseNotification(configChangeNotification({ server: true }, []))!.changedBy).toEqual({ server: true });
  });
});
