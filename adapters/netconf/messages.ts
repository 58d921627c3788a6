// NETCONF messages as XML: RPCs built with fast-xml-parser's builder (values escaped),
// replies parsed into results or a typed RpcError carrying every <rpc-error>.
import { randomUUID } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const CAP = {
  base10: 'urn:ietf:params:netconf:base:1.0',
  base11: 'urn:ietf:params:netconf:base:1.1',
  candidate: 'urn:ietf:params:netconf:capability:candidate:1.0',
  confirmedCommit: 'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
  validate: 'urn:ietf:params:netconf:capability:validate:1.1',
  rollbackOnError: 'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
} as const;

type XNode = Record<string, unknown>;
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
const ordered = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', preserveOrder: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });
const orderedBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', preserveOrder: true, suppressEmptyNode: true });

/** Raw XML inserted as-is (config and filter bodies, already built by an XML builder). */
export class Raw {
  constructor(readonly xml: string) {}
}

export function helloXml(capabilities: string[], sessionId?: number): string {
  return builder.build({
    hello: {
      '@_xmlns': BASE_NS,
      capabilities: { capability: capabilities },
      ...(sessionId !== undefined ? { 'session-id': String(sessionId) } : {}),
    },
  });
}

/**
 * Builds XML in which trusted fragments (our own encoders' output) are inserted as they are:
 * `mark(xml)` returns a per-call random marker the builder escapes like any text, and the
 * markers are swapped for the fragments afterwards. Escaped user text cannot forge one.
 */
export function withTrusted(build: (mark: (xml: string) => string) => string): string {
  const nonce = randomUUID();
  const trusted: string[] = [];
  const xml = build((t) => `trusted-${nonce}-${trusted.push(t) - 1}`);
  return xml.replace(new RegExp(`trusted-${nonce}-(\\d+)`, 'g'), (_, i: string) => trusted[Number(i)]!);
}

/**
 * `<rpc message-id=..><op>...</op></rpc>`. Body values are objects (elements), strings
 * (escaped text), `null` (empty element) or Raw (trusted XML from our own encoders).
 */
export function rpcXml(messageId: string, op: string, body: Record<string, unknown> = {}): string {
  return withTrusted((mark) => {
    const walk = (v: unknown): unknown => {
      if (v instanceof Raw) return mark(v.xml);
      if (v === null) return '';
      if (typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v as XNode).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return builder.build({ rpc: { '@_xmlns': BASE_NS, '@_message-id': messageId, [op]: walk(body) } });
  });
}

export interface RpcErrorDetail {
  type: string;
  tag: string;
  severity: string;
  appTag?: string;
  path?: string;
  message?: string;
  info?: string;
}

export class RpcError extends Error {
  constructor(
    readonly operation: string,
    readonly errors: RpcErrorDetail[],
  ) {
    super(`${operation}: ${errors.map((e) => `${e.tag}${e.path ? ` at ${e.path}` : ''}${e.message ? `: ${e.message}` : ''}`).join('; ')}`);
  }
}

export interface Reply {
  messageId?: string;
  ok: boolean;
  /** Inner XML of <data>, when the reply has one. */
  data?: string;
  errors: RpcErrorDetail[];
}

const text = (n: XNode[] | undefined): string | undefined => {
  const t = n?.find((x) => '#text' in x)?.['#text'];
  return t === undefined ? undefined : String(t);
};
const child = (nodes: XNode[], name: string): XNode[] | undefined => nodes.find((n) => name in n)?.[name] as XNode[] | undefined;

export interface Message {
  kind: string;
  attrs: Record<string, string>;
  children: XNode[];
}

/** Top element of a NETCONF message, with namespace prefixes removed. */
export function parseMessage(xml: string): Message {
  const doc = ordered.parse(xml) as XNode[];
  const top = doc.find((n) => Object.keys(n).some((k) => k !== ':@' && k !== '?xml'));
  if (!top) throw new Error('empty NETCONF message');
  const kind = Object.keys(top).find((k) => k !== ':@')!;
  const attrs = Object.fromEntries(Object.entries((top[':@'] ?? {}) as Record<string, string>).map(([k, v]) => [k.replace(/^@_/, ''), v]));
  return { kind, attrs, children: top[kind] as XNode[] };
}

export function parseHello(xml: string): { capabilities: string[]; sessionId?: number } {
  const m = parseMessage(xml);
  if (m.kind !== 'hello') throw new Error(`expected <hello>, got <${m.kind}>`);
  const caps = (child(m.children, 'capabilities') ?? []).filter((n) => 'capability' in n).map((n) => text(n.capability as XNode[])?.trim() ?? '');
  const sid = text(child(m.children, 'session-id'));
  return { capabilities: caps.filter(Boolean), ...(sid ? { sessionId: Number(sid) } : {}) };
}

export function parseReply(xml: string): Reply {
  const m = parseMessage(xml);
  if (m.kind !== 'rpc-reply') throw new Error(`expected <rpc-reply>, got <${m.kind}>`);
  const errors = m.children
    .filter((n) => 'rpc-error' in n)
    .map((n) => {
      const e = n['rpc-error'] as XNode[];
      const info = child(e, 'error-info');
      return {
        type: text(child(e, 'error-type')) ?? '',
        tag: text(child(e, 'error-tag')) ?? '',
        severity: text(child(e, 'error-severity')) ?? 'error',
        ...(text(child(e, 'error-app-tag')) ? { appTag: text(child(e, 'error-app-tag'))! } : {}),
        ...(text(child(e, 'error-path')) ? { path: text(child(e, 'error-path'))! } : {}),
        ...(text(child(e, 'error-message')) ? { message: text(child(e, 'error-message'))! } : {}),
        ...(info ? { info: orderedBuilder.build(info) } : {}),
      };
    });
  const data = child(m.children, 'data');
  return {
    messageId: m.attrs['message-id'],
    ok: m.children.some((n) => 'ok' in n),
    ...(data ? { data: orderedBuilder.build(data) } : {}),
    errors,
  };
}
