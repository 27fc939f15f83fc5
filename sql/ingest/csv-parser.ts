/**
 * The CSV row parser: reads complete rows from a byte buffer straight into typed column pages
 * (no per-field objects; repeated strings are interned from their bytes). Each column has a type
 * that a value which does not fit widens (INTEGER -> BIGINT -> DECIMAL -> DOUBLE, DATE ->
 * TIMESTAMP), or, for columns whose type is fixed, turns into a rejected row.
 */
import { StrataError } from '../../engine/errors.js';
import { POW10 } from '../../engine/types/cast.js';
import { allocData, type DataType, typeToString } from '../../engine/types/data-type.js';
import { daysFromCivil, daysInMonth, MICROS_PER_DAY } from '../../engine/types/date-time.js';
import { ByteInterner, decode } from './byte-interner.js';
import {
  inferValueType,
  ISO_DATE,
  joinTypes,
  parseTypedText,
  type TemporalFormat,
  widensInPlace,
} from './csv-values.js';

/** Rows per column page; a page is the unit of widening and of the final append. */
export const PAGE_ROWS = 1 << 17;

const LF = 10;
const CR = 13;
const MINUS = 45;
const DOT = 46;
const DASH = 45;
const COLON = 58;
const SPACE = 32;
const T_UPPER = 84;
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

// Parse kinds: which fast path reads a column.
const K_BOOL = 0;
const K_INT = 1;
const K_BIGINT = 2;
const K_DECIMAL = 3;
const K_DOUBLE = 4;
const K_DATE = 5;
const K_TIMESTAMP = 6;
const K_VARCHAR = 7;

function kindOf(t: DataType): number {
  switch (t.id) {
    case 'boolean':
      return K_BOOL;
    case 'integer':
      return K_INT;
    case 'bigint':
      return K_BIGINT;
    case 'decimal':
      return K_DECIMAL;
    case 'double':
      return K_DOUBLE;
    case 'date':
      return K_DATE;
    case 'timestamp':
      return K_TIMESTAMP;
    case 'varchar':
      return K_VARCHAR;
    default:
      throw new StrataError('not_implemented', `loading CSV into a ${typeToString(t)} column`);
  }
}

/** The dialect of a CSV file: single-byte delimiter, quote and escape (-1: none). */
export interface CsvDialect {
  readonly delimiter: number;
  readonly quote: number;
  readonly escape: number;
  /** Every line ends with one more delimiter (as in dbgen's `.tbl` files): the empty last field is dropped. */
  readonly trailingDelimiter: boolean;
}

/** One column of a load: its (current) type and how values are read. */
export interface ColumnSpec {
  readonly name: string;
  type: DataType;
  /** A fixed type never widens: a value that does not fit rejects the row. */
  readonly fixed: boolean;
  readonly notNull: boolean;
  dateFormat: TemporalFormat;
  timestampFormat: TemporalFormat;
}

/** Rows of one column as parsed: one page of values of one type. */
export interface StagedPage {
  readonly type: DataType;
  readonly data: Uint8Array | Int32Array | Float64Array;
  /** 1 = valid, 0 = NULL; null when no value is NULL. */
  readonly valid: Uint8Array | null;
  readonly n: number;
}

/** A row that could not be read (the rejects table holds these). */
export interface RejectRecord {
  readonly file: string;
  readonly line: number;
  /** The column's name, or null for a problem with the whole row (wrong number of fields, ...). */
  readonly column: string | null;
  readonly value: string | null;
  readonly reason: string;
}

/** Thrown when a column must become VARCHAR after values were already parsed as numbers or dates. */
export class WidenToVarchar extends Error {
  constructor(
    readonly column: number,
    readonly line: number,
    readonly value: string,
  ) {
    super(`column ${column} must be read as VARCHAR`);
  }
}

const INCOMPLETE = -1;
const REJECTED = -2;

/**
 * Parses rows into column pages. Feed it buffers whose data ends at a line end with
 * {@link parseRows}; it returns where it stopped (before a row whose quoted field runs past the
 * end of the data, which the caller carries into the next buffer).
 */
