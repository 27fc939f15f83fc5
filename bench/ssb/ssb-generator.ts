/**
 * Star Schema Benchmark data generator: the five SSB tables with dbgen's columns, cardinalities
 * and value distributions, produced deterministically (seed, SF) in chunks of typed-array and
 * string columns that a sink loads into an engine or writes as `.tbl` text.
 */
import {
  ADDRESS_CHARS,
  COLORS,
  CONTAINER_SYLLABLES,
  HOLIDAYS,
  MONTHS,
  NATIONS,
  PRIORITIES,
  SEASONS,
  SEGMENTS,
  SHIP_MODES,
  TYPE_SYLLABLES,
  WEEKDAYS,
} from './ssb-domains.js';
import { RandomStream } from './ssb-random.js';
import { SSB_TABLES, type SsbTableName } from './ssb-schema.js';

/** The seed used when none is given. */
export const SSB_DEFAULT_SEED = 1;

/** Rows per chunk handed to the sink when none is given. */
export const SSB_DEFAULT_CHUNK_ROWS = 100_000;

/** Days in the date dimension: 1992-01-01 to 1998-12-30, as the reference dbgen writes it. */
export const SSB_DATE_ROWS = 2556;

/** What to generate. */
export interface SsbOptions {
  /** Scale factor: 1 gives about 6,000,000 `lineorder` rows. */
  readonly sf: number;
  readonly seed?: number;
  /** Rows per chunk (the last chunk of a table may be smaller). */
  readonly chunkRows?: number;
  /** Tables to generate, in this order; all five by default. */
  readonly tables?: readonly SsbTableName[];
}

/** A chunk of one table: column name to values (`Int32Array` for INTEGER, `string[]` for VARCHAR). */
export type SsbChunk = Record<string, Int32Array | string[]>;

/** Receives generated chunks; `rows` values of each column are valid (arrays may be longer). */
export type SsbSink = (table: SsbTableName, columns: SsbChunk, rows: number) => void;

/** Row counts of the dimension tables and the number of orders at a scale factor. */
export interface SsbCardinalities {
  readonly customer: number;
  readonly supplier: number;
  readonly part: number;
  readonly date: number;
  /** Orders (each of 1-7 `lineorder` rows). */
  readonly orders: number;
}

/**
 * Cardinalities at `sf`: customer 30,000 x SF, supplier 2,000 x SF, part 200,000 x (1 +
 * floor(log2 SF)) (200,000 x SF below SF 1, as dbgen scales fractional SFs), 2,556 dates, and
 * 1,500,000 x SF orders.
 */
export function ssbCardinalities(sf: number): SsbCardinalities {
  if (!(sf > 0) || !Number.isFinite(sf)) throw new Error(`scale factor must be a positive number, got ${sf}`);
  const scaled = (base: number): number => Math.max(1, Math.round(base * sf));
  return {
    customer: scaled(30_000),
    supplier: scaled(2_000),
    part: sf < 1 ? scaled(200_000) : 200_000 * (1 + Math.floor(Math.log2(sf))),
    date: SSB_DATE_ROWS,
    orders: scaled(1_500_000),
  };
}

// Stream ids: one per generated column (see RandomStream).
const S_C_NATION = 1;
const S_C_ADDRESS = 2;
const S_C_CITY = 3;
const S_C_PHONE = 4;
const S_C_SEGMENT = 5;
const S_S_NATION = 11;
const S_S_ADDRESS = 12;
const S_S_CITY = 13;
const S_S_PHONE = 14;
const S_P_COLOR = 21;
const S_P_MFGR = 22;
const S_P_CATEGORY = 23;
const S_P_BRAND = 24;
const S_P_TYPE = 25;
const S_P_SIZE = 26;
const S_P_CONTAINER = 27;
const S_O_DATE = 31;
const S_O_CUSTKEY = 32;
const S_O_PRIORITY = 33;
const S_O_LINES = 34;
const S_L_PARTKEY = 41;
const S_L_SUPPKEY = 42;
const S_L_QUANTITY = 43;
const S_L_DISCOUNT = 44;
const S_L_TAX = 45;
const S_L_COMMIT = 46;
const S_L_SHIPMODE = 47;

/** Orders are placed up to 151 days before the end of the 2,557-day calendar (dbgen's O_ODATE_MAX). */
const LAST_ORDER_DAY = 2557 - 151 - 1;
/** One customer in three never orders (dbgen's CUST_MORTALITY). */
const CUST_MORTALITY = 3;

const MS_PER_DAY = 86_400_000;
const FIRST_DAY_UTC = Date.UTC(1992, 0, 1);

