/**
 * ByteInterner: dictionary-encodes strings straight from the bytes of an input buffer, so a
 * repeated value costs a hash probe and a byte comparison, never a new JS string.
 */

const EMPTY_SLOT = 0;

/**
 * Maps byte strings to dense codes 0, 1, 2, ... in first-seen order; `dict[code]` is the decoded
 * string. Open addressing over an Int32Array (slot = code + 1); each code keeps its hash and its
 * bytes (in one pool) for the comparison on a hit.
 */
export class ByteInterner {
  readonly dict: string[] = [];
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(256);
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256);
  private pool = new Uint8Array(4096);
  private poolUsed = 0;

  /** FNV-1a over `buf[start, end)`, the hash {@link intern} expects. */
  static hash(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 16777619);
    return h;
  }

  /**
   * The code of the string in `buf[start, end)`, whose FNV-1a hash is `h`; `ascii` tells that no
   * byte is >= 0x80 (decoded as latin1, which is cheaper than UTF-8).
   */
  intern(buf: Uint8Array, start: number, end: number, h: number, ascii: boolean): number {
    const len = end - start;
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = h & mask;
    for (;;) {
      const slot = slots[i];
      if (slot === EMPTY_SLOT) break;
      const code = slot - 1;
      if (this.hashes[code] === h && this.lengths[code] === len && this.sameBytes(code, buf, start, len)) return code;
      i = (i + 1) & mask;
    }
    return this.insert(buf, start, end, h, ascii, i);
  }

  private sameBytes(code: number, buf: Uint8Array, start: number, len: number): boolean {
    const pool = this.pool;
    const off = this.offsets[code];
    for (let k = 0; k < len; k++) if (pool[off + k] !== buf[start + k]) return false;
    return true;
  }

  private insert(buf: Uint8Array, start: number, end: number, h: number, ascii: boolean, slot: number): number {
    const code = this.dict.length;
    const len = end - start;
    this.dict.push(decode(buf, start, end, ascii));
    if (code === this.hashes.length) {
      this.hashes = grow(this.hashes, code * 2);
      this.offsets = grow(this.offsets, code * 2);
      this.lengths = grow(this.lengths, code * 2);
    }
    if (this.poolUsed + len > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      p.set(this.pool.subarray(0, this.poolUsed));
      this.pool = p;
    }
    this.pool.set(buf.subarray(start, end), this.poolUsed);
    this.hashes[code] = h;
    this.offsets[code] = this.poolUsed;
    this.lengths[code] = len;
    this.poolUsed += len;
    this.slots[slot] = code + 1;
    if ((code + 1) * 2 > this.slots.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.dict.length; code++) {
      let i = this.hashes[code] & mask;
      while (slots[i] !== EMPTY_SLOT) i = (i + 1) & mask;
      slots[i] = code + 1;
    }
    this.slots = slots;
  }

  /** Number of distinct strings. */
  get size(): number {
    return this.dict.length;
  }
}

function grow(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(n, 16));
  b.set(a);
  return b;
}

const utf8 = new TextDecoder('utf-8');

/** The string of `buf[start, end)`: latin1 when ASCII-only (no decoder state), else UTF-8. */
export function decode(buf: Uint8Array, start: number, end: number, ascii: boolean): string {
  if (ascii) {
    if (end - start < 32) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
      return s;
    }
    return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
  }
  return utf8.decode(buf.subarray(start, end));
}
