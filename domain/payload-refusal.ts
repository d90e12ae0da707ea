/**
 * The metadata key the worker's codec sets on a payload it refused in place (not encrypted with
 * this system's payload key; activities/infra/temporal.ts), by which the workflow interceptors
 * find a refused signal (workflows/refused-signals.ts): the one name both must agree on.
 */
export const REFUSED_PAYLOAD_MARK = 'jiuye-refused';
