import { z } from 'zod';
import { PolicyProfileSchema, type PolicyProfile, type ProfileOverride } from './schema.js';

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
