/**
 * Administrative division codes (GB/T 2260 for province, city and county; the statistical division
 * codes of the National Bureau of Statistics extend them with 3 digits for the street/township and 3
 * for the community/village). A caseworker sees the cases of their jurisdiction only, so containment
 * is the one question everything else asks.
 *
 * Codes come padded or as prefixes: '220000', '22' and '220000000000' all mean Jilin province. Every
 * function here normalises trailing all-zero groups away first, because a zero group never names a
 * real unit (counties start at 01, streets and communities at 001).
 */

export type RegionLevel = 'province' | 'city' | 'county' | 'street' | 'community';

export type ParsedRegionCode = {
  /** Canonical form: 6 digits for province, city and county ('220000', '220100', '220102'), else 9 or 12. */
  code: string;
  level: RegionLevel;
  province: string;
  city?: string;
  county?: string;
  street?: string;
};

/** GB/T 2260 provincial-level divisions: 31 on the mainland, plus Taiwan, Hong Kong and Macao. */
export const provinceNames: Readonly<Record<string, string>> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

/**
 * Prefecture-level cities the policy documents are about (Jilin, Shandong and Fujian in full, since
 * their profiles apply province-wide and dashboards group by city) plus Hangzhou, whose risk
 * thresholds DOMAIN.md quotes. Keyed by the 4-digit prefix.
 */
const cityNames: Readonly<Record<string, string>> = {
  // Jilin
  '2201': '长春市',
  '2202': '吉林市',
  '2203': '四平市',
  '2204': '辽源市',
  '2205': '通化市',
  '2206': '白山市',
  '2207': '松原市',
  '2208': '白城市',
  '2224': '延边朝鲜族自治州',
  // Zhejiang
  '3301': '杭州市',
  // Fujian
  '3501': '福州市',
  '3502': '厦门市',
  '3503': '莆田市',
  '3504': '三明市',
  '3505': '泉州市',
  '3506': '漳州市',
  '3507': '南平市',
  '3508': '龙岩市',
  '3509': '宁德市',
  // Shandong: 16 cities; 3712 (莱芜) was merged into Jinan in 2019 and is not reused.
  '3701': '济南市',
  '3702': '青岛市',
  '3703': '淄博市',
  '3704': '枣庄市',
  '3705': '东营市',
  '3706': '烟台市',
  '3707': '潍坊市',
  '3708': '济宁市',
  '3709': '泰安市',
  '3710': '威海市',
  '3711': '日照市',
  '3713': '临沂市',
  '3714': '德州市',
  '3715': '聊城市',
  '3716': '滨州市',
  '3717': '菏泽市',
};

export function isKnownProvinceCode(twoDigits: string): boolean {
  return Object.hasOwn(provinceNames, twoDigits);
}

type Normalised = { prefix: string; level: RegionLevel } | { error: string };

const levelByPrefixLength: Readonly<Record<number, RegionLevel>> = {
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'street',
  12: 'community',
};

/** Strips trailing zero groups and checks the structure; the prefix is the shortest exact form. */
function normalise(code: string): Normalised {
  if (!/^\d+$/.test(code)) return { error: 'region code must contain digits only' };
  let prefix = code;
  // Zero groups are stripped only from the end: 12→9→6 by '000', then 6→4→2 by '00'.
  if (prefix.length === 12 && prefix.endsWith('000')) prefix = prefix.slice(0, 9);
  if (prefix.length === 9 && prefix.endsWith('000')) prefix = prefix.slice(0, 6);
  if (prefix.length === 6 && prefix.endsWith('00')) prefix = prefix.slice(0, 4);
  if (prefix.length === 4 && prefix.endsWith('00')) prefix = prefix.slice(0, 2);
  // Stripping only ever yields another valid length, so an unknown length is the input's own.
  const level = levelByPrefixLength[prefix.length];
  if (level === undefined) return { error: `region code must have 2, 4, 6, 9 or 12 digits, got ${code.length}` };

  if (!isKnownProvinceCode(prefix.slice(0, 2))) {
    return { error: `unknown province prefix ${prefix.slice(0, 2)}` };
  }
  // A unit below a zero city group does not exist: counties directly under a province use city
  // group 90 (e.g. 429004 仙桃), never 00.
  if (prefix.length >= 6 && prefix.slice(2, 4) === '00') {
    return { error: 'region code has a zero city group below a non-zero lower group' };
  }
  // The county group may be 00 under a street: cities without counties (441900 东莞, 442000 中山)
  // have streets and towns directly. A zero street group under a community does not exist.
  if (prefix.length === 12 && prefix.slice(6, 9) === '000') {
    return { error: 'region code has a zero street group below a non-zero community group' };
  }
  return { prefix, level };
}

function pad6(prefix: string): string {
  return prefix.padEnd(6, '0');
}

