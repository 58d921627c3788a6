// Which condition reason a driver error means: a device that answers "someone else holds the
// lock" is busy (transient, retried), not rejecting the spec.
import { describe, expect, it } from '@jest/globals';
import { RpcError } from '../../../adapters/netconf/messages.js';
import { classify } from '../../../devices/connections.js';

const rpc = (tag: string) => new RpcError('lock', [{ type: 'protocol', tag, severity: 'error', message: 'x' }]);

describe('classify', () => {
  it.each(['lock-denied', 'in-use'])('calls %s DeviceBusy', (tag) => expect(classify(rpc(tag)).reason).toBe('DeviceBusy'));
  it.each(['invalid-value', 'operation-failed', 'missing-element'])('calls %s CommitRejected', (tag) => expect(classify(rpc(tag)).reason).toBe('CommitRejected'));
});
