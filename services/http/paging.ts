/** Opaque keyset cursors: the sort key and ID of the last row of a page. */
import { isSafeText } from '../../domain/contracts/common.js';
import { HttpError } from './errors.js';

const badCursor = () => new HttpError(400, 'bad_cursor', '分页游标无效，请从第一页重新查询', [{ path: 'cursor', message: 'not a cursor from this API' }]);

export function encodeCursor(at: Date, id: string): string {
  return encodeKeyCursor([at.toISOString(), id]);
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = decodeKeyCursor(cursor, 2) as [string, string];
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw badCursor();
  return { at: date, id };
}

/**
 * A cursor over a sort key of strings, for lists whose only stable order is by key (the ledger
 * orders by region and case ID: its rows have no immutable timestamp to page on).
 */
export function encodeKeyCursor(keys: readonly string[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeKeyCursor(cursor: string, length: number): string[] {
  try {
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // A forged cursor's keys go into the page's query: one holding NUL would fail it with a 500.
    if (!Array.isArray(keys) || keys.length !== length || !keys.every((k): k is string => typeof k === 'string' && isSafeText(k)))
      throw new Error('bad cursor');
    return keys;
  } catch {
    throw badCursor();
  }
}