/**
 * The shortest exact form of a code, for prefix matching and `LIKE 'prefix%'` queries:
 * '220000' → '22', '220100' → '2201', '220102000000' → '220102'. Throws on an invalid code.
 */
export function regionPrefix(code: string): string {
  const n = normalise(code);
  if ('error' in n) throw new Error(`invalid region code: ${n.error}`);
  return n.prefix;
}

export function isValidRegionCode(code: string): boolean {
  return !('error' in normalise(code));
}

/** Throws on an invalid code; use isValidRegionCode first for untrusted input. */
export function parseRegionCode(code: string): ParsedRegionCode {
  const n = normalise(code);
  if ('error' in n) throw new Error(`invalid region code: ${n.error}`);
  const { prefix, level } = n;
  const parsed: ParsedRegionCode = {
    code: prefix.length <= 6 ? pad6(prefix) : prefix,
    level,
    province: prefix.slice(0, 2),
  };
  if (prefix.length >= 4) parsed.city = prefix.slice(0, 4);
  if (prefix.length >= 6) parsed.county = prefix.slice(0, 6);
  if (prefix.length >= 9) parsed.street = prefix.slice(0, 9);
  return parsed;
}

/**
 * Whether `region` lies inside `jurisdiction` (or is it). Both may be padded codes or prefixes.
 * Invalid input is never contained: access control must fail closed.
 */
export function jurisdictionContains(jurisdiction: string, region: string): boolean {
  const j = normalise(jurisdiction);
  const r = normalise(region);
  if ('error' in j || 'error' in r) return false;
  return r.prefix.startsWith(j.prefix);
}

export function regionName(code: string): string | undefined {
  const n = normalise(code);
  if ('error' in n) return undefined;
  if (n.level === 'province') return provinceNames[n.prefix];
  if (n.level === 'city') return cityNames[n.prefix];
  return undefined;
}

/**
 * Canonical codes from the province down to `code` itself, e.g. '220102001' →
 * ['220000', '220100', '220102', '220102001']. A level whose group is zero (the county of a street
 * directly under 东莞 441900) is skipped rather than repeated.
 */
export function regionPath(code: string): string[] {
  const p = parseRegionCode(code);
  const path = [pad6(p.province)];
  const push = (c: string | undefined): void => {
    if (c !== undefined && path[path.length - 1] !== c) path.push(c);
  };
  if (p.city !== undefined) push(pad6(p.city));
  if (p.county !== undefined) push(p.county);
  push(p.street);
  if (p.level === 'community') push(p.code);
  return path;
}

/**
 * Provincial-level municipalities (Beijing, Tianjin, Shanghai, Chongqing): their districts answer
 * to the municipal government itself; the city groups under them (01 市辖区, 02 县) only group codes.
 */
const municipalities = new Set(['11', '12', '31', '50']);

/**
 * Whether a prefix names an office a person can sit in. Not a city group that only groups codes: a
 * municipality's, or group 90, the county-level units a province administers directly (429004 仙桃).
 */
function isOffice(prefix: string): boolean {
  return !(prefix.length === 4 && (municipalities.has(prefix.slice(0, 2)) || prefix.slice(2) === '90'));
}

const prefixLengths = [2, 4, 6, 9, 12] as const;

/**
 * The jurisdiction one step up the administrative ladder (community → street → county → city →
 * province), as the shortest exact form tokens use: '220102' → '2201', '2201' → '22'. Skips what is
 * not an office: a street of 东莞 (441900003) answers to the city, 110105 朝阳区 to Beijing, 429004
 * 仙桃 to Hubei. A province has no parent (undefined): the ladder stops there. Throws on an invalid code.
 */
export function parentJurisdiction(code: string): string | undefined {
  let prefix = regionPrefix(code);
  for (;;) {
    const shorter = prefixLengths.filter((n) => n < prefix.length).at(-1);
    if (shorter === undefined) return undefined;
    // Normalised again: the county group of a 东莞 street is zero, so its slice is the city's.
    prefix = regionPrefix(prefix.slice(0, shorter));
    if (isOffice(prefix)) return prefix;
  }
}

/**
 * The offices from `code`'s own up to its province: '220102001' → ['220102001', '220102', '2201',
 * '22']. A code that is not an office itself (a municipality's city group) starts at the office above it.
 */
export function jurisdictionLadder(code: string): string[] {
  const own = regionPrefix(code);
  const ladder = isOffice(own) ? [own] : [];
  for (let next = parentJurisdiction(own); next !== undefined; next = parentJurisdiction(next)) ladder.push(next);
  return ladder;
}

/** The office `levels` steps up the ladder from `code`'s own (0: its own), never past the province. */
export function jurisdictionUp(code: string, levels: number): string {
  const ladder = jurisdictionLadder(code);
  // Never empty: every ladder ends at a province, which is always an office.
  return ladder[Math.min(levels, ladder.length - 1)]!;
}
