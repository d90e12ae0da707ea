/**
 * Field schemas and vocabularies shared by every contract (docs/contracts.md). Messages name what
 * is wrong in terms a department's integrator can act on; the path comes from zod.
 */
import { z } from 'zod';
import { validateCreditCode, validateResidentId } from '../identity.js';
import { isValidRegionCode } from '../jurisdiction.js';

export const EventId = z.string().trim().min(1, { error: 'eventId must be a non-empty string' }).max(200);

export const Timestamp = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 timestamp with offset, e.g. 2026-07-15T09:30:00+08:00',
});

export const IsoDate = z.iso.date({ error: 'must be an ISO 8601 date, e.g. 2026-07-15' });

export const RegionCode = z
  .string()
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/, { error: 'must be an administrative division code of 6, 9 or 12 digits' })
  .refine(isValidRegionCode, { error: 'is not a known administrative division (unknown province prefix)' });

/** GB/T 4754 industry: section letter A–T followed by the two-digit division. */
export const IndustryCode = z.string().regex(/^[A-T]\d{2}$/, { error: "must be a GB/T 4754 code like 'C36'" });

/**
 * An identifier read as its issuer writes it (trimmed, upper case) and checked by `validate`. The
 * value itself is never echoed back: ID numbers are personal data and errors end up in DLQ headers.
 */
function checkedCode(what: string, validate: (v: string) => { ok: true } | { ok: false; reason: string }) {
  return z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .superRefine((v, ctx) => {
      const check = validate(v);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: `invalid ${what}: ${check.reason}` });
    });
}

export const IdNumber = checkedCode('resident ID number', validateResidentId);

/**
 * Shape and alphabet are enforced; a failed check character is not, because some real codes fail it
 * (GB 32100-2015 codes issued before the check was enforced). See creditCodeWarnings.
 */
export const CreditCode = checkedCode('unified social credit code', validateCreditCode);

export function creditCodeWarning(code: string): string | undefined {
  const check = validateCreditCode(code);
  return check.ok && !check.checksumValid ? (check.warning ?? 'check character does not match') : undefined;
}

/** An enterprise as market regulation registers it: its name and whether it still trades. */
export const EnterpriseName = z.string().trim().min(1).max(200);
export const EnterpriseStatus = z.enum(['active', 'suspended', 'deregistered']);

export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be a month like '2026-10'" });

export const Count = z.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' });

/** Highest degree, as the education department hands it over. */
export const Degree = z.enum(['associate', 'bachelor', 'master', 'doctor']);
export type Degree = z.infer<typeof Degree>;

/** What a person says they intend to do next, from a list or a caseworker's contact. */
export const Intention = z.enum(['employment', 'further-study', 'business', 'none', 'undecided']);
export type Intention = z.infer<typeof Intention>;

/** Vocational skill level: none, or the national qualification grades 初级 / 中级 / 高级. */
export const SkillLevel = z.enum(['none', 'junior', 'intermediate', 'senior']);
export type SkillLevel = z.infer<typeof SkillLevel>;

/** The member departments of an unemployment-risk emergency command group (DOMAIN.md 4). */
export const Department = z.enum([
  'publicity',
  'petitions',
  'development-reform',
  'education',
  'public-security',
  'civil-affairs',
  'finance',
  'hrss',
  'veterans-affairs',
  'market-regulation',
  'statistics',
]);
export type Department = z.infer<typeof Department>;

/** A mainland mobile number. Personal data: never in events or logs in clear. */
export const MobilePhone = z.string().regex(/^1\d{10}$/, { error: 'must be an 11-digit mainland mobile number' });

/** A percentage figure as departments report it (0–100, up to two decimals). */
export const Pct = z.number().min(0, { error: 'must not be negative' }).max(100, { error: 'must be at most 100' });

/** The employment-service items the 1311 and 131 packages are made of. */
export const ServiceItemKind = z.enum(['policy-briefing', 'job-recommendation', 'vocational-guidance', 'training-or-internship']);
export type ServiceItemKind = z.infer<typeof ServiceItemKind>;

/** Base of every inbound message. */
export const InboundEnvelope = z.object({ eventId: EventId, occurredAt: Timestamp });

export interface FieldIssue {
  path: string;
  message: string;
}

/** Field path + reason, the form used in DLQ headers and HTTP 400 bodies. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.length ? i.path.map(String).join('.') : '(message)', message: i.message }));
}
