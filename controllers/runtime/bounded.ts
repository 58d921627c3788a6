// Text that goes into the API server is bounded: a device may answer with a 500 KB error,
// and a condition message longer than 32768 bytes makes the API server refuse the whole
// status write (issue 12, item 4), so the status would stay stale. Long text is cut at a
// UTF-8 character boundary and ends with a visible marker that says how much was left out.

/** Bytes per kind of text; well under the API server's limits (condition message: 32768). */
export const TEXT_LIMITS = {
  /** metav1.Condition.message (API maximum 32768 bytes). */
  conditionMessage: 8192,
  /** core/v1 Event message (client-go's recorder cuts at 1024 as well). */
  eventMessage: 1024,
  /** status.devices[].message: one device's error. */
  deviceMessage: 4096,
  /** Any other status text (status.diff). */
  statusText: 32768,
} as const;

const marker = (cut: number) => `… [truncated ${cut.toLocaleString('en-US')} bytes]`;

/** `text` when it fits in `maxBytes` UTF-8 bytes; otherwise its head plus a marker, `maxBytes` in all. */
export function bounded(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return text;
  const buf = Buffer.from(text, 'utf8');
  // The marker for the whole length is at least as long as the real one (fewer digits cut).
  let keep = Math.max(0, maxBytes - Buffer.byteLength(marker(bytes)));
  // Never split a character: step back over UTF-8 continuation bytes (10xxxxxx).
  while (keep > 0 && (buf[keep]! & 0xc0) === 0x80) keep--;
  const out = buf.subarray(0, keep).toString('utf8') + marker(bytes - keep);
  return Buffer.byteLength(out) <= maxBytes ? out : marker(bytes).slice(0, maxBytes);
}

type Status = Record<string, unknown>;

/** The status with every text field bounded: condition messages, device messages, other strings. */
export function boundedStatus(status: Status): Status {
  const messages = (list: unknown[], max: number) =>
    list.map((x) => {
      const m = (x as { message?: unknown }).message;
      return typeof m === 'string' ? { ...(x as object), message: bounded(m, max) } : x;
    });
  const out: Status = {};
  for (const [k, v] of Object.entries(status)) {
    if (k === 'conditions' && Array.isArray(v)) out[k] = messages(v, TEXT_LIMITS.conditionMessage);
    else if (k === 'devices' && Array.isArray(v)) out[k] = messages(v, TEXT_LIMITS.deviceMessage);
    else out[k] = typeof v === 'string' ? bounded(v, TEXT_LIMITS.statusText) : v;
  }
  return out;
}
