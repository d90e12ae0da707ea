/** Pieces every route declaration shares, so the OpenAPI document says the same thing the same way. */
import { ErrorBody } from '../../domain/contracts/http.js';

export const errorResponse = (description: string) => ({ content: { 'application/json': { schema: ErrorBody } }, description });

export const security = [{ bearer: [] }];

export const denied = { 401: errorResponse('Missing, invalid or expired token'), 403: errorResponse('Role not allowed or outside the jurisdiction') };