export class CsvParser {
  /** Current line number (1-based) in the file being read; the loader sets it per file. */
  line = 1;
  /** File name recorded in rejects. */
  file = '';
  readonly pages: StagedPage[][];
  readonly rejects: RejectRecord[] = [];
  rejectCount = 0;
  /** Rows stored so far (all pages). */
  rowsDone = 0;

  private readonly ncols: number;
  private readonly kinds: Int32Array;
  private readonly scales: Int32Array;
  private readonly isoTemporal: Uint8Array;
  private i32: (Int32Array | null)[];
  private f64: (Float64Array | null)[];
  private u8: (Uint8Array | null)[];
  private valid: (Uint8Array | null)[];
  private readonly interners: (ByteInterner | null)[];
  private readonly pageTypes: DataType[];
  private row = 0;
  /** Line where the current row starts. */
  private rowLine = 1;
  private scratch = Buffer.alloc(1024);
  // The field the slow path read last.
  private fieldBuf: Uint8Array = this.scratch;
  private fieldStart = 0;
  private fieldEnd = 0;
  private fieldAscii = true;
  private fieldQuoted = false;
  private rejectReason = '';
  private rejectColumn: string | null = null;
  private rejectValue: string | null = null;
  private readonly nullBytes: Uint8Array[];
  private lastDateKey = -1;
  private lastDateDays = 0;

  constructor(
    private readonly dialect: CsvDialect,
    readonly columns: ColumnSpec[],
    nullStrings: readonly string[],
    private readonly strict: boolean,
    private readonly maxStoredRejects = 100_000,
  ) {
    const n = columns.length;
    this.ncols = n;
    this.kinds = new Int32Array(n);
    this.scales = new Int32Array(n);
    this.isoTemporal = new Uint8Array(n);
    this.i32 = new Array<Int32Array | null>(n).fill(null);
    this.f64 = new Array<Float64Array | null>(n).fill(null);
    this.u8 = new Array<Uint8Array | null>(n).fill(null);
    this.valid = new Array<Uint8Array | null>(n).fill(null);
    this.interners = new Array<ByteInterner | null>(n).fill(null);
    this.pageTypes = columns.map((c) => c.type);
    this.pages = columns.map(() => []);
    this.nullBytes = nullStrings.filter((s) => s !== '').map((s) => Buffer.from(s, 'utf8'));
    for (let c = 0; c < n; c++) this.setKind(c, columns[c].type);
    for (let c = 0; c < n; c++) this.allocColumn(c);
  }

  /** The quote byte of the dialect (-1: none). */
  get quoteByte(): number {
    return this.dialect.quote;
  }

  /** Rejects the rest of the input, a row whose quoted field is never closed. */
  rejectUnterminated(buf: Uint8Array, start: number, end: number): void {
    const text = decode(buf, start, Math.min(end, start + 500), false).replace(/\r?\n$/, '');
    if (this.strict) throw new StrataError('conversion', `${this.file}:${this.line}: unterminated quoted field in "${clip(text)}"`);
    this.undoRow(this.row);
    this.rejectCount++;
    if (this.rejects.length < this.maxStoredRejects) this.rejects.push({ file: this.file, line: this.line, column: null, value: text, reason: 'unterminated quoted field' });
  }

  /** The dictionary of a VARCHAR column (shared by all its pages). */
  dictionary(c: number): string[] {
    return this.interners[c]?.dict ?? [];
  }

  private setKind(c: number, t: DataType): void {
    const col = this.columns[c];
    this.kinds[c] = kindOf(t);
    this.scales[c] = t.id === 'decimal' ? (t.scale ?? 0) : 0;
    this.isoTemporal[c] = t.id === 'date' ? (col.dateFormat === ISO_DATE ? 1 : 0) : t.id === 'timestamp' ? (col.timestampFormat.pattern === 'iso' || col.timestampFormat.pattern === '%Y-%m-%d %H:%M:%S' ? 1 : 0) : 0;
    if (t.id === 'varchar' && this.interners[c] === null) this.interners[c] = new ByteInterner();
  }

