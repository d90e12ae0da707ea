/**
 * The policy profile a case runs under, looked up once when the case starts. Through an activity
 * the profile lands in the case's history: a later profile change (a province shortening a time
 * limit) applies to new cases and never rewrites a running one on replay.
 */
import { profileForRegion, type PolicyProfile } from '../domain/profiles/index.js';

export function createPolicyActivities() {
  return {
    async policyFor(input: { regionCode: string }): Promise<PolicyProfile> {
      return profileForRegion(input.regionCode);
    },
  };
}
