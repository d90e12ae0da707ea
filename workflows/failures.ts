/**
 * How a workflow rejects a person's request: a non-retryable ApplicationFailure whose type is a
 * row of the business failure table (domain/failures.ts), which the API maps to its HTTP status.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { businessFailures, type BusinessFailureType } from '../domain/failures.js';

/**
 * `detail`: a more specific code (string) or the failing fields (array), as the table says;
 * `message` defaults to the table's own.
 */
export function businessFailure(type: BusinessFailureType, message: string = businessFailures[type].message, detail?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(detail === undefined ? {} : { details: [detail] }) });
}