  private allocColumn(c: number): void {
    const data = allocData(this.pageTypes[c], PAGE_ROWS);
    this.i32[c] = data instanceof Int32Array ? data : null;
    this.f64[c] = data instanceof Float64Array ? data : null;
    this.u8[c] = data instanceof Uint8Array ? data : null;
    this.valid[c] = null;
  }

  private columnData(c: number): Uint8Array | Int32Array | Float64Array {
    return (this.i32[c] ?? this.f64[c] ?? this.u8[c])!;
  }

  /** Closes the current page of every column. */
  private flushPage(): void {
    const n = this.row;
    if (n === 0) return;
    for (let c = 0; c < this.ncols; c++) {
      this.pages[c].push({ type: this.pageTypes[c], data: this.columnData(c).subarray(0, n), valid: this.valid[c]?.subarray(0, n) ?? null, n });
      this.allocColumn(c);
    }
    this.row = 0;
  }

  /** Ends parsing: closes the last pages. */
  finish(): void {
    this.flushPage();
  }

  /**
   * Parses the rows in `buf[start, limit)`; `buf[limit - 1]` must be a line end (LF or CR).
   * Returns the position after the last row read: `limit`, or the start of a row whose quoted
   * field continues past `limit`.
   */
  parseRows(buf: Buffer, start: number, limit: number): number {
    const delim = this.dialect.delimiter;
    const quote = this.dialect.quote;
    const trailing = this.dialect.trailingDelimiter;
    const ncols = this.ncols;
    const last = ncols - 1;
    const kinds = this.kinds;
    let p = start;
    rows: while (p < limit) {
      let b = buf[p];
      if (b === LF || b === CR) {
        // A blank line.
        p = b === CR && buf[p + 1] === LF ? p + 2 : p + 1;
        this.line++;
        continue;
      }
      const rowStart = p;
      const r = this.row;
      this.rowLine = this.line;
      for (let c = 0; c < ncols; c++) {
        const fieldStart = p;
        b = buf[p];
        let done = false;
        if (b !== quote) {
          switch (kinds[c]) {
            case K_INT:
            case K_BIGINT: {
              // One digit loop for both integer widths: INTEGER takes up to 10 digits and a range
              // check, BIGINT up to 15 digits (always exact in a double; longer ones take the slow path).
              const isInt = kinds[c] === K_INT;
              let q = p;
              let neg = false;
              if (b === MINUS) {
                neg = true;
                b = buf[++q];
              }
              let v = 0;
              const d0 = q;
              while (b >= 48 && b <= 57) {
                v = v * 10 + (b - 48);
                b = buf[++q];
              }
              const nd = q - d0;
              if (b === delim || b === LF || b === CR) {
                if (nd > 0 && nd <= (isInt ? 10 : 15)) {
                  if (neg) v = -v;
                  if (!isInt) {
                    this.f64[c]![r] = v;
                    p = q;
                    done = true;
                  } else if (v <= INT32_MAX && v >= INT32_MIN) {
                    this.i32[c]![r] = v;
                    p = q;
                    done = true;
                  }
                } else if (nd === 0 && !neg) {
                  if (!this.setNull(c, r)) break;
                  done = true;
                }
              }
              break;
            }
            case K_DECIMAL:
            case K_DOUBLE: {
              let q = p;
              let neg = false;
              if (b === MINUS) {
                neg = true;
                b = buf[++q];
              }
              let v = 0;
              const d0 = q;
              while (b >= 48 && b <= 57) {
                v = v * 10 + (b - 48);
                b = buf[++q];
              }
              let nd = q - d0;
              let fd = 0;
              if (b === DOT) {
                b = buf[++q];
                const f0 = q;
                while (b >= 48 && b <= 57) {
                  v = v * 10 + (b - 48);
                  b = buf[++q];
                }
                fd = q - f0;
                nd += fd;
              }
              if (b === delim || b === LF || b === CR) {
                if (nd > 0) {
                  if (kinds[c] === K_DOUBLE) {
                    if (nd <= 15) {
                      this.f64[c]![r] = (neg ? -v : v) / POW10[fd];
                      p = q;
                      done = true;
                    }
                  } else {
                    const scale = this.scales[c];
                    if (fd <= scale && nd - fd + scale <= 15) {
                      v *= POW10[scale - fd];
                      this.f64[c]![r] = neg ? -v : v;
                      p = q;
                      done = true;
                    }
                  }
                } else if (q === p) {
                  if (!this.setNull(c, r)) break;
                  done = true;
                }
              }
              break;
            }
            case K_DATE: {
              if (b === delim || b === LF || b === CR) {
                if (!this.setNull(c, r)) break;
                done = true;
              } else if (this.isoTemporal[c] === 1 && buf[p + 4] === DASH && buf[p + 7] === DASH) {
                const e = buf[p + 10];
                if (e === delim || e === LF || e === CR) {
                  const days = this.isoDays(buf, p);
                  if (days !== null) {
                    this.i32[c]![r] = days;
                    p += 10;
                    done = true;
                  }
                }
              }
              break;
            }
            case K_TIMESTAMP: {
              if (b === delim || b === LF || b === CR) {
                if (!this.setNull(c, r)) break;
                done = true;
              } else if (this.isoTemporal[c] === 1 && buf[p + 4] === DASH && buf[p + 7] === DASH && (buf[p + 10] === SPACE || buf[p + 10] === T_UPPER) && buf[p + 13] === COLON && buf[p + 16] === COLON) {
                const micros = this.isoMicros(buf, p, delim);
                if (micros !== null) {
                  this.f64[c]![r] = micros;
                  p = this.fieldEnd;
                  done = true;
                }
              }
              break;
            }
            case K_VARCHAR: {
              let q = p;
              let h = 0x811c9dc5 | 0;
              let hi = 0;
              while (b !== delim && b !== LF && b !== CR) {
                h = Math.imul(h ^ b, 16777619);
                hi |= b;
                b = buf[++q];
              }
              if (q === p || (this.nullBytes.length > 0 && this.isNullString(buf, p, q))) {
                if (!this.setNull(c, r)) break;
              } else {
                this.i32[c]![r] = this.interners[c]!.intern(buf, p, q, h, hi < 0x80);
              }
              p = q;
              done = true;
              break;
            }
            default:
              break;
          }
        }
        if (!done) {
          const next = this.rejectReason === '' ? this.slowField(buf, fieldStart, limit, c, r) : REJECTED;
          if (next === INCOMPLETE) {
            this.undoRow(r);
            this.line = this.rowLine;
            return rowStart;
          }
          if (next === REJECTED) {
            const after = this.reject(buf, rowStart, limit, r);
            if (after === INCOMPLETE) return rowStart;
            p = after;
            continue rows;
          }
          p = next;
        }
        b = buf[p];
        if (c < last) {
          if (b === delim) {
            p++;
            continue;
          }
          this.rejectReason = `expected ${ncols} fields, found ${c + 1}`;
          this.rejectColumn = null;
          const after = this.reject(buf, rowStart, limit, r);
          if (after === INCOMPLETE) return rowStart;
          p = after;
          continue rows;
        }
      }
      b = buf[p];
      if (b === delim && trailing) b = buf[++p];
      if (b === LF) {
        p++;
      } else if (b === CR) {
        p += buf[p + 1] === LF ? 2 : 1;
      } else {
        const extra = b === delim ? this.countFields(buf, p + 1, limit) : 0;
        this.rejectReason = b === delim ? `expected ${ncols} fields, found ${ncols + extra}` : 'unexpected characters after a quoted field';
        this.rejectColumn = null;
        const after = this.reject(buf, rowStart, limit, r);
        if (after === INCOMPLETE) return rowStart;
        p = after;
        continue;
      }
      this.line++;
      this.rowsDone++;
      if (++this.row === PAGE_ROWS) this.flushPage();
    }
    return p;
  }