/** `yyyymmdd` of each day index from 1992-01-01 (covers commit dates past the date table). */
const DATE_KEYS: Int32Array = (() => {
  const keys = new Int32Array(2557 + 100);
  for (let i = 0; i < keys.length; i++) {
    const d = new Date(FIRST_DAY_UTC + i * MS_PER_DAY);
    keys[i] = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  }
  return keys;
})();

/** `NATION9d`: the nation name cut or padded to 9 characters, then a digit, by nation * 10 + digit. */
const CITIES: readonly string[] = NATIONS.flatMap(([nation]) =>
  Array.from({ length: 10 }, (_, digit) => nation.slice(0, 9).padEnd(9, ' ') + String(digit)),
);
const MFGRS: readonly string[] = [1, 2, 3, 4, 5].map((m) => `MFGR#${m}`);
/** `MFGR#mc` by (m - 1) * 5 + (c - 1). */
const CATEGORIES: readonly string[] = MFGRS.flatMap((m) => [1, 2, 3, 4, 5].map((c) => `${m}${c}`));
/** `MFGR#mcb` (b = 1..40, not zero-padded, as dbgen prints it) by category index * 40 + (b - 1). */
const BRANDS: readonly string[] = CATEGORIES.flatMap((c) => Array.from({ length: 40 }, (_, b) => `${c}${b + 1}`));
const TYPES: readonly string[] = TYPE_SYLLABLES[0].flatMap((a) => TYPE_SYLLABLES[1].flatMap((b) => TYPE_SYLLABLES[2].map((c) => `${a} ${b} ${c}`)));
const CONTAINERS: readonly string[] = CONTAINER_SYLLABLES[0].flatMap((a) => CONTAINER_SYLLABLES[1].map((b) => `${a} ${b}`));

/** A part's retail price in cents-like integer units (dbgen's `rpb_routine`). */
export function retailPrice(partKey: number): number {
  return 90000 + (Math.floor(partKey / 10) % 20001) + 100 * (partKey % 1000);
}

/** dbgen's sparse order key: of every 32 keys only the first 8 are used. */
export function sparseOrderKey(order: number): number {
  return Math.floor(order / 8) * 32 + (order % 8);
}

/** The customer a new order goes to: uniform, then moved off keys divisible by 3 as dbgen does. */
function orderCustomer(draw: RandomStream, customers: number): number {
  let key = draw.int(1, customers);
  let delta = 1;
  while (key % CUST_MORTALITY === 0) {
    key = Math.min(key + delta, customers);
    delta = -delta;
  }
  return key;
}

function randomText(draw: RandomStream, minLen: number, maxLen: number): string {
  let s = '';
  for (let i = draw.int(minLen, maxLen); i > 0; i--) s += ADDRESS_CHARS[draw.int(0, ADDRESS_CHARS.length - 1)];
  return s;
}

function phone(nation: number, draw: RandomStream): string {
  return `${nation + 10}-${draw.int(100, 999)}-${draw.int(100, 999)}-${draw.int(1000, 9999)}`;
}

/** Column arrays of one chunk, created per chunk so sinks may keep them. */
function intColumns(names: readonly string[], capacity: number): Int32Array[] {
  return names.map(() => new Int32Array(capacity));
}
function strColumns(names: readonly string[], capacity: number): string[][] {
  return names.map(() => new Array<string>(capacity));
}
function chunkOf(intNames: readonly string[], ints: Int32Array[], strNames: readonly string[], strs: string[][]): SsbChunk {
  const chunk: SsbChunk = {};
  intNames.forEach((n, i) => (chunk[n] = ints[i]));
  strNames.forEach((n, i) => (chunk[n] = strs[i]));
  return chunk;
}

// --- date ---

const DATE_INTS = ['d_datekey', 'd_year', 'd_yearmonthnum', 'd_daynuminweek', 'd_daynuminmonth', 'd_daynuminyear', 'd_monthnuminyear', 'd_weeknuminyear', 'd_lastdayinweekfl', 'd_lastdayinmonthfl', 'd_holidayfl', 'd_weekdayfl'];
const DATE_STRS = ['d_date', 'd_dayofweek', 'd_month', 'd_yearmonth', 'd_sellingseason'];

