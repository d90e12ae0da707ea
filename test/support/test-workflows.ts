/** Every workflow the tests run: the production ones and the test probes, bundled once per run. */
export * from '../../workflows/index.js';
export * from '../workflow/fixtures/deadline-probe.js';
export * from '../workflow/fixtures/shared-schemas-probe.js';
