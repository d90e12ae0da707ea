import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  hashIdNumber,
  maskIdNumber,
  maskName,
  maskPhone,
  residentIdCheckChar,
  validateCreditCode,
  validateResidentId,
} from '../../../domain/identity.js';
import { provinceNames } from '../../../domain/jurisdiction.js';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
const DIGITS = '0123456789';
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const digits = (length: number) => fc.string({ unit: fc.constantFrom(...DIGITS), minLength: length, maxLength: length });

/** Valid resident IDs: a real province, any city/county digits, a real birth date, any sequence. */
const residentId = fc
  .tuple(
    fc.constantFrom(...Object.keys(provinceNames)),
    digits(4),
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
    digits(3),
  )
  .map(([province, county, birth, sequence]) => withCheck(`${province}${county}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${sequence}`));

const creditCode = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...CREDIT_ALPHABET), minLength: 2, maxLength: 2 }),
    digits(6),
    fc.string({ unit: fc.constantFrom(...CREDIT_ALPHABET), minLength: 9, maxLength: 9 }),
  )
  .map(([head, region, org]) => {
    const first17 = `${head}${region}${org}`;
    return first17 + creditCodeCheckChar(first17);
  });

describe('resident ID (GB 11643-1999)', () => {
  it('accepts the standard sample, which ends in X', () => {
    expect(validateResidentId('11010519491231002X')).toEqual({ ok: true, birthDate: '1949-12-31', regionCode: '110105', sex: 'female' });
    expect(validateResidentId('11010519491231002x').ok).toBe(true);
  });

  it('computes check characters', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    const id = withCheck('22010219900307123');
    expect(validateResidentId(id)).toEqual({ ok: true, birthDate: '1990-03-07', regionCode: '220102', sex: 'male' });
    expect(() => residentIdCheckChar('1101051949123100')).toThrow();
  });

  it.each([
    ['11010519491231002', 'must be 18 characters, got 17'],
    ['11010519491231002X1', 'must be 18 characters, got 19'],
    ['1101051949123100AX', 'the first 17 characters must be digits'],
    ['11010519491231002A', 'the check character must be a digit or X'],
    ['110105194912310020', 'checksum mismatch'],
    [withCheck('99010519491231002'), 'unknown province code in the region prefix'],
    [withCheck('11010518991231002'), 'birth year is before 1900'],
    [withCheck('11010520260230002'), 'birth date is not a real calendar date'],
    [withCheck('11010519000229002'), 'birth date is not a real calendar date'],
    [withCheck('11010519491301002'), 'birth date is not a real calendar date'],
  ])('rejects %s: %s', (id, reason) => {
    expect(validateResidentId(id)).toEqual({ ok: false, reason });
  });

  it('accepts a leap day and Hong Kong, Macao and Taiwan residence permits', () => {
    expect(validateResidentId(withCheck('11010520000229002')).ok).toBe(true);
    for (const prefix of ['810000', '820000', '830000']) expect(validateResidentId(withCheck(`${prefix}19900307123`)).ok).toBe(true);
  });

  it('accepts every generated valid ID and reads its fields back', () => {
    fc.assert(
      fc.property(residentId, (id) => {
        const check = validateResidentId(id);
        expect(check).toMatchObject({ ok: true, regionCode: id.slice(0, 6), birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` });
      }),
    );
  });

  it('rejects every single-character substitution', () => {
    // Weights 2^(17-i) mod 11 are all non-zero mod the prime 11, so any one changed digit changes the
    // sum mod 11; a changed check character cannot match either.
    fc.assert(
      fc.property(residentId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, shift) => {
        const alphabet = pos === 17 ? `${DIGITS}X` : DIGITS;
        const replacement = alphabet.charAt((alphabet.indexOf(id.charAt(pos)) + shift) % alphabet.length);
        fc.pre(replacement !== id.charAt(pos));
        expect(validateResidentId(id.slice(0, pos) + replacement + id.slice(pos + 1)).ok).toBe(false);
      }),
    );
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts a published code', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({ ok: true, checksumValid: true, regionCode: '350100' });
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('warns instead of rejecting on a checksum failure', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({
      ok: true,
      checksumValid: false,
      warning: 'checksum mismatch: expected 3, got 4',
      regionCode: '350100',
    });
  });

  it.each([
    ['91350100M000100Y4', 'must be 18 characters, got 17'],
    ['91350100M000100I43', 'must use only digits and capitals A-H J-N P-R T U W-Y (no I, O, S, V, Z)'],
    ['91350100m000100y43', 'must use only digits and capitals A-H J-N P-R T U W-Y (no I, O, S, V, Z)'],
    ['9135A100M000100Y43', 'positions 3-8 (region code) must be digits'],
  ])('rejects %s: %s', (code, reason) => {
    expect(validateCreditCode(code)).toEqual({ ok: false, reason });
  });

  it('creditCodeCheckChar refuses characters outside the alphabet', () => {
    expect(() => creditCodeCheckChar('91350100M000100O4')).toThrow();
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow();
  });

  it('accepts every generated valid code with a valid checksum', () => {
    fc.assert(
      fc.property(creditCode, (code) => {
        expect(validateCreditCode(code)).toEqual({ ok: true, checksumValid: true, regionCode: code.slice(2, 8) });
      }),
    );
  });

  it('flags every single-character substitution', () => {
    // Weights 3^i mod 31 are non-zero mod the prime 31, so one changed character always changes the
    // checksum; a letter in the region is rejected outright.
    fc.assert(
      fc.property(creditCode, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, pos, shift) => {
        const replacement = CREDIT_ALPHABET.charAt((CREDIT_ALPHABET.indexOf(code.charAt(pos)) + shift) % 31);
        const check = validateCreditCode(code.slice(0, pos) + replacement + code.slice(pos + 1));
        expect(!check.ok || !check.checksumValid).toBe(true);
      }),
    );
  });
});

describe('masking', () => {
  it.each([
    ['11010519491231002X', '110105**********2X'],
    ['11010519491231002x', '110105**********2X'],
    [' 220102199003071234 ', '220102**********34'],
    ['12345', '*****'],
    ['1101051949123100', '****************'],
    ['1'.repeat(40), '*'.repeat(18)],
    ['', ''],
  ])('maskIdNumber(%j) = %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });

  it('never shows the birth date or sequence of a valid ID', () => {
    fc.assert(
      fc.property(residentId, (id) => {
        const masked = maskIdNumber(id);
        expect(masked.slice(6, 16)).toBe('*'.repeat(10));
        expect(masked).not.toContain(id.slice(6, 14));
        expect(masked).toHaveLength(18);
      }),
    );
  });

  it('never echoes a run of 7 or more digits of any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), digits(15), digits(17), digits(19), residentId), (input) => {
        expect(maskIdNumber(input)).not.toMatch(/\d{7}/);
        expect(maskPhone(input)).not.toMatch(/\d{5}/);
        expect(maskName(input)).not.toMatch(/\d{2}/);
      }),
    );
  });

  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['86-138-1234-5678', '138****5678'],
    ['0431-88881234', '0431-****1234'],
    ['010-12345678', '010-****5678'],
    ['12345', '*****'],
    ['call me', '*******'],
    ['', ''],
  ])('maskPhone(%j) = %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('hides the middle four digits of every mobile number', () => {
    fc.assert(
      fc.property(digits(10), (rest) => {
        expect(maskPhone(`1${rest}`).slice(3, 7)).toBe('****');
      }),
    );
  });

  it.each([
    ['张三丰', '张**'],
    ['张三', '张*'],
    ['王', '*'],
    ['欧阳娜娜', '欧***'],
    ['阿依古丽·买买提', '阿*******'],
    ['', ''],
  ])('maskName(%j) = %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('hashIdNumber', () => {
  const id = '11010519491231002X';

  it('is HMAC-SHA256 over the normalised ID, hex, truncated to 24', () => {
    const expected = createHmac('sha256', 'k1').update(id).digest('hex').slice(0, 24);
    expect(hashIdNumber(id, 'k1')).toBe(expected);
    expect(hashIdNumber(id, 'k1')).toMatch(/^[0-9a-f]{24}$/);
  });

  it('is stable, keyed and normalises x', () => {
    expect(hashIdNumber(id, 'k1')).toBe(hashIdNumber(id, 'k1'));
    expect(hashIdNumber(id, 'k1')).not.toBe(hashIdNumber(id, 'k2'));
    expect(hashIdNumber('11010519491231002x', 'k1')).toBe(hashIdNumber(id, 'k1'));
    expect(hashIdNumber(` ${id} `, 'k1')).toBe(hashIdNumber(id, 'k1'));
    expect(hashIdNumber(withCheck('22010219900307123'), 'k1')).not.toBe(hashIdNumber(id, 'k1'));
  });

  it('refuses an empty key', () => {
    expect(() => hashIdNumber(id, '')).toThrow();
  });
});