function generateDate(sink: SsbSink, chunkRows: number): number {
  for (let start = 0; start < SSB_DATE_ROWS; start += chunkRows) {
    const n = Math.min(chunkRows, SSB_DATE_ROWS - start);
    const ints = intColumns(DATE_INTS, n);
    const strs = strColumns(DATE_STRS, n);
    const [key, year, yearMonthNum, dayInWeek, dayInMonth, dayInYear, monthInYear, weekInYear, lastInWeek, lastInMonth, holiday, weekday] = ints;
    const [dateText, dayName, monthName, yearMonth, season] = strs;
    for (let r = 0; r < n; r++) {
      const dayIndex = start + r;
      const d = new Date(FIRST_DAY_UTC + dayIndex * MS_PER_DAY);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth();
      const day = d.getUTCDate();
      const wd = d.getUTCDay(); // 0 = Sunday
      const doy = Math.round((d.getTime() - Date.UTC(y, 0, 1)) / MS_PER_DAY) + 1;
      key[r] = y * 10000 + (m + 1) * 100 + day;
      dateText[r] = `${MONTHS[m]} ${day}, ${y}`;
      dayName[r] = WEEKDAYS[wd];
      monthName[r] = MONTHS[m];
      year[r] = y;
      yearMonthNum[r] = y * 100 + m + 1;
      yearMonth[r] = MONTHS[m].slice(0, 3) + y;
      dayInWeek[r] = wd + 1;
      dayInMonth[r] = day;
      dayInYear[r] = doy;
      monthInYear[r] = m + 1;
      weekInYear[r] = Math.floor(doy / 7) + 1; // dbgen's formula: week 1 has days 1-6
      season[r] = SEASONS[m];
      lastInWeek[r] = wd === 6 ? 1 : 0;
      lastInMonth[r] = new Date(FIRST_DAY_UTC + (dayIndex + 1) * MS_PER_DAY).getUTCDate() === 1 ? 1 : 0;
      holiday[r] = HOLIDAYS.has((m + 1) * 100 + day) ? 1 : 0;
      weekday[r] = wd >= 1 && wd <= 5 ? 1 : 0;
    }
    sink('date', chunkOf(DATE_INTS, ints, DATE_STRS, strs), n);
  }
  return SSB_DATE_ROWS;
}

// --- customer and supplier ---

const CUSTOMER_STRS = ['c_name', 'c_address', 'c_city', 'c_nation', 'c_region', 'c_phone', 'c_mktsegment'];

function generateCustomer(rows: number, seed: number, sink: SsbSink, chunkRows: number): number {
  const nationDraw = new RandomStream(seed, S_C_NATION);
  const addressDraw = new RandomStream(seed, S_C_ADDRESS);
  const cityDraw = new RandomStream(seed, S_C_CITY);
  const phoneDraw = new RandomStream(seed, S_C_PHONE);
  const segmentDraw = new RandomStream(seed, S_C_SEGMENT);
  for (let start = 0; start < rows; start += chunkRows) {
    const n = Math.min(chunkRows, rows - start);
    const [key] = intColumns(['c_custkey'], n);
    const strs = strColumns(CUSTOMER_STRS, n);
    const [name, address, city, nation, region, phoneCol, segment] = strs;
    for (let r = 0; r < n; r++) {
      const k = start + r + 1;
      const nat = nationDraw.int(0, NATIONS.length - 1);
      key[r] = k;
      name[r] = 'Customer#' + String(k).padStart(9, '0');
      address[r] = randomText(addressDraw, 10, 40);
      city[r] = CITIES[nat * 10 + cityDraw.int(0, 9)];
      nation[r] = NATIONS[nat][0];
      region[r] = NATIONS[nat][1];
      phoneCol[r] = phone(nat, phoneDraw);
      segment[r] = segmentDraw.pick(SEGMENTS);
    }
    sink('customer', chunkOf(['c_custkey'], [key], CUSTOMER_STRS, strs), n);
  }
  return rows;
}

const SUPPLIER_STRS = ['s_name', 's_address', 's_city', 's_nation', 's_region', 's_phone'];

function generateSupplier(rows: number, seed: number, sink: SsbSink, chunkRows: number): number {
  const nationDraw = new RandomStream(seed, S_S_NATION);
  const addressDraw = new RandomStream(seed, S_S_ADDRESS);
  const cityDraw = new RandomStream(seed, S_S_CITY);
  const phoneDraw = new RandomStream(seed, S_S_PHONE);
  for (let start = 0; start < rows; start += chunkRows) {
    const n = Math.min(chunkRows, rows - start);
    const [key] = intColumns(['s_suppkey'], n);
    const strs = strColumns(SUPPLIER_STRS, n);
    const [name, address, city, nation, region, phoneCol] = strs;
    for (let r = 0; r < n; r++) {
      const k = start + r + 1;
      const nat = nationDraw.int(0, NATIONS.length - 1);
      key[r] = k;
      name[r] = 'Supplier#' + String(k).padStart(9, '0');
      address[r] = randomText(addressDraw, 10, 40);
      city[r] = CITIES[nat * 10 + cityDraw.int(0, 9)];
      nation[r] = NATIONS[nat][0];
      region[r] = NATIONS[nat][1];
      phoneCol[r] = phone(nat, phoneDraw);
    }
    sink('supplier', chunkOf(['s_suppkey'], [key], SUPPLIER_STRS, strs), n);
  }
  return rows;
}

