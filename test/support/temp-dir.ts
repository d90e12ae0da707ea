/**
 * A temporary folder for the files one test file writes (CSV and XLSX lists, rejected-rows files),
 * made before its tests and removed after them. Call at the top level of the test file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface TempDir {
  /** A path in the folder; nothing is written. */
  path(name: string): string;
  /** Writes `content` to a new file with the extension (".csv" unless told) and returns its path. */
  write(content: string | Buffer, ext?: string): Promise<string>;
}

export function tempDir(prefix: string): TempDir {
  let dir = '';
  let count = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    path: (name) => join(dir, name),
    async write(content, ext = '.csv') {
      const path = join(dir, `f${++count}${ext}`);
      await writeFile(path, content);
      return path;
    },
  };
}
