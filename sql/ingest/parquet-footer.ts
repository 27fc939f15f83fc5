/**
 * A minimal Parquet footer reader: the row count of each row group, read from the Thrift
 * compact encoding of FileMetaData (the reader library needs row group numbers up front and
 * cannot tell how many there are without reading data).
 */
import { StrataError } from '../../engine/errors.js';

/** Row counts of the row groups of a Parquet file held in `buf`. */
export function parquetRowGroups(buf: Uint8Array, file: string): number[] {
  const n = buf.length;
  const magic = (at: number): boolean => buf[at] === 0x50 && buf[at + 1] === 0x41 && buf[at + 2] === 0x52 && buf[at + 3] === 0x31;
  if (n < 12 || !magic(0) || !magic(n - 4)) throw new StrataError('io', `"${file}" is not a Parquet file`);
  const len = buf[n - 8] | (buf[n - 7] << 8) | (buf[n - 6] << 16) | (buf[n - 5] << 24);
  if (len <= 0 || len > n - 12) throw new StrataError('corrupt', `"${file}": bad Parquet footer length`);
  const r = new CompactReader(buf, n - 8 - len);
  const groups: number[] = [];
  r.readStruct((id, type) => {
    if (id === 4 && type === LIST) {
      r.readList((elemType) => {
        if (elemType !== STRUCT) return r.skip(elemType);
        let rows = 0;
        r.readStruct((gid, gtype) => {
          if (gid === 3 && gtype === I64) rows = r.readVarintZigzag();
          else r.skip(gtype);
        });
        groups.push(rows);
      });
    } else {
      r.skip(type);
    }
  });
  return groups;
}

const BOOL_TRUE = 1;
const BOOL_FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

class CompactReader {
  constructor(
    private readonly buf: Uint8Array,
    private at: number,
  ) {}

  private byte(): number {
    if (this.at >= this.buf.length) throw new StrataError('corrupt', 'truncated Parquet footer');
    return this.buf[this.at++];
  }

  private varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return v;
      mul *= 128;
    }
  }

  readVarintZigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  readStruct(field: (id: number, type: number) => void): void {
    let last = 0;
    for (;;) {
      const h = this.byte();
      const type = h & 0x0f;
      if (type === 0) return;
      const delta = h >> 4;
      const id = delta === 0 ? this.readVarintZigzag() : last + delta;
      last = id;
      if (type === BOOL_TRUE || type === BOOL_FALSE) continue; // the value is the type
      field(id, type);
    }
  }

  readList(elem: (type: number) => void): void {
    const h = this.byte();
    let size = h >> 4;
    const type = h & 0x0f;
    if (size === 15) size = this.varint();
    for (let i = 0; i < size; i++) elem(type);
  }

  skip(type: number): void {
    switch (type) {
      case BOOL_TRUE:
      case BOOL_FALSE:
      case BYTE:
        this.at++;
        return;
      case I16:
      case I32:
      case I64:
        this.varint();
        return;
      case DOUBLE:
        this.at += 8;
        return;
      case BINARY: {
        // Not `this.at += this.varint()`: that would add to the position before the length.
        const len = this.varint();
        this.at += len;
        return;
      }
      case LIST:
      case SET:
        this.readList((t) => (t === BOOL_TRUE || t === BOOL_FALSE ? this.at++ : this.skip(t)));
        return;
      case MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kv = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kv >> 4);
          this.skip(kv & 0x0f);
        }
        return;
      }
      case STRUCT:
        this.readStruct((_, t) => this.skip(t));
        return;
      default:
        throw new StrataError('corrupt', `bad Thrift type ${type} in the Parquet footer`);
    }
  }
}
