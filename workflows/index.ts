/** Every workflow type the worker registers, one line each; the bundle is built from this file. */
export { layoffFilingWorkflow } from './layoff-filing/workflow.js';
export { graduate1311Workflow } from './graduate-1311/workflow.js';
export { calendarRevisionWorkflow } from './calendar-revision.js';
export { riskMonitorWorkflow } from './risk-monitor/workflow.js';
export { riskResponseWorkflow } from './risk-response/workflow.js';
export { reemploymentWorkflow } from './reemployment/workflow.js';
export { keyEnterpriseWorkflow } from './key-enterprise/workflow.js';
