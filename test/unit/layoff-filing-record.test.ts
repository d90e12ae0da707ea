/**
 * The layoff filing read model on embedded PGlite (the same migrations as production): a filing ID is
 * unique only within its enterprise, so two enterprises filing under one ID are two cases and two rows.
 */
import { describe, expect, it } from 'vitest';
import { createLayoffFilingActivities } from '../../activities/layoff-filing.js';
import { createLogger } from '../../activities/infra/logger.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { creditCode, layoffFiling } from '../support/fixtures.js';
import { migratedDatabase } from '../support/pglite.js';

const pglite = migratedDatabase('jiuye-layoff-');

describe('recordLayoffFiling', () => {
  it('keeps two enterprises filing under the same filing ID as two rows', async () => {
    const activities = createLayoffFilingActivities({ prisma: pglite.db.prisma, log: createLogger('silent') });
    const filingId = `LF-shared-${Date.now()}`;
    const filings = [
      layoffFiling({ filingId, creditCode: creditCode('220102', 'MA0000001') }),
      layoffFiling({ filingId, creditCode: creditCode('220102', 'MA0000002') }),
    ];
    for (const filing of filings) {
      const caseId = layoffFilingWorkflowId(filing);
      const input = { caseId, filing, collective: true, openedAt: new Date().toISOString(), reason: 'collective-layoff', sourceEventId: filing.eventId };
      expect(await activities.recordLayoffFiling(input)).toEqual({ written: true });
      expect(await activities.recordLayoffFiling(input)).toEqual({ written: false });
    }
    const rows = await pglite.db.prisma.layoffFiling.findMany({ where: { filingId }, orderBy: { creditCode: 'asc' } });
    expect(rows.map((r) => [r.creditCode, r.caseId])).toEqual(
      filings.map((f) => [f.creditCode, layoffFilingWorkflowId(f)]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
  });
});
