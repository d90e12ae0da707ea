/** Every workflow type the worker registers; the bundle is built from this file. */
export { layoffFilingWorkflow } from './layoff-filing.js';
