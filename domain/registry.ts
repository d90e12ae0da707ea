/**
 * Registries are built by combining one part per case type: task result schemas, activities,
 * intake handlers, routes. A name two parts both define would silently keep only the last one
 * (an object spread), so combining checks and fails at start-up instead.
 */
export class RegistryConflictError extends Error {
  override name = 'RegistryConflictError';
  constructor(
    readonly registry: string,
    readonly key: string,
  ) {
    super(`${registry}: '${key}' is registered twice`);
  }
}

export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The parts as one object with every key of each; throws RegistryConflictError on a key two parts share. */
export function combineDisjoint<const T extends readonly object[]>(registry: string, ...parts: T): UnionToIntersection<T[number]> {
  const combined: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (Object.hasOwn(combined, key)) throw new RegistryConflictError(registry, key);
      combined[key] = value;
    }
  }
  return combined as UnionToIntersection<T[number]>;
}
