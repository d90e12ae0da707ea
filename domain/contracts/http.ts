/**
 * HTTP bodies every case type shares (docs/contracts.md, HTTP): errors and cases. A case type's own
 * bodies are in its file beside this one. Services register these with the OpenAPI document, so
 * /openapi.json is generated from the same schemas that validate requests.
 */
import { z } from 'zod';
import { Cursor, RegionFilter, ResourceId, SafeText, TEXT_CAPS } from './common.js';
import { CaseType } from './outbound.js';

export const ErrorBody = z
  .object({
    code: z.string().meta({ description: 'Stable machine-readable error code', example: 'validation_failed' }),
    message: z.string().meta({ description: 'Human-readable message (Simplified Chinese)' }),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'The failing fields, for bad input' }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const CaseStatus = z.enum(['opened', 'in-progress', 'escalated', 'closed']);

export const CaseListQuery = z.object({
  type: CaseType.optional(),
  status: CaseStatus.optional(),
  region: RegionFilter.optional().meta({ description: 'Administrative division code or prefix; matches the case region and everything under it' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseSummary = z
  .object({
    id: z.string(),
    type: CaseType,
    status: CaseStatus,
    regionCode: z.string(),
    industryCode: z.string().nullable(),
    title: z.string(),
    reason: z.string().nullable(),
    openedAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseList = z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }).meta({ id: 'CaseList' });
export type CaseList = z.infer<typeof CaseList>;

export const TimelineEntry = z
  .object({ seq: z.number().int(), kind: z.string(), occurredAt: z.string(), detail: z.record(z.string(), z.unknown()) })
  .meta({ id: 'TimelineEntry' });

export const CaseDetail = CaseSummary.extend({ timeline: z.array(TimelineEntry) }).meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseIdParam = z.object({ id: ResourceId });

/** A case's person in full (GET /api/cases/{id}/personal-data): every view is audited. */
export const PersonalData = z.object({ caseId: z.string(), name: z.string(), idNumber: z.string(), phone: z.string().nullable() }).meta({ id: 'PersonalData' });
export type PersonalData = z.infer<typeof PersonalData>;

/** A person closing a case (POST /api/cases/{id}/close). */
export const CloseCaseBody = z.object({ reason: SafeText(TEXT_CAPS.NOTE).min(1, { error: '请填写关闭原因' }) }).meta({ id: 'CloseCase' });
