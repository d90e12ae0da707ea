/** Every workflow type the worker registers; the bundle is built from this file. */
export { layoffFilingWorkflow } from './layoff-filing.js';
export { graduate1311Workflow } from './graduate-1311.js';
export { calendarRevisionWorkflow } from './calendar-revision.js';
