/**
 * Service errors carry their HTTP status and a stable code; anything else becomes a plain 500.
 * A workflow's business rejection becomes one through the failure table (domain/failures.ts).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FieldIssue } from '../../domain/contracts/common.js';
import { businessFailures, isBusinessFailureType } from '../../domain/failures.js';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 503,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

/**
 * Rethrows a failed update (or signal, or start) to a case workflow as the HTTP error it means:
 * a business failure by its row of the table, a workflow that is gone as 409 with `goneMessage`;
 * anything else unchanged, which the app answers with a plain 500.
 */
export function fromWorkflowFailure(err: unknown, goneMessage: string): never {
  if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'case_closed', goneMessage);
  const failure = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  if (failure instanceof ApplicationFailure && isBusinessFailureType(failure.type)) {
    const row = businessFailures[failure.type];
    const detail: unknown = failure.details?.[0];
    throw new HttpError(
      row.status,
      typeof detail === 'string' ? detail : row.code,
      failure.message || row.message,
      Array.isArray(detail) ? (detail as FieldIssue[]) : undefined,
    );
  }
  throw err;
}
