/**
 * How a workflow rejects a person's request: a non-retryable ApplicationFailure whose type is a
 * row of the business failure table (domain/failures.ts), which the API maps to its HTTP status.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import { fieldIssues } from '../domain/contracts/common.js';
import { businessFailures, type BusinessFailureType } from '../domain/failures.js';

/**
 * `detail`: a more specific code (string) or the failing fields (array), as the table says;
 * `message` defaults to the table's own.
 */
export function businessFailure(type: BusinessFailureType, message: string = businessFailures[type].message, detail?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(detail === undefined ? {} : { details: [detail] }) });
}

/**
 * An update's arguments checked again by the schema the API checked them with, in its validator:
 * whoever reaches Temporal without the API must not get a value into the case that its writes
 * cannot store (free text with NUL fails every retry and holds up every later write of the case).
 * Validators do not run on replay, so a stricter schema never fails a history accepted before it.
 */
export function checkRequest(schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw businessFailure('InvalidRequest', undefined, fieldIssues(parsed.error));
}
