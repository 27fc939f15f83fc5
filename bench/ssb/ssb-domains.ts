/**
 * Value domains of the Star Schema Benchmark data, as the reference dbgen draws them (its
 * `dists.dss` lists and the SSB additions in `build.c`): nations and regions, market segments,
 * order priorities, ship modes, part types, containers, colors, and the calendar names.
 */

/** The 25 nations with their regions, in dbgen's nation order (the phone prefix is index + 10). */
export const NATIONS: readonly (readonly [nation: string, region: string])[] = [
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

/** The five regions. */
export const REGIONS: readonly string[] = ['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST'];

/** Customer market segments (`c_mktsegment`). */
export const SEGMENTS: readonly string[] = ['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY'];

/** Order priorities (`lo_orderpriority`). */
export const PRIORITIES: readonly string[] = ['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECI', '5-LOW'];

/** Ship modes (`lo_shipmode`). */
export const SHIP_MODES: readonly string[] = ['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'];

/** The three syllables of a part type (`p_type`, 150 combinations). */
export const TYPE_SYLLABLES: readonly (readonly string[])[] = [
  ['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'],
  ['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED', 'BRUSHED'],
  ['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'],
];

/** The two syllables of a container (`p_container`, 40 combinations). */
export const CONTAINER_SYLLABLES: readonly (readonly string[])[] = [
  ['SM', 'LG', 'MED', 'JUMBO', 'WRAP'],
  ['CASE', 'BOX', 'BAG', 'JAR', 'PKG', 'PACK', 'CAN', 'DRUM'],
];

/** The 92 colors of part names and `p_color`. */
export const COLORS: readonly string[] = (
  'almond antique aquamarine azure beige bisque black blanched blue blush brown burlywood burnished ' +
  'chartreuse chiffon chocolate coral cornflower cornsilk cream cyan dark deep dim dodger drab firebrick ' +
  'floral forest frosted gainsboro ghost goldenrod green grey honeydew hot indian ivory khaki lace lavender ' +
  'lawn lemon light lime linen magenta maroon medium metallic midnight mint misty moccasin navajo navy ' +
  'olive orange orchid pale papaya peach peru pink plum powder puff purple red rose rosy royal saddle ' +
  'salmon sandy seashell sienna sky slate smoke snow spring steel tan thistle tomato turquoise violet ' +
  'wheat white yellow'
).split(' ');

/** Month names (`d_month`; the first three letters make `d_yearmonth`). */
export const MONTHS: readonly string[] = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** Day names, Sunday first (`d_dayofweek`; `d_daynuminweek` is the index + 1). */
export const WEEKDAYS: readonly string[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Selling season by month index 0-11, as dbgen assigns them (`d_sellingseason`). */
export const SEASONS: readonly string[] = [
  'Winter', 'Winter', 'Winter', 'Spring', 'Summer', 'Summer',
  'Summer', 'Summer', 'Fall', 'Fall', 'Christmas', 'Christmas',
];

/** Holidays as month * 100 + day (`d_holidayfl`), dbgen's list. */
export const HOLIDAYS: ReadonlySet<number> = new Set([1224, 101, 220, 420, 520, 720, 820, 920, 1020, 1120]);

/** Characters of generated addresses (dbgen's `a_rnd` alphabet, without the separator). */
export const ADDRESS_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,';
