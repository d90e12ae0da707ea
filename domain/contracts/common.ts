/**
 * Field schemas and vocabularies shared by every contract (docs/contracts.md). Messages name what
 * is wrong in terms a department's integrator can act on; the path comes from zod.
 */
import { z } from 'zod';
import { validateCreditCode, validateResidentId } from '../identity.js';
import { isValidRegionCode } from '../jurisdiction.js';

/**
 * Characters no free text may hold, whatever the field:
 * - C0 controls (tab and newline are handled by the schemas below), DEL and the C1 controls: NUL
 *   cannot be stored in a PostgreSQL text column at all, so one accepted would fail its write on
 *   every retry and hold up every later write of the case; the others break CSV and spreadsheet
 *   exports, terminals and log lines, and no person types them;
 * - lone surrogates: not Unicode, refused by PostgreSQL's UTF-8 and jsonb;
 * - invisible format characters that make text read other than it is: zero-width space, word
 *   joiner, the byte-order mark, bidirectional embeddings, overrides, isolates and marks (a name
 *   shown reversed in a ledger), the line and paragraph separators (a line break most tools do not
 *   see), interlinear annotation marks and the noncharacters U+FFFE/U+FFFF.
 * Zero-width joiner and non-joiner stay: Uyghur and other Arabic-script names written in Xinjiang
 * need them, as do emoji sequences. Private-use characters stay: legacy GB 18030 systems map rare
 * name characters there.
 */
const UNSAFE_CHARACTER = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\p{Cs}\u200B\u200E\u200F\u2028-\u202E\u2060\u2066-\u2069\uFEFF\uFFF9-\uFFFB\uFFFE\uFFFF]/u;
const UNSAFE_MESSAGE = '不得含有控制字符或不可见的格式字符 (control or invisible format characters are not allowed)';

/** Whether `text` holds none of the characters free text may not hold (tab and newline aside). */
export function isSafeText(text: string): boolean {
  return !UNSAFE_CHARACTER.test(text);
}

/**
 * One line of free text (a name, a title, a reference), trimmed and at most `max` UTF-16 code
 * units. Tabs and line breaks inside become one space rather than a refusal: they arrive with text
 * pasted from a spreadsheet cell and mean nothing in a line, while kept they would break the
 * ledger's CSV and the log line. Chain `.min(1, …)` where the field may not be empty.
 */
export function SafeLine(max: number) {
  return z
    .string()
    .overwrite((v) => v.replace(/[\t\r\n]+/g, ' '))
    .trim()
    .max(max)
    .refine(isSafeText, { error: UNSAFE_MESSAGE });
}

/**
 * Free text of several lines (a note, a summary, a reason): trimmed, line breaks kept as '\n'
 * (a Windows '\r\n' included), tabs kept, at most `max` UTF-16 code units.
 */
export function SafeText(max: number) {
  return z
    .string()
    .overwrite((v) => v.replace(/\r\n?/g, '\n'))
    .trim()
    .max(max)
    .refine(isSafeText, { error: UNSAFE_MESSAGE });
}

/**
 * Caps shared by the contracts, each a bound on what a person or a department sends, not on what
 * the database could take; they keep a case's workflow state, its read-model rows and its export
 * lines a predictable size.
 * - NAME: a person's name; the longest Chinese names, and transliterated minority names with their
 *   middle dots, stay far below it.
 * - TITLE: a school, a major, an enterprise (registered names run to about 60 characters), a
 *   position, a provider, an office.
 * - REFERENCE: another system's identifier of a filing, a demand, a list, a user.
 * - NOTE: a page of text: a caseworker's note, a summary, a reason.
 */
export const TEXT_CAPS = { NAME: 100, TITLE: 200, REFERENCE: 100, NOTE: 2000 } as const;

/**
 * Several values chosen from `options` (measures taken, subsidies asked for): at most as many as
 * there are options, since a value chosen twice says nothing more. Repeats are not refused: a
 * result holding one was valid before this cap, and its workflow parses it again on replay.
 */
export function choiceList<T extends z.ZodEnum>(options: T) {
  return z.array(options).max(options.options.length);
}

/** A path parameter naming a case or task: its ID as this system makes it, which fits in one line. */
export const ResourceId = SafeLine(300).min(1);

/** An opaque page cursor as this API hands it out: base64url only, so nothing else reaches a query. */
export const Cursor = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9_-]*$/, { error: 'not a cursor from this API' })
  .meta({ description: 'Opaque cursor from the previous page' });

/** A department's event ID: a UUID or a composite key; long enough for either, short enough to index. */
export const EventId = SafeLine(200).min(1, { error: 'eventId must be a non-empty string' });

export const Timestamp = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 timestamp with offset, e.g. 2026-07-15T09:30:00+08:00',
});

/**
 * How far an event's occurredAt may lie ahead of this server's clock: departments' clocks drift
 * by seconds to minutes; an event dated further ahead would start its deadlines in the future.
 */