  /** Days of an ISO date at `buf[p, p+10)`, or null if it is not a valid date. */
  private isoDays(buf: Uint8Array, p: number): number | null {
    let y = 0;
    for (let k = 0; k < 4; k++) {
      const d = buf[p + k] - 48;
      if (d < 0 || d > 9) return null;
      y = y * 10 + d;
    }
    const m1 = buf[p + 5] - 48;
    const m2 = buf[p + 6] - 48;
    const d1 = buf[p + 8] - 48;
    const d2 = buf[p + 9] - 48;
    if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
    const m = m1 * 10 + m2;
    const d = d1 * 10 + d2;
    const key = y * 10000 + m * 100 + d;
    if (key === this.lastDateKey) return this.lastDateDays;
    if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
    this.lastDateKey = key;
    this.lastDateDays = daysFromCivil(y, m, d);
    return this.lastDateDays;
  }

  /** Microseconds of `YYYY-MM-DD HH:MM:SS[.f{1,6}]` at `p` (end in fieldEnd), or null. */
  private isoMicros(buf: Uint8Array, p: number, delim: number): number | null {
    const days = this.isoDays(buf, p);
    if (days === null) return null;
    const two = (at: number): number => {
      const a = buf[at] - 48;
      const b = buf[at + 1] - 48;
      return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
    };
    const h = two(p + 11);
    const mi = two(p + 14);
    const s = two(p + 17);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return null;
    let q = p + 19;
    let us = 0;
    if (buf[q] === DOT) {
      let k = 0;
      q++;
      while (k < 6 && buf[q] >= 48 && buf[q] <= 57) {
        us = us * 10 + (buf[q] - 48);
        q++;
        k++;
      }
      if (k === 0) return null;
      us *= POW10[6 - k];
    }
    const e = buf[q];
    if (e !== delim && e !== LF && e !== CR) return null;
    this.fieldEnd = q;
    return days * MICROS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1_000_000 + us;
  }

