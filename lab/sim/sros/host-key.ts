// The simulator's SSH host key, as an SR OS node's: generated per node, pinned by clients.
import ssh2 from 'ssh2';
import { sshFingerprint } from '../../../adapters/netconf/session.js';

// ssh2 is CommonJS: its helpers are reached through the default export under ESM.
const { utils } = ssh2;

/**
 * A fresh ed25519 host key in OpenSSH format. ssh2's generator writes a public key whose
 * first byte is zero as 31 bytes, which its own parser then rejects (about 1 key in 256),
 * so such keys are drawn again.
 */
export function generateHostKey(): string {
  for (;;) {
    const key = utils.generateKeyPairSync('ed25519').private;
    if (!(utils.parseKey(key) instanceof Error)) return key;
  }
}

/** `SHA256:…` of a private host key's public half, as clients pin it. */
export function hostKeyFingerprint(key: string | Buffer): string {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw new Error(`host key: ${parsed.message}`);
  return sshFingerprint((Array.isArray(parsed) ? parsed[0]! : parsed).getPublicSSH());
}
