// <rpc-reply> messages, built with the XML builder (every value escaped); trusted XML
// (data, error-info) goes in through withTrusted's markers.
import { XMLBuilder } from 'fast-xml-parser';
import { BASE_NS, withTrusted } from '../../../adapters/netconf/messages.js';

export interface ErrorSpec {
  type: 'transport' | 'rpc' | 'protocol' | 'application';
  tag: string;
  message: string;
  path?: string;
  /** Trusted XML for <error-info>. */
  info?: string;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
const attrs = (id?: string) => ({ '@_xmlns': BASE_NS, ...(id !== undefined ? { '@_message-id': id } : {}) });

/** `<ok/>`, or `<data>` content (trusted XML built by the simulator). */
export function rpcReply(id: string | undefined, data?: string): string {
  return withTrusted((mark) => builder.build({ 'rpc-reply': { ...attrs(id), ...(data === undefined ? { ok: '' } : { '#text': mark(data) }) } }));
}

export function rpcErrorReply(id: string | undefined, ...errors: ErrorSpec[]): string {
  return withTrusted((mark) =>
    builder.build({
      'rpc-reply': {
        ...attrs(id),
        'rpc-error': errors.map((e) => ({
          'error-type': e.type,
          'error-tag': e.tag,
          'error-severity': 'error',
          ...(e.path ? { 'error-path': e.path } : {}),
          'error-message': { '@_xml:lang': 'en', '#text': e.message },
          ...(e.info ? { 'error-info': { '#text': mark(e.info) } } : {}),
        })),
      },
    }),
  );
}
