import { z } from 'zod';
import type { ServiceItemKind } from '../contracts/common.js';
import { PolicyProfileSchema, type PolicyProfile, type ProfileOverride, type Source } from './schema.js';

type ServiceItem = PolicyProfile['service1311']['items'][number];

/** Our own choice where no document sets a number, with why. */
export const byDefault = (why: string): Source => ({ kind: 'default', why });

/** Cites clauses of one document: `clauseOf('吉就组办〔2022〕1号')('二(三)')`. */
export const clauseOf =
  (document: string) =>
  (clause: string): Source => ({ kind: 'clause', document, clause });

/** `count` deliveries of `kind`, due `dueDays` working days after the package starts, each with its source. */
export function serviceItem(kind: ServiceItemKind, count: number, countSource: Source, dueDays: number, dueSource: Source): ServiceItem {
  return { kind, count: { value: count, source: countSource }, dueWorkingDays: { value: dueDays, source: dueSource } };
}

/** A package's items as they are, their counts now cited from `source` (a province adopting the package, not its deadlines). */
export function citeCounts(items: readonly ServiceItem[], source: Source): ServiceItem[] {
  return items.map((item) => ({ ...item, count: { value: item.count.value, source } }));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays, scalars and sourced values ({ value, source }) replace. */
function merge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override) || 'source' in override) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = merge(base[key], value);
  return out;
}

/** Parses a complete profile; throws with every issue named, so a bad profile fails at import. */
export function parseProfile(candidate: unknown): PolicyProfile {
  const result = PolicyProfileSchema.safeParse(candidate);
  if (!result.success) {
    const id = isPlainObject(candidate) ? String(candidate.id) : 'unknown';
    throw new Error(`policy profile '${id}' is invalid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** A profile that differs from `base` only where `override` says, validated as a whole. */
export function deriveProfile(base: PolicyProfile, override: ProfileOverride & Pick<PolicyProfile, 'id' | 'name' | 'regionPrefixes'>): PolicyProfile {
  return parseProfile(merge(base, override));
}
