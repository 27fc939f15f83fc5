/**
 * The built-in demo database: a small star schema in the shape of the Star Schema Benchmark
 * (SSB; O'Neil et al.), generated deterministically from a seeded PRNG and loaded with
 * multi-row `INSERT ... VALUES` statements.
 */
import type { Database } from '../../sql/database.js';

/** Anything that runs SQL statements; a {@link Database} is one. */
export type DemoTarget = Pick<Database, 'exec'>;

/** Rows per table. `lineorder` is the fact table, about 1/100 of SSB scale factor 1. */
export const DEMO_TABLE_ROWS = {
  date: 2557, // every day of 1992-1998
  customer: 1500,
  supplier: 100,
  part: 2000,
  lineorder: 60_000,
} as const;

/** Rows per `INSERT` statement. */
const INSERT_CHUNK_ROWS = 1000;

/** SSB-style queries to try on the demo database (Q1.1, Q2.1 and Q4.1 of the benchmark). */
export const DEMO_EXAMPLE_QUERIES: readonly { readonly title: string; readonly sql: string }[] = [
  {
    title: 'Q1.1: revenue gained by discounts in 1993',
    sql: `SELECT sum(lo_extendedprice * lo_discount) AS revenue
FROM lineorder JOIN date ON lo_orderdate = d_datekey
WHERE d_year = 1993 AND lo_discount BETWEEN 1 AND 3 AND lo_quantity < 25;`,
  },
  {
    title: 'Q2.1: revenue per year and brand, category MFGR#12, American suppliers',
    sql: `SELECT d_year, p_brand1, sum(lo_revenue) AS revenue
FROM lineorder
  JOIN date ON lo_orderdate = d_datekey
  JOIN part ON lo_partkey = p_partkey
  JOIN supplier ON lo_suppkey = s_suppkey
WHERE p_category = 'MFGR#12' AND s_region = 'AMERICA'
GROUP BY d_year, p_brand1
ORDER BY d_year, p_brand1;`,
  },
  {
    title: 'Q4.1: profit per year and customer nation, within the Americas',
    sql: `SELECT d_year, c_nation, sum(lo_revenue - lo_supplycost) AS profit
FROM date, customer, supplier, part, lineorder
WHERE lo_custkey = c_custkey AND lo_suppkey = s_suppkey
  AND lo_partkey = p_partkey AND lo_orderdate = d_datekey
  AND c_region = 'AMERICA' AND s_region = 'AMERICA'
  AND (p_mfgr = 'MFGR#1' OR p_mfgr = 'MFGR#2')
GROUP BY d_year, c_nation
ORDER BY d_year, c_nation;`,
  },
];

/** The SSB schema; prices are integers (cents), as in the reference `dbgen` data. */
const DDL: readonly string[] = [
  // `date` is a keyword in SQL; the quoted name is the same table as the bare `date` of the SSB queries.
  `CREATE TABLE "date" (
  d_datekey INTEGER, d_date VARCHAR, d_dayofweek VARCHAR, d_month VARCHAR, d_year INTEGER,
  d_yearmonthnum INTEGER, d_yearmonth VARCHAR, d_daynuminweek INTEGER, d_daynuminmonth INTEGER,
  d_daynuminyear INTEGER, d_monthnuminyear INTEGER, d_weeknuminyear INTEGER, d_sellingseason VARCHAR,
  d_lastdayinweekfl BOOLEAN, d_lastdayinmonthfl BOOLEAN, d_holidayfl BOOLEAN, d_weekdayfl BOOLEAN)`,
  `CREATE TABLE customer (
  c_custkey INTEGER, c_name VARCHAR, c_address VARCHAR, c_city VARCHAR, c_nation VARCHAR,
  c_region VARCHAR, c_phone VARCHAR, c_mktsegment VARCHAR)`,
  `CREATE TABLE supplier (
  s_suppkey INTEGER, s_name VARCHAR, s_address VARCHAR, s_city VARCHAR, s_nation VARCHAR,
  s_region VARCHAR, s_phone VARCHAR)`,
  `CREATE TABLE part (
  p_partkey INTEGER, p_name VARCHAR, p_mfgr VARCHAR, p_category VARCHAR, p_brand1 VARCHAR,
  p_color VARCHAR, p_type VARCHAR, p_size INTEGER, p_container VARCHAR)`,
  `CREATE TABLE lineorder (
  lo_orderkey INTEGER, lo_linenumber INTEGER, lo_custkey INTEGER, lo_partkey INTEGER,
  lo_suppkey INTEGER, lo_orderdate INTEGER, lo_orderpriority VARCHAR, lo_shippriority INTEGER,
  lo_quantity INTEGER, lo_extendedprice INTEGER, lo_ordtotalprice INTEGER, lo_discount INTEGER,
  lo_revenue INTEGER, lo_supplycost INTEGER, lo_tax INTEGER, lo_commitdate INTEGER,
  lo_shipmode VARCHAR)`,
];

