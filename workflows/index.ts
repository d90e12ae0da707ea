/** Every workflow type the worker registers, one line each; the bundle is built from this file. */
export { layoffFilingWorkflow } from './layoff-filing/workflow.js';
export { graduate1311Workflow } from './graduate-1311/workflow.js';
export { calendarRevisionWorkflow } from './calendar-revision.js';
