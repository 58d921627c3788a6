// SRv6 SID arithmetic: a SID is the locator prefix with the function value placed right
// after the locator (block + node bits), per RFC 8986.
export function toBig(addr: string): bigint {
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

function toAddr(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: compress the longest run (>= 2) of zero groups.
  let best = [-1, 0];
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best[1]! && j - i >= 2) best = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best[0]! < 0) return hex.join(':');
  return `${hex.slice(0, best[0]).join(':')}::${hex.slice(best[0]! + best[1]!).join(':')}`;
}

/** Largest function value a locator can hold (SR OS static functions stop at 1048575). */
export function maxFunction(functionLength: number): number {
  return Math.min(2 ** Math.min(functionLength, 31) - 1, 1048575);
}

export function sidFor(prefix: string, functionLength: number, fn: number): string {
  const [addr, len] = prefix.split('/');
  const shift = BigInt(128 - Number(len) - functionLength);
  if (shift < 0n) throw new Error(`locator ${prefix} has no room for a ${functionLength}-bit function`);
  const base = toBig(addr!) & ~((1n << (128n - BigInt(Number(len)))) - 1n);
  return toAddr(base | (BigInt(fn) << shift));
}

/** The locator's own address (prefix with host bits clear): the node's segment. */
export function locatorAddress(prefix: string): string {
  const [addr, len] = prefix.split('/');
  return toAddr(toBig(addr!) & ~((1n << (128n - BigInt(Number(len)))) - 1n));
}

/** The function value `sid` carries in a locator, or undefined when it is not such a SID. */
export function functionOf(prefix: string, functionLength: number, sid: string): number | undefined {
  const [addr, len] = prefix.split('/');
  const hostBits = 128n - BigInt(Number(len));
  const shift = hostBits - BigInt(functionLength);
  const v = toBig(sid);
  if (v >> hostBits !== toBig(addr!) >> hostBits) return undefined;
  if ((v & ((1n << shift) - 1n)) !== 0n) return undefined;
  return Number((v >> shift) & ((1n << BigInt(functionLength)) - 1n));
}
