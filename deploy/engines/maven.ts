/**
 * Java engines (Kafka, Temporal's test server) come as jars from Maven Central, the one Java
 * source that air-gapped mirrors carry. A pom per engine names them; the jars are copied once into
 * the user's cache directory and reused by every later start.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EngineError, findOnPath, runToCompletion } from './process.js';

export async function resolveMavenClasspath(options: { pom: string; libDir: string; what: string }): Promise<string> {
  // Written last, so an interrupted download is redone instead of leaving half a classpath.
  const complete = path.join(options.libDir, '.complete');
  if (!existsSync(complete)) {
    const mvn = findOnPath('mvn');
    if (!mvn) throw new EngineError(`${options.what}: Maven (mvn) is needed once to fetch the jars into ${options.libDir}`);
    mkdirSync(options.libDir, { recursive: true });
    await runToCompletion(
      mvn,
      ['-q', '-B', '-f', options.pom, 'dependency:copy-dependencies', `-DoutputDirectory=${options.libDir}`, '-DincludeScope=runtime'],
      {
        what: `${options.what}: fetching jars from Maven Central`,
      },
    );
    writeFileSync(complete, new Date().toISOString());
  }
  return path.join(options.libDir, '*');
}