export const OCCURRED_AT_FUTURE_TOLERANCE_MS = 10 * 60_000;
/**
 * How old an event may be: three years covers a graduate cohort's whole follow-up (the year of
 * graduation and the next) and the re-drive of anything still actionable from the DLQ. Older, the
 * sender's clock is wrong (1970 is a clock never set) or the message is history no case should
 * start from: every deadline counted from it would be long past and escalate at once.
 */
export const OCCURRED_AT_MAX_AGE_MS = 3 * 366 * 24 * 3_600_000;

/** Why `instant` cannot be when an event happened, judged at `now`; undefined when it can. */
export function occurredAtProblem(instant: string, now: Date): string | undefined {
  const at = Date.parse(instant);
  if (at > now.getTime() + OCCURRED_AT_FUTURE_TOLERANCE_MS) return 'must not lie in the future (more than 10 minutes ahead of the server clock)';
  if (at < now.getTime() - OCCURRED_AT_MAX_AGE_MS) return 'must not be more than 3 years in the past';
  return undefined;
}

/**
 * `schema` with its occurredAt also judged at `now()` (the edge's clock: the consumer's, the
 * API's) against the window above. A schema on its own checks only the form, since domain never
 * reads the clock; every edge that takes an event parses with this.
 */
export function occurredWithin<T extends z.ZodType<{ occurredAt: string }>>(schema: T, now: () => Date) {
  return schema.superRefine((value, ctx) => {
    const problem = occurredAtProblem(value.occurredAt, now());
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: problem });
  });
}

export const IsoDate = z.iso.date({ error: 'must be an ISO 8601 date, e.g. 2026-07-15' });

export const RegionCode = z
  .string()
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/, { error: 'must be an administrative division code of 6, 9 or 12 digits' })
  .refine(isValidRegionCode, { error: 'is not a known administrative division (unknown province prefix)' });

/** GB/T 4754 industry: section letter A–T followed by the two-digit division. */
/**
 * A region filter in a query string: a division code or its prefix ('22', '2201', '220102') that
 * names a real division. Well-formed digits that name none ('04') are refused here, as bad input,
 * before any query is built from them.
 */
export const RegionFilter = z
  .string()
  .regex(/^\d{2,12}$/, { error: 'region must be a division code or prefix (2–12 digits)', abort: true })
  .refine(isValidRegionCode, { error: 'region names no administrative division' });

export const IndustryCode = z.string().regex(/^[A-T]\d{2}$/, { error: "must be a GB/T 4754 code like 'C36'" });
/**
 * The industry an outbound event speaks of: a GB/T 4754 division ('C36'), or a whole section's letter
 * ('C', manufacturing) where the risk monitor and its response watch a section of a region. A
 * consumer that keys by division reads the single letter as the section.
 */
export const IndustryScopeCode = z.string().regex(/^[A-T](\d{2})?$/, { error: "must be a GB/T 4754 section letter like 'C' or a division like 'C36'" });

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
export const EnterpriseName = SafeLine(TEXT_CAPS.TITLE).min(1);
export const EnterpriseStatus = z.enum(['active', 'suspended', 'deregistered']);

export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be a month like '2026-10'" });

export const Count = z.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' });

/**
 * The JSON Schema key under which an enum carries the Chinese label of each of its values: the
 * workbench builds its forms from the schemas, and the OpenAPI document shows them to integrators.
 */
export const ENUM_LABELS = 'x-enum-labels';

/**
 * `schema` with a Chinese label for every value, carried by the schema itself (`.meta`, so
 * `z.toJSONSchema` emits it under ENUM_LABELS). Metadata only: what the schema accepts is unchanged.
 */
export function labelled<E extends z.ZodEnum>(schema: E, labels: { readonly [K in z.output<E> & string]: string }): E {
  return schema.meta({ [ENUM_LABELS]: labels });
}

/** Highest degree, as the education department hands it over. */
export const Degree = labelled(z.enum(['associate', 'bachelor', 'master', 'doctor']), {
  associate: '专科',
  bachelor: '本科',
  master: '硕士研究生',
  doctor: '博士研究生',
});
export type Degree = z.infer<typeof Degree>;

/** What a person says they intend to do next, from a list or a caseworker's contact. */
export const Intention = labelled(z.enum(['employment', 'further-study', 'business', 'none', 'undecided']), {
  employment: '就业',
  'further-study': '升学',
  business: '创业',
  none: '暂无意愿',
  undecided: '未确定',
});
export type Intention = z.infer<typeof Intention>;

/** Vocational skill level: none, or the national qualification grades 初级 / 中级 / 高级. */
export const SkillLevel = labelled(z.enum(['none', 'junior', 'intermediate', 'senior']), { none: '无', junior: '初级', intermediate: '中级', senior: '高级' });
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