// --- Value domains (from the TPC-H / SSB specifications) ---

/** The 25 nations with their regions, in TPC-H nation-key order. */
const NATIONS: readonly (readonly [string, string])[] = [
  ['ALGERIA', 'AFRICA'],
  ['ARGENTINA', 'AMERICA'],
  ['BRAZIL', 'AMERICA'],
  ['CANADA', 'AMERICA'],
  ['EGYPT', 'MIDDLE EAST'],
  ['ETHIOPIA', 'AFRICA'],
  ['FRANCE', 'EUROPE'],
  ['GERMANY', 'EUROPE'],
  ['INDIA', 'ASIA'],
  ['INDONESIA', 'ASIA'],
  ['IRAN', 'MIDDLE EAST'],
  ['IRAQ', 'MIDDLE EAST'],
  ['JAPAN', 'ASIA'],
  ['JORDAN', 'MIDDLE EAST'],
  ['KENYA', 'AFRICA'],
  ['MOROCCO', 'AFRICA'],
  ['MOZAMBIQUE', 'AFRICA'],
  ['PERU', 'AMERICA'],
  ['CHINA', 'ASIA'],
  ['ROMANIA', 'EUROPE'],
  ['SAUDI ARABIA', 'MIDDLE EAST'],
  ['VIETNAM', 'ASIA'],
  ['RUSSIA', 'EUROPE'],
  ['UNITED KINGDOM', 'EUROPE'],
  ['UNITED STATES', 'AMERICA'],
];