  private isNullString(buf: Uint8Array, s: number, e: number): boolean {
    outer: for (const nb of this.nullBytes) {
      if (nb.length !== e - s) continue;
      for (let k = 0; k < nb.length; k++) if (nb[k] !== buf[s + k]) continue outer;
      return true;
    }
    return false;
  }

  /** Records a NULL at row `r` of column `c`; false (with a reject reason set) for a NOT NULL column. */
  private setNull(c: number, r: number): boolean {
    const col = this.columns[c];
    if (col.notNull) {
      this.rejectReason = `NULL in NOT NULL column ${col.name}`;
      this.rejectColumn = col.name;
      this.rejectValue = null;
      return false;
    }
    let v = this.valid[c];
    if (v === null) {
      v = new Uint8Array(PAGE_ROWS).fill(1);
      this.valid[c] = v;
    }
    v[r] = 0;
    this.columnData(c)[r] = 0;
    return true;
  }

  /** Marks row `r` valid again in every column (its values are overwritten by the next row). */
  private undoRow(r: number): void {
    for (let c = 0; c < this.ncols; c++) {
      const v = this.valid[c];
      if (v !== null) v[r] = 1;
    }
  }

  /**
   * Reads the field at `p` the general way (quotes, escapes, NULL strings, any spelling the
   * column type accepts) and stores it at row `r`. Returns the position after the field,
   * INCOMPLETE or REJECTED (with the reason set).
   */
  private slowField(buf: Buffer, p: number, limit: number, c: number, r: number): number {
    const end = this.readField(buf, p, limit);
    if (end < 0) return end;
    const col = this.columns[c];
    const fb = this.fieldBuf;
    const fs = this.fieldStart;
    const fe = this.fieldEnd;
    if (!this.fieldQuoted && (fs === fe || (this.nullBytes.length > 0 && this.isNullString(fb, fs, fe)))) {
      return this.setNull(c, r) ? end : REJECTED;
    }
    const kind = this.kinds[c];
    if (kind === K_VARCHAR) {
      this.i32[c]![r] = this.interners[c]!.intern(fb, fs, fe, ByteInterner.hash(fb, fs, fe), this.fieldAscii);
      return end;
    }
    const text = decode(fb, fs, fe, this.fieldAscii);
    if (this.fieldQuoted && text === '') return this.setNull(c, r) ? end : REJECTED;
    let value = parseTypedText(text, col.type, col.dateFormat, col.timestampFormat);
    if (value !== null && kind === K_DECIMAL && !col.fixed && !fitsScale(text, this.scales[c])) value = null;
    if (value === null) {
      if (col.fixed) {
        this.rejectReason = `could not convert "${clip(text)}" to ${typeToString(col.type)}`;
        this.rejectColumn = col.name;
        this.rejectValue = text;
        return REJECTED;
      }
      const wider = joinTypes(col.type, inferValueType(text, col.dateFormat, col.timestampFormat));
      this.widen(c, wider, text);
      if (wider.id === 'varchar') {
        this.i32[c]![r] = this.interners[c]!.intern(fb, fs, fe, ByteInterner.hash(fb, fs, fe), this.fieldAscii);
        return end;
      }
      value = parseTypedText(text, wider, col.dateFormat, col.timestampFormat);
      if (value === null) throw new StrataError('internal', `widened ${col.name} to ${typeToString(wider)} but "${text}" still does not fit`);
    }
    this.columnData(c)[r] = value;
    return end;
  }