// --- part ---

const PART_INTS = ['p_partkey', 'p_size'];
const PART_STRS = ['p_name', 'p_mfgr', 'p_category', 'p_brand1', 'p_color', 'p_type', 'p_container'];

function generatePart(rows: number, seed: number, sink: SsbSink, chunkRows: number): number {
  const colorDraw = new RandomStream(seed, S_P_COLOR);
  const mfgrDraw = new RandomStream(seed, S_P_MFGR);
  const categoryDraw = new RandomStream(seed, S_P_CATEGORY);
  const brandDraw = new RandomStream(seed, S_P_BRAND);
  const typeDraw = new RandomStream(seed, S_P_TYPE);
  const sizeDraw = new RandomStream(seed, S_P_SIZE);
  const containerDraw = new RandomStream(seed, S_P_CONTAINER);
  const lastColor = COLORS.length - 1;
  for (let start = 0; start < rows; start += chunkRows) {
    const n = Math.min(chunkRows, rows - start);
    const ints = intColumns(PART_INTS, n);
    const strs = strColumns(PART_STRS, n);
    const [key, size] = ints;
    const [name, mfgr, category, brand, color, type, container] = strs;
    for (let r = 0; r < n; r++) {
      key[r] = start + r + 1;
      // Three distinct colors: the first is p_color, the other two make p_name (as dbgen's gen_color splits them).
      const c1 = colorDraw.int(0, lastColor);
      let c2 = colorDraw.int(0, lastColor);
      while (c2 === c1) c2 = colorDraw.int(0, lastColor);
      let c3 = colorDraw.int(0, lastColor);
      while (c3 === c1 || c3 === c2) c3 = colorDraw.int(0, lastColor);
      color[r] = COLORS[c1];
      name[r] = COLORS[c2] + ' ' + COLORS[c3];
      const m = mfgrDraw.int(0, 4);
      const cat = m * 5 + categoryDraw.int(0, 4);
      mfgr[r] = MFGRS[m];
      category[r] = CATEGORIES[cat];
      brand[r] = BRANDS[cat * 40 + brandDraw.int(0, 39)];
      type[r] = typeDraw.pick(TYPES);
      size[r] = sizeDraw.int(1, 50);
      container[r] = containerDraw.pick(CONTAINERS);
    }
    sink('part', chunkOf(PART_INTS, ints, PART_STRS, strs), n);
  }
  return rows;
}

// --- lineorder ---

const LINEORDER_INTS = [
  'lo_orderkey', 'lo_linenumber', 'lo_custkey', 'lo_partkey', 'lo_suppkey', 'lo_orderdate', 'lo_shippriority', 'lo_quantity',
  'lo_extendedprice', 'lo_ordtotalprice', 'lo_discount', 'lo_revenue', 'lo_supplycost', 'lo_tax', 'lo_commitdate',
];
const LINEORDER_STRS = ['lo_orderpriority', 'lo_shipmode'];

