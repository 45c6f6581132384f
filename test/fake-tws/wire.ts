/**
 * The TWS API framing (see ../shared/IB_WIRE.md): after the client's `API\0` hello, every message in both directions is
 * `int32BE(length)` followed by NUL-terminated UTF-8 fields.
 */

export type Field = string | number | boolean | null | undefined;

/** Encodes one framed message from its fields (booleans as 1/0, null/undefined as empty). */
export function frame(fields: Field[]): Buffer {
  const text = fields.map((f) => (f === true ? '1' : f === false ? '0' : f == null ? '' : String(f))).join('\0') + '\0';
  const body = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length);
  return Buffer.concat([head, body]);
}

/**
 * Splits the client's byte stream: first the `API\0` hello with its version range, then framed messages.
 * Returns complete messages as field arrays; keeps partial data for the next chunk.
 */
export class FrameReader {
  private buffer = Buffer.alloc(0);
  private helloSeen = false;
  /** The version range the client offered, e.g. `v100..193`. */
  hello: string | null = null;

  push(chunk: Buffer): string[][] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: string[][] = [];
    if (!this.helloSeen) {
      if (this.buffer.length < 8) return out;
      if (this.buffer.subarray(0, 4).toString('latin1') !== 'API\0') throw new Error('client did not start with API\\0');
      const len = this.buffer.readInt32BE(4);
      if (this.buffer.length < 8 + len) return out;
      this.hello = this.buffer.subarray(8, 8 + len).toString('utf8');
      this.buffer = this.buffer.subarray(8 + len);
      this.helloSeen = true;
    }
    while (this.buffer.length >= 4) {
      const len = this.buffer.readInt32BE(0);
      if (this.buffer.length < 4 + len) break;
      const text = this.buffer.subarray(4, 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(4 + len);
      const fields = text.split('\0');
      if (fields[fields.length - 1] === '') fields.pop();
      out.push(fields);
    }
    return out;
  }
}

/** Parses `v100..193` (or `v100`) into its bounds. */
export function parseVersionRange(hello: string): { min: number; max: number } {
  const m = /^v(\d+)(?:\.\.(\d+))?/.exec(hello);
  if (!m) throw new Error(`bad version range ${hello}`);
  return { min: Number(m[1]), max: Number(m[2] ?? m[1]) };
}

/** IB's "unset" markers for numeric fields. */
export const DOUBLE_MAX = '1.7976931348623157E308';
export const INT_MAX = '2147483647';
