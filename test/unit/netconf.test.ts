import { describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { FrameDecoder, FramingError, frame } from '../../adapters/netconf/framing.js';
import { Raw, parseHello, parseReply, rpcXml } from '../../adapters/netconf/messages.js';

describe('RFC 6242 framing', () => {
  it('round-trips end-of-message framing, split anywhere', () => {
    const wire = Buffer.concat([frame('<a/>', 'eom'), frame('<b>é</b>', 'eom')]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const d = new FrameDecoder('eom');
      expect([...d.push(wire.subarray(0, cut)), ...d.push(wire.subarray(cut))]).toEqual(['<a/>', '<b>é</b>']);
    }
  });

  it('round-trips chunked framing, split anywhere, with multi-byte characters', () => {
    const wire = Buffer.concat([frame('<x>ü</x>', 'chunked'), frame('<y/>', 'chunked')]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const d = new FrameDecoder('chunked');
      expect([...d.push(wire.subarray(0, cut)), ...d.push(wire.subarray(cut))]).toEqual(['<x>ü</x>', '<y/>']);
    }
  });

  it('joins a message sent in several chunks', () => {
    const d = new FrameDecoder('chunked');
    expect(d.push(Buffer.from('\n#3\n<a>\n#4\n</a>\n##\n'))).toEqual(['<a></a>']);
  });

  it('rejects malformed chunk headers', () => {
    expect(() => new FrameDecoder('chunked').push(Buffer.from('\n#0\nx'))).toThrow(FramingError);
    expect(() => new FrameDecoder('chunked').push(Buffer.from('junk\n#1\n'))).toThrow(FramingError);
    expect(() => new FrameDecoder('chunked').push(Buffer.from('\n#12345678901234\n'))).toThrow(FramingError);
  });
});

describe('NETCONF messages', () => {
  it('escapes values: a name cannot break out of its element', () => {
    const evil = 'a</service-name><x>&';
    const xml = rpcXml('7', 'commit', { 'persist-id': evil });
    expect(xml).not.toContain('<x>');
    expect(new XMLParser().parse(xml).rpc.commit['persist-id']).toBe(evil);
  });

  it('inserts trusted XML bodies as they are', () => {
    expect(rpcXml('1', 'edit-config', { config: new Raw('<configure xmlns="u"><a>1</a></configure>') })).toContain(
      '<config><configure xmlns="u"><a>1</a></configure></config>',
    );
  });

  it('reads hellos with or without namespace prefixes', () => {
    const h = parseHello('<nc:hello xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:capabilities><nc:capability>urn:ietf:params:netconf:base:1.1</nc:capability></nc:capabilities><nc:session-id>42</nc:session-id></nc:hello>');
    expect(h).toEqual({ capabilities: ['urn:ietf:params:netconf:base:1.1'], sessionId: 42 });
  });

  it('collects every rpc-error of a reply', () => {
    const r = parseReply(
      '<rpc-reply message-id="3" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">' +
        '<rpc-error><error-type>application</error-type><error-tag>invalid-value</error-tag><error-severity>error</error-severity><error-path>/a</error-path><error-message>bad a</error-message></rpc-error>' +
        '<rpc-error><error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity><error-info><session-id>9</session-id></error-info></rpc-error>' +
        '</rpc-reply>',
    );
    expect(r.messageId).toBe('3');
    expect(r.errors).toEqual([
      { type: 'application', tag: 'invalid-value', severity: 'error', path: '/a', message: 'bad a' },
      { type: 'protocol', tag: 'lock-denied', severity: 'error', info: '<session-id>9</session-id>' },
    ]);
  });
});
