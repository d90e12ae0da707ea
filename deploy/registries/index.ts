/**
 * The registries the system calls: the departments' own when configured, otherwise (development,
 * tests) the stand-in, seeded from seed.json. Configuration refuses production without real
 * registry URLs, so the stand-in never answers there.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../activities/infra/config.js';
import { projectRoot } from '../../activities/infra/paths.js';
import { startRegistryStandIn, type RegistrySeed, type RegistryStandIn } from './stand-in.js';

export interface RegistryAddresses {
  si: { url: string; token?: string };
  amr: { url: string; token?: string };
}

export interface Registries {
  addresses: RegistryAddresses;
  source: 'configured' | 'stand-in';
  /** Set when the stand-in runs; stop it with the system. */
  standIn?: RegistryStandIn;
}

// From the project root, not this file: the compiled copy in dist/ has no seed.json beside it.
export const standInSeedFile = path.join(projectRoot(), 'deploy', 'registries', 'seed.json');

export async function ensureRegistries(
  config: Pick<AppConfig['registries'], 'si' | 'amr' | 'standInPort'>,
  options: { host?: string; seed?: RegistrySeed } = {},
): Promise<Registries> {
  if (config.si && config.amr) return { addresses: { si: config.si, amr: config.amr }, source: 'configured' };
  const seed = options.seed ?? (JSON.parse(readFileSync(standInSeedFile, 'utf8')) as RegistrySeed);
  const standIn = await startRegistryStandIn({ host: options.host, port: config.standInPort, token: randomBytes(16).toString('hex'), seed });
  return {
    addresses: { si: { url: standIn.siUrl, token: standIn.token }, amr: { url: standIn.amrUrl, token: standIn.token } },
    source: 'stand-in',
    standIn,
  };
}
