/** The graduation year a graduate case's ID names: the case page asks the ledger for that year's line. */
import { describe, expect, it } from 'vitest';
import { graduate1311CaseYear, graduate1311WorkflowId } from '../../../domain/cases/graduate-1311.js';

describe('graduate1311CaseYear', () => {
  it('reads the year back from a case ID, and nothing from another case type', () => {
    expect(graduate1311CaseYear(graduate1311WorkflowId('0a1b2c3d', 2026))).toBe(2026);
    expect(graduate1311CaseYear('layoff-filing:91220102MA0000001H:LF-1')).toBeUndefined();
    expect(graduate1311CaseYear('grad1311:0a1b2c3d:20261')).toBeUndefined();
  });
});
