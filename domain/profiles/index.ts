import { regionPrefix } from '../jurisdiction.js';
import { fujianProfile } from './fujian.js';
import { jilinProfile } from './jilin.js';
import { nationalProfile } from './national.js';
import type { PolicyProfile } from './schema.js';
import { shandongProfile } from './shandong.js';

export * from './schema.js';
export { fujianProfile, jilinProfile, nationalProfile, shandongProfile };

export const policyProfiles: readonly PolicyProfile[] = [nationalProfile, shandongProfile, jilinProfile, fujianProfile];

/**
 * The profile of the most specific prefix containing `regionCode` (a city profile beats its
 * province's), else the national one. `profiles` defaults to the bundled ones. Throws on an invalid code: intake validates codes, so one
 * reaching here is a bug, and silently applying national deadlines would hide it.
 */
export function profileForRegion(regionCode: string, profiles: readonly PolicyProfile[] = policyProfiles): PolicyProfile {
  const region = regionPrefix(regionCode);
  let best: { profile: PolicyProfile; length: number } | undefined;
  for (const profile of profiles) {
    for (const p of profile.regionPrefixes) {
      const prefix = regionPrefix(p);
      if (region.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = { profile, length: prefix.length };
    }
  }
  return best?.profile ?? nationalProfile;
}