const SEGMENTS = ['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY'];
const PRIORITIES = ['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECI', '5-LOW'];
const SHIP_MODES = ['AIR', 'FOB', 'MAIL', 'RAIL', 'REG AIR', 'SHIP', 'TRUCK'];
const TYPE_WORDS = [
  ['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'],
  ['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED', 'BRUSHED'],
  ['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'],
];
const CONTAINER_WORDS = [
  ['SM', 'LG', 'MED', 'JUMBO', 'WRAP'],
  ['CASE', 'BOX', 'BAG', 'JAR', 'PKG', 'PACK', 'CAN', 'DRUM'],
];
const COLORS = (
  'almond antique aquamarine azure beige bisque black blanched blue blush brown burlywood burnished ' +
  'chartreuse chiffon chocolate coral cornflower cornsilk cream cyan dark deep dim dodger drab firebrick ' +
  'floral forest frosted gainsboro ghost goldenrod green grey honeydew hot indian ivory khaki lace lavender ' +
  'lawn lemon light lime linen magenta maroon medium metallic midnight mint misty moccasin navajo navy ' +
  'olive orange orchid pale papaya peach peru pink plum powder puff purple red rose rosy royal saddle ' +
  'salmon sandy seashell sienna sky slate smoke snow spring steel tan thistle tomato turquoise violet ' +
  'wheat white yellow'
).split(' ');
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Month index (0-11) to SSB selling season. */
const SEASONS = [
  'Winter', 'Winter', 'Spring', 'Spring', 'Spring', 'Summer',
  'Summer', 'Summer', 'Fall', 'Fall', 'Fall', 'Christmas',
];
const HOLIDAYS = new Set(['01-01', '05-01', '07-04', '11-11', '12-24', '12-25', '12-31']);
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// --- Generation ---

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed gives the same data everywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform draws from one seeded stream; each table has its own, so tables are independent. */
class Draw {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  text(minLen: number, maxLen: number): string {
    let s = '';
    for (let i = this.int(minLen, maxLen); i > 0; i--) s += ALNUM[Math.floor(this.next() * ALNUM.length)];
    return s;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

type SqlValue = number | string | boolean;

function sqlLiteral(v: SqlValue): string {
  if (typeof v === 'string') return "'" + v.replace(/'/g, "''") + "'";
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** `INSERT INTO table VALUES (...), (...)` statements of at most {@link INSERT_CHUNK_ROWS} rows each. */
function* insertStatements(table: string, rows: Iterable<readonly SqlValue[]>): Generator<string> {
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push('(' + row.map(sqlLiteral).join(',') + ')');
    if (chunk.length === INSERT_CHUNK_ROWS) {
      yield `INSERT INTO ${table} VALUES ${chunk.join(',')}`;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield `INSERT INTO ${table} VALUES ${chunk.join(',')}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const FIRST_DAY_UTC = Date.UTC(1992, 0, 1);
const MS_PER_DAY = 86_400_000;

/** The SSB date key (yyyymmdd) of the day `dayIndex` days after 1992-01-01. */
function dateKey(dayIndex: number): number {
  const d = new Date(FIRST_DAY_UTC + dayIndex * MS_PER_DAY);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

function* dateRows(): Generator<SqlValue[]> {
  for (let i = 0; i < DEMO_TABLE_ROWS.date; i++) {
    const d = new Date(FIRST_DAY_UTC + i * MS_PER_DAY);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth();
    const day = d.getUTCDate();
    const weekday = d.getUTCDay(); // 0 = Sunday
    const dayOfYear = Math.round((d.getTime() - Date.UTC(year, 0, 1)) / MS_PER_DAY) + 1;
    const lastOfMonth = new Date(FIRST_DAY_UTC + (i + 1) * MS_PER_DAY).getUTCDate() === 1;
    yield [
      year * 10000 + (month + 1) * 100 + day,
      `${MONTHS[month]} ${day}, ${year}`,
      WEEKDAYS[weekday],
      MONTHS[month],
      year,
      year * 100 + month + 1,
      MONTHS[month].slice(0, 3) + year,
      weekday + 1,
      day,
      dayOfYear,
      month + 1,
      Math.floor((dayOfYear - 1) / 7) + 1,
      SEASONS[month],
      weekday === 6,
      lastOfMonth,
      HOLIDAYS.has(`${pad2(month + 1)}-${pad2(day)}`),
      weekday >= 1 && weekday <= 5,
    ];
  }
}

/** SSB city: the nation name cut or padded to 9 characters, then a digit (`UNITED KI1`, `CHINA    3`). */
function city(nation: string, draw: Draw): string {
  return nation.slice(0, 9).padEnd(9) + String(draw.int(0, 9));
}

function phone(nationIndex: number, draw: Draw): string {
  return `${nationIndex + 10}-${draw.digits(3)}-${draw.digits(3)}-${draw.digits(4)}`;
}

function* customerRows(): Generator<SqlValue[]> {
  const draw = new Draw(0xc0ffee);
  for (let key = 1; key <= DEMO_TABLE_ROWS.customer; key++) {
    const n = draw.int(0, NATIONS.length - 1);
    const [nation, region] = NATIONS[n];
    yield [
      key,
      'Customer#' + String(key).padStart(9, '0'),
      draw.text(10, 25),
      city(nation, draw),
      nation,
      region,
      phone(n, draw),
      draw.pick(SEGMENTS),
    ];
  }
}

function* supplierRows(): Generator<SqlValue[]> {
  const draw = new Draw(0x5eed);
  for (let key = 1; key <= DEMO_TABLE_ROWS.supplier; key++) {
    const n = draw.int(0, NATIONS.length - 1);
    const [nation, region] = NATIONS[n];
    yield [key, 'Supplier#' + String(key).padStart(9, '0'), draw.text(10, 25), city(nation, draw), nation, region, phone(n, draw)];
  }
}

function* partRows(): Generator<SqlValue[]> {
  const draw = new Draw(0xba5e);
  for (let key = 1; key <= DEMO_TABLE_ROWS.part; key++) {
    const mfgr = draw.int(1, 5);
    const category = `MFGR#${mfgr}${draw.int(1, 5)}`;
    const color1 = draw.pick(COLORS);
    let color2 = draw.pick(COLORS);
    while (color2 === color1) color2 = draw.pick(COLORS);
    yield [
      key,
      `${color1} ${color2}`,
      `MFGR#${mfgr}`,
      category,
      category + pad2(draw.int(1, 40)),
      draw.pick(COLORS),
      TYPE_WORDS.map((words) => draw.pick(words)).join(' '),
      draw.int(1, 50),
      CONTAINER_WORDS.map((words) => draw.pick(words)).join(' '),
    ];
  }
}

/** A part's retail price in cents (the TPC-H `dbgen` formula: 900.00 to about 2,099.00). */
function retailPrice(partKey: number): number {
  return 90000 + (Math.floor(partKey / 10) % 20001) + 100 * (partKey % 1000);
}

function* lineorderRows(): Generator<SqlValue[]> {
  const draw = new Draw(0x1e0);
  // As in dbgen: orders are placed until 151 days before the end of 1998, and one customer
  // in three (keys divisible by 3) never orders.
  const lastOrderDay = DEMO_TABLE_ROWS.date - 152;
  let rows = 0;
  for (let orderKey = 1; rows < DEMO_TABLE_ROWS.lineorder; orderKey++) {
    const lineCount = Math.min(draw.int(1, 7), DEMO_TABLE_ROWS.lineorder - rows);
    let custKey = draw.int(1, DEMO_TABLE_ROWS.customer);
    while (custKey % 3 === 0) custKey = draw.int(1, DEMO_TABLE_ROWS.customer);
    const orderDay = draw.int(0, lastOrderDay);
    const priority = draw.pick(PRIORITIES);
    const lines: SqlValue[][] = [];
    let totalPrice = 0;
    for (let lineNumber = 1; lineNumber <= lineCount; lineNumber++) {
      const partKey = draw.int(1, DEMO_TABLE_ROWS.part);
      const price = retailPrice(partKey);
      const quantity = draw.int(1, 50);
      const discount = draw.int(0, 10);
      const tax = draw.int(0, 8);
      const extendedPrice = quantity * price;
      const revenue = Math.floor((extendedPrice * (100 - discount)) / 100);
      totalPrice += Math.floor((revenue * (100 + tax)) / 100);
      lines.push([
        orderKey,
        lineNumber,
        custKey,
        partKey,
        draw.int(1, DEMO_TABLE_ROWS.supplier),
        dateKey(orderDay),
        priority,
        0,
        quantity,
        extendedPrice,
        0, // lo_ordtotalprice, filled in below once the order is complete
        discount,
        revenue,
        Math.floor((6 * price) / 10),
        tax,
        dateKey(orderDay + draw.int(30, 90)),
        draw.pick(SHIP_MODES),
      ]);
    }
    for (const line of lines) {
      line[10] = totalPrice;
      yield line;
    }
    rows += lineCount;
  }
}

/** Every statement that builds the demo database, in order: the DDL, then the inserts. */
export function* demoStatements(): Generator<string> {
  yield* DDL;
  yield* insertStatements('"date"', dateRows());
  yield* insertStatements('customer', customerRows());
  yield* insertStatements('supplier', supplierRows());
  yield* insertStatements('part', partRows());
  yield* insertStatements('lineorder', lineorderRows());
}

/** Creates and fills the demo tables `date`, `customer`, `supplier`, `part` and `lineorder` in `db`. */
export async function createDemoDatabase(db: DemoTarget): Promise<void> {
  for (const sql of demoStatements()) await db.exec(sql);
}
