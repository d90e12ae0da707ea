/**
 * Identity numbers: the resident ID (GB 11643-1999) that identifies a person and the unified social
 * credit code (GB 32100-2015) that identifies an enterprise, plus masking and keyed hashing, because
 * both kinds of number are personal or business data that must not leak into logs or workflow IDs
 * (PIPL). Pure: workflows import this.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { isKnownProvinceCode } from './jurisdiction.js';

export type ResidentIdCheck = { ok: true; birthDate: string; regionCode: string; sex: 'male' | 'female' } | { ok: false; reason: string };

export type CreditCodeCheck = { ok: true; checksumValid: boolean; warning?: string; regionCode: string } | { ok: false; reason: string };

// GB 11643-1999 §7: weights are 2^(17-i) mod 11; the check value maps through this table.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/**
 * Residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证, 2018) carry resident
 * ID numbers with region 810000, 820000 and 830000; 83 is not a GB/T 2260 province but is a valid
 * first pair for these numbers.
 */
const ID_EXTRA_REGION_PREFIXES = new Set(['83']);

/** The check character for the first 17 digits; throws if they are not 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS.charAt(sum % 11);
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Validates shape, region, birth date and checksum. Reasons name what is wrong without echoing any
 * part of the number (not the province, the birth year or the check character: with a masked form
 * or a keyed hash beside them, each narrows the person down): they end up in error bodies and
 * dead-letter headers.
 */
export function validateResidentId(id: string): ResidentIdCheck {
  if (id.length !== 18) return { ok: false, reason: `must be 18 characters, got ${id.length}` };
  const first17 = id.slice(0, 17);
  if (!/^\d{17}$/.test(first17)) return { ok: false, reason: 'the first 17 characters must be digits' };
  const given = id.charAt(17).toUpperCase();
  if (!/^[\dX]$/.test(given)) return { ok: false, reason: 'the check character must be a digit or X' };

  const province = id.slice(0, 2);
  if (!isKnownProvinceCode(province) && !ID_EXTRA_REGION_PREFIXES.has(province)) {
    return { ok: false, reason: 'unknown province code in the region prefix' };
  }

  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900) return { ok: false, reason: 'birth year is before 1900' };
  if (!isRealDate(y, m, d)) return { ok: false, reason: 'birth date is not a real calendar date' };

  const expected = residentIdCheckChar(first17);
  if (given !== expected) return { ok: false, reason: 'checksum mismatch' };
  // GB 11643-1999 §6.3: the sequence code (positions 15-17) is odd for men, even for women.
  const sex = Number(id.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return { ok: true, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, regionCode: id.slice(0, 6), sex };
}

// GB 32100-2015: 31 characters, the digits and the capitals without I, O, S, V and Z (easily
// confused with 1, 0, 5, U and 2). A character's value is its index here.
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CREDIT_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** The check character for the first 17 characters; throws if any is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('creditCodeCheckChar needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(first17.charAt(i));
    if (v < 0) throw new Error(`creditCodeCheckChar: character at position ${i + 1} is outside the GB 32100 alphabet`);
    sum += v * (CREDIT_WEIGHTS[i] ?? 0);
  }
  return CREDIT_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Structure: 1 registration authority, 2 organisation type, 3-8 region code, 9-17 organisation
 * code, 18 check. A checksum failure is only a warning: some codes issued in practice fail it, and
 * rejecting a real enterprise's filing is worse than accepting a typo the registry lookup catches.
 */
export function validateCreditCode(code: string): CreditCodeCheck {
  if (code.length !== 18) return { ok: false, reason: `must be 18 characters, got ${code.length}` };
  if (!CREDIT_SHAPE.test(code)) {
    return { ok: false, reason: 'must use only digits and capitals A-H J-N P-R T U W-Y (no I, O, S, V, Z)' };
  }
  const regionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) return { ok: false, reason: 'positions 3-8 (region code) must be digits' };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  const given = code.charAt(17);
  if (given !== expected) {
    return { ok: true, checksumValid: false, warning: `checksum mismatch: expected ${expected}, got ${given}`, regionCode };
  }
  return { ok: true, checksumValid: true, regionCode };
}

// Masks never echo an unrecognised value: anything of unknown shape is starred out entirely, capped
// so a pasted blob does not bloat a log line.
function starAll(value: string): string {
  return '*'.repeat(Math.min(Array.from(value).length, 18));
}

/**
 * Keeps the region (6) and the last 2 characters, hiding the birth date and sequence:
 * '220102199003071234' → '220102**********34'.
 */
export function maskIdNumber(id: string): string {
  const v = id.trim();
  if (!/^\d{17}[\dXx]$/.test(v)) return starAll(v);
  return `${v.slice(0, 6)}${'*'.repeat(10)}${v.slice(16).toUpperCase()}`;
}

/**
 * Mobile numbers keep the carrier prefix (3) and last 4: '13812345678' → '138****5678'. Landlines
 * keep the area code and last 4: '0431-88881234' → '0431-****1234'. Spaces, dashes and a +86
 * prefix are tolerated on mobiles.
 */
export function maskPhone(phone: string): string {
  const v = phone.trim();
  const mobile = /^(?:\+?86[\s-]?)?(1\d{2})[\s-]?(\d{4})[\s-]?(\d{4})$/.exec(v);
  if (mobile) return `${mobile[1] ?? ''}****${mobile[3] ?? ''}`;
  const landline = /^(0\d{2,3})-?(\d{3,4})(\d{4})$/.exec(v);
  if (landline) return `${landline[1] ?? ''}-${'*'.repeat((landline[2] ?? '').length)}${landline[3] ?? ''}`;
  return starAll(v);
}

/** Keeps the first character (the surname, usually): '张三丰' → '张**'; a one-character name is fully masked. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return `${chars[0] ?? ''}${'*'.repeat(Math.min(chars.length - 1, 17))}`;
}

/**
 * Stable pseudonym for an ID number, used in workflow IDs such as `grad1311:<idHash>:<year>` so the
 * same person always maps to the same workflow without the number appearing in Temporal's
 * visibility store. Keyed (HMAC-SHA256) because an unkeyed hash is no protection: an ID is 17
 * structured digits plus a computed check character, about 3,000 counties × 45,000 birth dates ×
 * 1,000 sequence numbers ≈ 10^11 candidates, far fewer once the region or age is known, which a GPU
 * hashes in minutes. 24 hex characters (96 bits) keep workflow IDs short
 * with no realistic collision. The key is a deployment secret passed in by the caller.
 */
export function hashIdNumber(id: string, key: string): string {
  if (key.length === 0) throw new Error('hashIdNumber needs a non-empty key');
  const normalised = id.trim().toUpperCase();
  return bytesToHex(hmac(sha256, utf8ToBytes(key), utf8ToBytes(normalised))).slice(0, 24);
}
