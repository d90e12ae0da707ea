/**
 * The modules every case shares, evaluated once per worker thread instead of once per cached case.
 *
 * The SDK's reusable V8 context evaluates a workflow's whole module graph again for each workflow it
 * caches: the domain's zod contracts came to about 3.3 MB per cached case, so the worker's memory
 * grew with its cache, not with its work. Modules named in the bundle's `preloadModules` are
 * evaluated once, before any workflow, and shared by all of them. This module is that list: the
 * domain modules the workflows import (and with them zod), none with state of its own.
 *
 * The SDK then deep-freezes everything shared, so one case cannot change what another sees. zod does
 * not survive that: it finishes a schema on first use and stores the result on it (bound methods
 * such as `parse`, an object's shape, whether the schema can recurse), and it resets `lastIndex` on
 * its patterns before every test, and a frozen RegExp refuses even that. So the freezing is done
 * here, before the SDK's (which passes over what is frozen already): every object these modules
 * export is frozen as deep as the SDK would, except a schema's internals (`_zod`, which zod owns and
 * only ever completes the same way) and patterns. A schema's own lazily made properties are made
 * first, then the schema is frozen, so no case can add to or replace anything on it. What hangs
 * only off a schema's internals is shared unfrozen: its metadata and its default values, which zod
 * copies shallowly on each parse. So a shared schema's `.default()` must not hold nested objects
 * (one case's parse would hand another the same inner object); use a function that builds it.
 *
 * `test/unit/shared-workflow-modules.test.ts` checks that the list covers every domain module in
 * the bundle, and parses every shared schema inside the real worker's sandbox.
 */
// zod's own patterns (an ISO date's, an email's), which its schemas test with and reset.
import { regexes as zodPatterns } from 'zod/v4/core';
import * as access from '../domain/access.js';
import * as actor from '../domain/actor.js';
import * as calendarDates from '../domain/calendar/dates.js';
import * as casesGraduate1311 from '../domain/cases/graduate-1311.js';
import * as casesIndex from '../domain/cases/index.js';
import * as casesKeyEnterprise from '../domain/cases/key-enterprise.js';
import * as casesLayoffFiling from '../domain/cases/layoff-filing.js';
import * as casesReemployment from '../domain/cases/reemployment.js';
import * as casesRiskMonitor from '../domain/cases/risk-monitor.js';
import * as casesRiskResponse from '../domain/cases/risk-response.js';
import * as contractsCommon from '../domain/contracts/common.js';
import * as contractsGraduate1311 from '../domain/contracts/graduate-1311.js';
import * as contractsHttp from '../domain/contracts/http.js';
import * as contractsInbound from '../domain/contracts/inbound.js';
import * as contractsKeyEnterprise from '../domain/contracts/key-enterprise.js';
import * as contractsOutbound from '../domain/contracts/outbound.js';
import * as contractsRegistries from '../domain/contracts/registries.js';
import * as contractsTaskFields from '../domain/contracts/task-fields.js';
import * as contractsTasks from '../domain/contracts/tasks.js';
import * as failures from '../domain/failures.js';
import * as identity from '../domain/identity.js';
import * as jurisdiction from '../domain/jurisdiction.js';
import * as matching from '../domain/matching.js';
import * as payloadRefusal from '../domain/payload-refusal.js';
import * as profilesDefine from '../domain/profiles/define.js';
import * as profilesFujian from '../domain/profiles/fujian.js';
import * as profilesIndex from '../domain/profiles/index.js';
import * as profilesJilin from '../domain/profiles/jilin.js';
import * as profilesNational from '../domain/profiles/national.js';
import * as profilesSchema from '../domain/profiles/schema.js';
import * as profilesShandong from '../domain/profiles/shandong.js';
import * as registry from '../domain/registry.js';
import * as risk from '../domain/risk.js';

/** Every namespace above, in one place for the freezing and the tests. */
export const sharedNamespaces: readonly object[] = [
  zodPatterns,
  access,
  actor,
  calendarDates,
  casesGraduate1311,
  casesIndex,
  casesKeyEnterprise,
  casesLayoffFiling,
  casesReemployment,
  casesRiskMonitor,
  casesRiskResponse,
  contractsCommon,
  contractsGraduate1311,
  contractsHttp,
  contractsInbound,
  contractsKeyEnterprise,
  contractsOutbound,
  contractsRegistries,
  contractsTaskFields,
  contractsTasks,
  failures,
  identity,
  jurisdiction,
  matching,
  payloadRefusal,
  profilesDefine,
  profilesFujian,
  profilesIndex,
  profilesJilin,
  profilesNational,
  profilesSchema,
  profilesShandong,
  registry,
  risk,
];

/** zod's internals of a schema: the one part of a shared object left open, for zod alone. */
function isSchema(value: object): boolean {
  const internals = (value as { _zod?: unknown })._zod;
  return typeof internals === 'object' && internals !== null;
}

/**
 * Freezes what the SDK would, as deep as it would go, leaving patterns and schemas' internals open;
 * a schema's getters are read first, so what they compute lazily is stored before it is frozen.
 */
export function freezeShared(root: unknown, seen = new WeakSet<object>()): void {
  if (root === null || typeof root !== 'object' || seen.has(root) || root instanceof RegExp) return;
  seen.add(root);
  const target = root as Record<PropertyKey, unknown>;
  if (isSchema(root)) {
    for (
      let proto = Object.getPrototypeOf(root) as object | null;
      proto !== null && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto) as object | null
    ) {
      for (const key of Reflect.ownKeys(proto)) if (Object.getOwnPropertyDescriptor(proto, key)?.get) read(target, key);
    }
  } else {
    for (const key of Reflect.ownKeys(root)) freezeShared(read(target, key), seen);
  }
  try {
    Object.freeze(root);
  } catch {
    // A typed array with elements cannot be frozen; the SDK leaves it so too.
  }
}

function read(target: Record<PropertyKey, unknown>, key: PropertyKey): unknown {
  try {
    return target[key];
  } catch {
    // A getter that throws computes nothing to store.
    return undefined;
  }
}

for (const namespace of sharedNamespaces) freezeShared(namespace);
