/**
 * The case types' task results in one table, one line per case type: the API validates a
 * completion against it, and the owning workflow validates it again.
 */
import { combineDisjoint } from '../registry.js';
import { graduate1311TaskResults } from './graduate-1311.js';
import { keyEnterpriseTaskResults } from './key-enterprise.js';
import { layoffFilingTaskResults } from './layoff-filing.js';
import { reemploymentTaskResults } from './reemployment.js';
import { riskResponseTaskResults } from './risk-response.js';

export const taskResultSchemas = combineDisjoint(
  'task result schemas',
  graduate1311TaskResults,
  layoffFilingTaskResults,
  riskResponseTaskResults,
  reemploymentTaskResults,
  keyEnterpriseTaskResults,
);
