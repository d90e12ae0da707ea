/** Service errors carry their HTTP status and a stable code; anything else becomes a plain 500. */
import type { FieldIssue } from '../../domain/contracts/common.js';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}
