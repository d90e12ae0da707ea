/** Certificates and keys named by the transport settings, read when a connection is made. */
import { readFileSync } from 'node:fs';
import { ConfigError } from './config.js';

/** The file's bytes, or a ConfigError naming the setting and the reason, never the content. */
export function readTlsFile(file: string, setting: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${setting}=${file}: cannot read the file (${code})`);
  }
}
