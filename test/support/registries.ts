/** Registry clients for in-process API tests. */
import { createRegistryClient, type RegistryClient } from '../../activities/infra/registry-client.js';
import type { RegistryName } from '../../domain/contracts/registries.js';

/** A client to a registry nobody answers at (port 9, discard): for tests whose routes never ask one. */
export function unansweredRegistry(name: RegistryName): RegistryClient {
  return registryAt(name, 'http://127.0.0.1:9', 'none');
}

export function registryAt(name: RegistryName, baseUrl: string, token: string): RegistryClient {
  return createRegistryClient({ name, baseUrl, token, timeoutMs: 1_000, maxInFlight: 4, breaker: { failures: 1_000, openMs: 1_000 } });
}
