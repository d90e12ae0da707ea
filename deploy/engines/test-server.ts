/**
 * Temporal's Java time-skipping test server, resolved from Maven Central into the cache. The SDK's
 * own time-skipping environment downloads a binary from Temporal's CDN; this serves where that
 * cannot (air-gapped networks, CI) and is handed to the SDK as an existing executable.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../activities/infra/paths.js';
import { resolveMavenClasspath } from './maven.js';
import { EngineError, findOnPath } from './process.js';

export const TEST_SERVER_VERSION = '1.31.0';

function projectPom(): string {
  return path.join(projectRoot(), 'deploy', 'temporal-test-server', 'pom.xml');
}

/** Returns an executable that starts the test server on the port given as its first argument. */
export async function ensureTestServerExecutable(cacheDir: string): Promise<string> {
  const root = path.join(cacheDir, `temporal-test-server-${TEST_SERVER_VERSION}`);
  const classpath = await resolveMavenClasspath({ pom: projectPom(), libDir: path.join(root, 'libs'), what: 'Temporal test server' });
  const java = findOnPath('java');
  if (!java) throw new EngineError('Temporal test server needs Java 17+ (java on the PATH)');
  const launcher = path.join(root, 'temporal-test-server');
  writeFileSync(launcher, `#!/bin/sh\nexec "${java}" -Xmx256m -cp "${classpath}" io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(launcher, 0o755);
  return launcher;
}
