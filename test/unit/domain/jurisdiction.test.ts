import { describe, expect, it } from 'vitest';
import {
  isValidRegionCode,
  jurisdictionContains,
  jurisdictionLadder,
  jurisdictionUp,
  parentJurisdiction,
  parseRegionCode,
  provinceNames,
  regionName,
  regionPath,
  regionPrefix,
} from '../../../domain/jurisdiction.js';

describe('jurisdictionContains', () => {
  it.each([
    ['22', '220102', true],
    ['220000', '220102001001', true],
    ['220000000000', '220102', true],
    ['2201', '220102', true],
    ['220100', '220102', true],
    ['220100', '220100', true],
    ['220102', '220102', true],
    ['220102', '220102003', true],
    ['220102003', '220102003001', true],
    ['220102', '220102000000', true],
    ['220102', '220103', false],
    ['2202', '220102', false],
    ['220102', '2201', false],
    ['220102', '22', false],
    ['220102003', '220102004001', false],
    ['37', '220102', false],
    ['35', '350203', true],
    // Invalid input is never contained: access control fails closed.
    ['99', '990102', false],
    ['22', 'abc', false],
    ['', '220102', false],
    ['2', '220102', false],
  ])('%j contains %j: %s', (jurisdiction, region, expected) => {
    expect(jurisdictionContains(jurisdiction, region)).toBe(expected);
  });
});

describe('parseRegionCode', () => {
  it.each([
    ['110000', { code: '110000', level: 'province', province: '11' }],
    ['22', { code: '220000', level: 'province', province: '22' }],
    ['110100', { code: '110100', level: 'city', province: '11', city: '1101' }],
    ['2201', { code: '220100', level: 'city', province: '22', city: '2201' }],
    ['110105', { code: '110105', level: 'county', province: '11', city: '1101', county: '110105' }],
    ['220102000000', { code: '220102', level: 'county', province: '22', city: '2201', county: '220102' }],
    ['110105001', { code: '110105001', level: 'street', province: '11', city: '1101', county: '110105', street: '110105001' }],
    ['110105001001', { code: '110105001001', level: 'community', province: '11', city: '1101', county: '110105', street: '110105001' }],
    ['429004', { code: '429004', level: 'county', province: '42', city: '4290', county: '429004' }],
  ])('%s', (code, expected) => {
    expect(parseRegionCode(code)).toEqual(expected);
  });

  it.each(['', '1', '220', '22010', '2201020', '990000', '22a102', '220012', '220102000001', '220000001'])('rejects %j', (code) => {
    expect(isValidRegionCode(code)).toBe(false);
    expect(() => parseRegionCode(code)).toThrow(/invalid region code/);
  });

  it('accepts streets directly under a city without counties (东莞)', () => {
    expect(isValidRegionCode('441900003')).toBe(true);
    expect(regionPath('441900003')).toEqual(['440000', '441900', '441900003']);
  });

  it('regionPrefix is the shortest exact form', () => {
    expect(regionPrefix('220000')).toBe('22');
    expect(regionPrefix('220100')).toBe('2201');
    expect(regionPrefix('220102000000')).toBe('220102');
    expect(regionPrefix('220102003001')).toBe('220102003001');
  });
});

describe('names and paths', () => {
  it('knows all 34 provincial-level divisions', () => {
    expect(Object.keys(provinceNames)).toHaveLength(34);
  });

  it.each([
    ['220000', '吉林省'],
    ['22', '吉林省'],
    ['110000', '北京市'],
    ['810000', '香港特别行政区'],
    ['370000', '山东省'],
    ['350000', '福建省'],
    ['220100', '长春市'],
    ['2202', '吉林市'],
    ['222400', '延边朝鲜族自治州'],
    ['370100', '济南市'],
    ['370200', '青岛市'],
    ['371300', '临沂市'],
    ['371700', '菏泽市'],
    ['350100', '福州市'],
    ['350200', '厦门市'],
    ['350900', '宁德市'],
    ['330100', '杭州市'],
  ])('regionName(%s) = %s', (code, name) => {
    expect(regionName(code)).toBe(name);
  });

  it.each(['220102', '371200', '999999', 'abc'])('regionName(%s) is undefined', (code) => {
    expect(regionName(code)).toBeUndefined();
  });

  it('names 16 Shandong and 9 Fujian cities', () => {
    const named = (province: string, max: number) =>
      Array.from({ length: max }, (_, i) => `${province}${String(i + 1).padStart(2, '0')}`).filter((c) => regionName(c) !== undefined);
    expect(named('37', 17)).toHaveLength(16);
    expect(named('35', 9)).toHaveLength(9);
  });

  it.each([
    ['220102001001', ['220000', '220100', '220102', '220102001', '220102001001']],
    ['220102', ['220000', '220100', '220102']],
    ['2201', ['220000', '220100']],
    ['22', ['220000']],
  ])('regionPath(%s)', (code, path) => {
    expect(regionPath(code)).toEqual(path);
  });
});

describe('the administrative ladder', () => {
  it.each([
    // community → street → county → city → province, in the shortest exact form tokens use
    ['220102001001', '220102001'],
    ['220102001', '220102'],
    ['220102', '2201'],
    ['220102000000', '2201'],
    ['2201', '22'],
    ['220100', '22'],
    // A street of a city without counties (东莞) answers to the city.
    ['441900003', '4419'],
    // The districts of a municipality answer to the municipality; its city groups are no office.
    ['110105', '11'],
    ['500101', '50'],
    ['110105001', '110105'],
    ['1101', '11'],
    // County-level units a province administers directly (group 90: 仙桃, 济源) answer to the province.
    ['429004', '42'],
    ['419001', '41'],
  ])('parentJurisdiction(%s) = %s', (code, parent) => {
    expect(parentJurisdiction(code)).toBe(parent);
  });

  it.each(['22', '220000', '110000', '220000000000'])('stops at the province: %s has no parent', (code) => {
    expect(parentJurisdiction(code)).toBeUndefined();
  });

  it('throws on an invalid code, as regionPrefix does', () => {
    expect(() => parentJurisdiction('990102')).toThrow(/invalid region code/);
  });

  it.each([
    ['220102001001', ['220102001001', '220102001', '220102', '2201', '22']],
    ['220102', ['220102', '2201', '22']],
    ['2201', ['2201', '22']],
    ['22', ['22']],
    ['441900003', ['441900003', '4419', '44']],
    ['110105', ['110105', '11']],
    // Not an office itself: starts at the office above it.
    ['1101', ['11']],
  ])('jurisdictionLadder(%s)', (code, ladder) => {
    expect(jurisdictionLadder(code)).toEqual(ladder);
  });

  it('climbs the given levels and never past the province', () => {
    expect(jurisdictionUp('220102', 0)).toBe('220102');
    expect(jurisdictionUp('220102', 1)).toBe('2201');
    expect(jurisdictionUp('220102', 2)).toBe('22');
    expect(jurisdictionUp('220102', 4)).toBe('22');
    expect(jurisdictionUp('220102000000', 0)).toBe('220102');
    expect(jurisdictionUp('2201', 1)).toBe('22');
    expect(jurisdictionUp('22', 1)).toBe('22');
  });

  it('climbs only to offices that contain the region', () => {
    for (const code of ['220102001001', '441900003', '429004', '110105001', '350203']) {
      for (const office of jurisdictionLadder(code)) expect(jurisdictionContains(office, code)).toBe(true);
    }
  });
});