  /**
   * Changes column `c` to `wider`: converts the values of the current page (earlier pages are
   * converted when the load finishes). Becoming VARCHAR after values were read as another type
   * would lose their spelling (`007` read as 7), so that throws {@link WidenToVarchar} and the
   * loader reads the file again with the column as VARCHAR.
   */
  private widen(c: number, wider: DataType, text: string): void {
    const col = this.columns[c];
    const from = this.pageTypes[c];
    if (wider.id === 'varchar' && this.hasValues(c)) throw new WidenToVarchar(c, this.line, text);
    const old = this.columnData(c);
    const n = this.row;
    col.type = wider;
    this.pageTypes[c] = wider;
    const valid = this.valid[c];
    this.setKind(c, wider);
    this.allocColumn(c);
    this.valid[c] = valid;
    if (wider.id === 'varchar' || !widensInPlace(from, wider)) {
      // Only NULLs so far: earlier pages are all-NULL and convert to any type.
      return;
    }
    const out = this.columnData(c);
    convertValues(old, from, out, wider, n);
  }

  /** Whether column `c` has a non-NULL value so far. */
  private hasValues(c: number): boolean {
    for (const page of this.pages[c]) {
      if (page.valid === null ? page.n > 0 : page.valid.includes(1)) return true;
    }
    const v = this.valid[c];
    if (v === null) return this.row > 0;
    for (let i = 0; i < this.row; i++) if (v[i] === 1) return true;
    return false;
  }

  /**
   * Reads one field starting at `p` into fieldBuf/fieldStart/fieldEnd (unescaped); returns the
   * position of the byte after it (a delimiter or line end), INCOMPLETE or REJECTED.
   */
  private readField(buf: Buffer, p: number, limit: number): number {
    const delim = this.dialect.delimiter;
    const quote = this.dialect.quote;
    const escape = this.dialect.escape;
    if (buf[p] !== quote) {
      let q = p;
      let hi = 0;
      for (let b = buf[q]; b !== delim && b !== LF && b !== CR; b = buf[++q]) hi |= b;
      this.fieldBuf = buf;
      this.fieldStart = p;
      this.fieldEnd = q;
      this.fieldAscii = hi < 0x80;
      this.fieldQuoted = false;
      return q;
    }
    let out = 0;
    let hi = 0;
    let q = p + 1;
    let lines = 0;
    for (;;) {
      if (q >= limit) return INCOMPLETE;
      const b = buf[q];
      if (b === escape && escape !== quote && q + 1 < limit && (buf[q + 1] === quote || buf[q + 1] === escape)) {
        this.putScratch(out++, buf[q + 1]);
        q += 2;
        continue;
      }
      if (b === quote) {
        if (escape === quote && q + 1 < limit && buf[q + 1] === quote) {
          this.putScratch(out++, quote);
          q += 2;
          continue;
        }
        q++;
        break;
      }
      if (b === LF) lines++;
      hi |= b;
      this.putScratch(out++, b);
      q++;
    }
    const after = buf[q];
    if (after !== delim && after !== LF && after !== CR) {
      this.rejectReason = 'unexpected characters after a quoted field';
      this.rejectColumn = null;
      this.rejectValue = null;
      return REJECTED;
    }
    this.line += lines;
    this.fieldBuf = this.scratch;
    this.fieldStart = 0;
    this.fieldEnd = out;
    this.fieldAscii = hi < 0x80;
    this.fieldQuoted = true;
    return q;
  }

