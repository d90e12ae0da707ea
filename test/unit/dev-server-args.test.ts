import { describe, expect, it } from 'vitest';
import { devServerArgs } from '../../deploy/engines/temporal.js';

const pragmas = (args: string[]) => args.flatMap((a, i) => (args[i - 1] === '--sqlite-pragma' ? [a] : []));

describe('the dev server we start', () => {
  it('runs SQLite in WAL mode with synchronous=normal unless told otherwise', () => {
    expect(pragmas(devServerArgs({ port: 1, uiPort: 2 }, '/x/temporal.sqlite'))).toEqual(['journal_mode=wal', 'synchronous=normal']);
  });

  it("keeps SQLite's own defaults when given no pragmas (the bench's before)", () => {
    expect(pragmas(devServerArgs({ port: 1, uiPort: 2, sqlitePragmas: {} }, '/x/temporal.sqlite'))).toEqual([]);
  });
});
