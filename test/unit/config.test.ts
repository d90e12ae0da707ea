/** The registry settings: both URLs or neither, never the stand-in in production; the process roles. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../activities/infra/config.js';

const secrets = { JIUYE_PAYLOAD_KEY: 'k', JIUYE_ID_HASH_KEY: 'h', JIUYE_JWT_SECRET: 'j', JIUYE_PII_KEY: 'p' };

describe('registry configuration', () => {
  it('leaves both registries unset in development, for the stand-in, with the documented limits', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).registries).toEqual({
      si: undefined,
      amr: undefined,
      timeoutMs: 5000,
      maxInFlight: 8,
      breaker: { failures: 5, openMs: 30_000 },
      standInPort: 3100,
    });
  });

  it('takes the departments’ registries with their tokens', () => {
    const config = loadConfig({
      NODE_ENV: 'development',
      SI_REGISTRY_URL: 'https://si.example/api',
      SI_REGISTRY_TOKEN: 's',
      AMR_REGISTRY_URL: 'https://amr.example',
      REGISTRY_TIMEOUT_MS: '2000',
    });
    expect(config.registries).toMatchObject({ si: { url: 'https://si.example/api', token: 's' }, amr: { url: 'https://amr.example' }, timeoutMs: 2000 });
  });

  it('refuses one registry without the other, and production without both', () => {
    expect(() => loadConfig({ SI_REGISTRY_URL: 'https://si.example' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/required in production/);
  });

  it("takes intake's retry and pause timings, with sane defaults, and never a maximum below its start", () => {
    expect(loadConfig({ NODE_ENV: 'development' }).intake).toEqual({
      maxAttempts: 5,
      retryBackoffMs: 200,
      retryBackoffMaxMs: 5000,
      pauseMs: 5000,
      pauseMaxMs: 60_000,
    });
    expect(loadConfig({ NODE_ENV: 'development', INTAKE_MAX_ATTEMPTS: '3', INTAKE_PAUSE_MS: '90000' }).intake).toMatchObject({
      maxAttempts: 3,
      pauseMs: 90_000,
      pauseMaxMs: 90_000,
    });
    expect(() => loadConfig({ INTAKE_MAX_ATTEMPTS: '0' })).toThrow(/INTAKE_MAX_ATTEMPTS/);
  });
});

describe('process roles', () => {
  it('keeps idle HTTP connections longer than clients do (65 s by default), and takes another', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).http.keepAliveTimeoutMs).toBe(65_000);
    expect(loadConfig({ NODE_ENV: 'development', HTTP_KEEP_ALIVE_TIMEOUT_MS: '120000' }).http.keepAliveTimeoutMs).toBe(120_000);
    expect(() => loadConfig({ NODE_ENV: 'development', HTTP_KEEP_ALIVE_TIMEOUT_MS: '10' })).toThrow(/HTTP_KEEP_ALIVE_TIMEOUT_MS/);
  });

  it('runs every role by default and a named subset when JIUYE_ROLES is set', () => {
    expect([...loadConfig({ NODE_ENV: 'development' }).roles].sort()).toEqual(['api', 'intake', 'worker']);
    expect([...loadConfig({ NODE_ENV: 'development', JIUYE_ROLES: ' api, intake ' }).roles].sort()).toEqual(['api', 'intake']);
  });

  it('refuses an unknown role and an empty list', () => {
    expect(() => loadConfig({ JIUYE_ROLES: 'worker,scheduler' })).toThrow(/JIUYE_ROLES/);
    expect(() => loadConfig({ JIUYE_ROLES: ',' })).toThrow(/JIUYE_ROLES/);
  });
});