  private putScratch(i: number, b: number): void {
    if (i === this.scratch.length) {
      const s = Buffer.alloc(this.scratch.length * 2);
      this.scratch.copy(s);
      this.scratch = s;
    }
    this.scratch[i] = b;
  }

  /** Counts the fields from `p` to the end of the line (for the "found N fields" message). */
  private countFields(buf: Uint8Array, p: number, limit: number): number {
    let n = 1;
    let inQuote = false;
    for (let q = p; q < limit; q++) {
      const b = buf[q];
      if (b === this.dialect.quote) inQuote = !inQuote;
      else if (!inQuote && (b === LF || b === CR)) break;
      else if (!inQuote && b === this.dialect.delimiter) n++;
    }
    if (this.dialect.trailingDelimiter) n--;
    return n;
  }

  /** The position after the line end that ends the row starting at `p` (quotes respected), or INCOMPLETE. */
  private rowEnd(buf: Uint8Array, p: number, limit: number): number {
    let inQuote = false;
    for (let q = p; q < limit; q++) {
      const b = buf[q];
      if (b === this.dialect.quote) inQuote = !inQuote;
      else if (!inQuote && b === LF) return q + 1;
      else if (!inQuote && b === CR) return buf[q + 1] === LF ? q + 2 : q + 1;
    }
    return INCOMPLETE;
  }

  /**
   * Rejects the row starting at `rowStart` (whose reason is set): records it, or throws in strict
   * mode. Returns the position after the row, or INCOMPLETE when its end is not in the buffer.
   */
  private reject(buf: Uint8Array, rowStart: number, limit: number, r: number): number {
    this.undoRow(r);
    const end = this.rowEnd(buf, rowStart, limit);
    const reason = this.rejectReason;
    const column = this.rejectColumn;
    let value = this.rejectValue;
    this.rejectReason = '';
    this.rejectColumn = null;
    this.rejectValue = null;
    const line = this.rowLine;
    this.line = line;
    if (end === INCOMPLETE) return INCOMPLETE;
    if (column === null) value = decode(buf, rowStart, Math.min(end, rowStart + 500), false).replace(/\r?\n$/, '');
    for (let q = rowStart; q < end; q++) if (buf[q] === LF) this.line++;
    if (end > rowStart && buf[end - 1] === CR) this.line++;
    if (this.strict) {
      const where = `${this.file}:${line}${column === null ? '' : ` column ${column}`}`;
      throw new StrataError('conversion', `${where}: ${reason}${column === null && value !== null ? ` in line "${clip(value)}"` : ''}`);
    }
    this.rejectCount++;
    if (this.rejects.length < this.maxStoredRejects) this.rejects.push({ file: this.file, line, column, value, reason });
    return end;
  }
}

/** True if `text` has at most `scale` digits after its decimal point and no exponent. */
function fitsScale(text: string, scale: number): boolean {
  if (/[eE]/.test(text)) return false;
  const dot = text.indexOf('.');
  if (dot < 0) return true;
  return text.trim().length - dot - 1 <= scale;
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** Converts `n` physical values of type `from` into `out` as type `to` (a widening; see widensInPlace). */
export function convertValues(src: ArrayLike<number>, from: DataType, out: Uint8Array | Int32Array | Float64Array, to: DataType, n: number): void {
  if (from.id === 'date' && to.id === 'timestamp') {
    for (let i = 0; i < n; i++) out[i] = src[i] * MICROS_PER_DAY;
    return;
  }
  const fromScale = from.id === 'decimal' ? (from.scale ?? 0) : 0;
  if (to.id === 'decimal') {
    const f = POW10[(to.scale ?? 0) - fromScale];
    for (let i = 0; i < n; i++) out[i] = src[i] * f;
    return;
  }
  if (fromScale > 0) {
    const f = POW10[fromScale];
    for (let i = 0; i < n; i++) out[i] = src[i] / f;
    return;
  }
  for (let i = 0; i < n; i++) out[i] = src[i];
}

