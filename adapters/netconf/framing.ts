// RFC 6242 message framing. base:1.0 ends each message with `]]>]]>`; base:1.1 sends
// chunks (`\n#<len>\n<data>`) and ends a message with `\n##\n`. Both sides start in 1.0
// for the hellos and switch to 1.1 when both advertise it.
export type Framing = 'eom' | 'chunked';

const EOM = ']]>]]>';
const MAX_CHUNK = 4294967295;

export class FramingError extends Error {}

export function frame(message: string, framing: Framing): Buffer {
  if (framing === 'eom') return Buffer.from(message + EOM, 'utf8');
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`\n#${body.length}\n`), body, Buffer.from('\n##\n')]);
}

/** Splits a byte stream into messages; the framing can change between messages. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];

  constructor(public framing: Framing = 'eom') {}

  push(data: Buffer): string[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    const out: string[] = [];
    for (;;) {
      const msg = this.framing === 'eom' ? this.nextEom() : this.nextChunked();
      if (msg === undefined) return out;
      out.push(msg);
    }
  }

  private nextEom(): string | undefined {
    const at = this.buf.indexOf(EOM);
    if (at < 0) return undefined;
    const msg = this.buf.subarray(0, at).toString('utf8');
    this.buf = this.buf.subarray(at + EOM.length);
    return msg;
  }

  private nextChunked(): string | undefined {
    for (;;) {
      // Header: \n#<len>\n  or end of message: \n##\n
      if (this.buf.length < 4) return undefined;
      if (this.buf[0] !== 0x0a || this.buf[1] !== 0x23) throw new FramingError(`bad chunk header: ${JSON.stringify(this.buf.subarray(0, 16).toString())}`);
      if (this.buf[2] === 0x23) {
        if (this.buf[3] !== 0x0a) throw new FramingError('bad end-of-chunks marker');
        this.buf = this.buf.subarray(4);
        const msg = Buffer.concat(this.chunks).toString('utf8');
        this.chunks = [];
        return msg;
      }
      const nl = this.buf.indexOf(0x0a, 2);
      if (nl < 0) {
        if (this.buf.length > 13) throw new FramingError('chunk size too long');
        return undefined;
      }
      const digits = this.buf.subarray(2, nl).toString('ascii');
      if (!/^[1-9][0-9]{0,9}$/.test(digits) || Number(digits) > MAX_CHUNK) throw new FramingError(`bad chunk size ${JSON.stringify(digits)}`);
      const size = Number(digits);
      if (this.buf.length < nl + 1 + size) return undefined;
      this.chunks.push(this.buf.subarray(nl + 1, nl + 1 + size));
      this.buf = this.buf.subarray(nl + 1 + size);
    }
  }
}