function generateLineorder(card: SsbCardinalities, seed: number, sink: SsbSink, chunkRows: number): number {
  const dateDraw = new RandomStream(seed, S_O_DATE);
  const custDraw = new RandomStream(seed, S_O_CUSTKEY);
  const priorityDraw = new RandomStream(seed, S_O_PRIORITY);
  const linesDraw = new RandomStream(seed, S_O_LINES);
  const partDraw = new RandomStream(seed, S_L_PARTKEY);
  const suppDraw = new RandomStream(seed, S_L_SUPPKEY);
  const quantityDraw = new RandomStream(seed, S_L_QUANTITY);
  const discountDraw = new RandomStream(seed, S_L_DISCOUNT);
  const taxDraw = new RandomStream(seed, S_L_TAX);
  const commitDraw = new RandomStream(seed, S_L_COMMIT);
  const shipModeDraw = new RandomStream(seed, S_L_SHIPMODE);
  // An order has at most 7 lines and is never split across chunks (its total price spans its lines).
  const capacity = chunkRows + 7;
  let total = 0;
  let ints = intColumns(LINEORDER_INTS, capacity);
  let strs = strColumns(LINEORDER_STRS, capacity);
  let n = 0;
  for (let order = 1; order <= card.orders; order++) {
    const [orderKey, lineNumber, custKey, partKey, suppKey, orderDate, shipPriority, quantity, extPrice, totalPrice, discount, revenue, supplyCost, tax, commitDate] = ints;
    const [priority, shipMode] = strs;
    const orderDay = dateDraw.int(0, LAST_ORDER_DAY);
    const cust = orderCustomer(custDraw, card.customer);
    const prio = priorityDraw.pick(PRIORITIES);
    const lines = linesDraw.int(1, 7);
    const okey = sparseOrderKey(order);
    let orderTotal = 0;
    for (let line = 1; line <= lines; line++) {
      const r = n + line - 1;
      const pkey = partDraw.int(1, card.part);
      const price = retailPrice(pkey);
      const qty = quantityDraw.int(1, 50);
      const disc = discountDraw.int(0, 10);
      const tx = taxDraw.int(0, 8);
      const ext = price * qty;
      const rev = Math.floor((ext * (100 - disc)) / 100);
      orderTotal += Math.floor((rev * (100 + tx)) / 100);
      orderKey[r] = okey;
      lineNumber[r] = line;
      custKey[r] = cust;
      partKey[r] = pkey;
      suppKey[r] = suppDraw.int(1, card.supplier);
      orderDate[r] = DATE_KEYS[orderDay];
      priority[r] = prio;
      shipPriority[r] = 0;
      quantity[r] = qty;
      extPrice[r] = ext;
      discount[r] = disc;
      revenue[r] = rev;
      supplyCost[r] = Math.floor((6 * price) / 10);
      tax[r] = tx;
      commitDate[r] = DATE_KEYS[orderDay + commitDraw.int(30, 90)];
      shipMode[r] = shipModeDraw.pick(SHIP_MODES);
    }
    totalPrice.fill(orderTotal, n, n + lines);
    n += lines;
    if (n >= chunkRows || order === card.orders) {
      sink('lineorder', chunkOf(LINEORDER_INTS, ints, LINEORDER_STRS, strs), n);
      total += n;
      n = 0;
      if (order < card.orders) {
        ints = intColumns(LINEORDER_INTS, capacity);
        strs = strColumns(LINEORDER_STRS, capacity);
      }
    }
  }
  return total;
}

/**
 * Generates the SSB tables at `options.sf` and hands them to `sink` chunk by chunk, tables in
 * `options.tables` order (default: date, customer, supplier, part, lineorder). Returns the rows
 * generated per table. The same seed and SF give the same data, whatever the chunk size.
 *
 * @example
 * generateSsb({ sf: 0.01 }, (table, columns, rows) => db.appendColumns(table, columns, rows));
 */
export function generateSsb(options: SsbOptions, sink: SsbSink): Partial<Record<SsbTableName, number>> {
  const card = ssbCardinalities(options.sf);
  const seed = options.seed ?? SSB_DEFAULT_SEED;
  const chunkRows = options.chunkRows ?? SSB_DEFAULT_CHUNK_ROWS;
  if (!(chunkRows >= 1)) throw new Error(`chunkRows must be at least 1, got ${chunkRows}`);
  const rows: Partial<Record<SsbTableName, number>> = {};
  for (const table of options.tables ?? SSB_TABLES) {
    switch (table) {
      case 'date':
        rows.date = generateDate(sink, chunkRows);
        break;
      case 'customer':
        rows.customer = generateCustomer(card.customer, seed, sink, chunkRows);
        break;
      case 'supplier':
        rows.supplier = generateSupplier(card.supplier, seed, sink, chunkRows);
        break;
      case 'part':
        rows.part = generatePart(card.part, seed, sink, chunkRows);
        break;
      case 'lineorder':
        rows.lineorder = generateLineorder(card, seed, sink, chunkRows);
        break;
    }
  }
  return rows;
}

/**
 * The exact row count of every table for (sf, seed), without generating the data: `lineorder`
 * replays only the stream that draws each order's line count.
 */
export function ssbTableRows(sf: number, seed: number = SSB_DEFAULT_SEED): Record<SsbTableName, number> {
  const card = ssbCardinalities(sf);
  const linesDraw = new RandomStream(seed, S_O_LINES);
  let lineorder = 0;
  for (let order = 1; order <= card.orders; order++) lineorder += linesDraw.int(1, 7);
  return { date: card.date, customer: card.customer, supplier: card.supplier, part: card.part, lineorder };
}
