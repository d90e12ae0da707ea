/**
 * HTTP bodies of the graduate 1311 case: recording an outcome, the ledger (summary, lines, export)
 * and the bulk import of the lists bureaus receive.
 */
import { z } from 'zod';
import { GraduateOutcome, ItemState, LedgerStatus } from '../cases/graduate-1311.js';
import { Cursor, Degree, RegionFilter, ResourceId, SafeLine, SafeText, ServiceItemKind, TEXT_CAPS } from './common.js';
import { GraduateHandoverV1 } from './inbound.js';

/** A caseworker records where a graduate went (Jilin 吉就组办〔2022〕1号 二(三)). */
export const GraduateOutcomeBody = z
  .object({
    outcome: GraduateOutcome.exclude(['unreachable']).meta({ description: '就业 / 创业 / 升学 / 入伍 / 暂无就业意愿（毕业生明确表示暂不就业）' }),
    note: SafeText(TEXT_CAPS.NOTE).min(1, { error: '请填写去向说明' }),
    employerCreditCode: z
      .string()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { error: '统一社会信用代码应为 18 位' })
      .optional()
      .meta({ description: 'Required when the outcome is employed' }),
  })
  .refine((b) => b.outcome !== 'employed' || b.employerCreditCode !== undefined, {
    error: '登记就业需填写用人单位统一社会信用代码',
    path: ['employerCreditCode'],
  })
  .meta({ id: 'GraduateOutcome' });

const LedgerRegion = RegionFilter.optional().meta({
  description: 'Administrative division code or prefix, within the caller’s jurisdiction; default: the whole jurisdiction',
});

export const GraduateLedgerQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).meta({ description: 'Graduation year (届别), e.g. 2026' }),
  region: LedgerRegion,
});

export const GraduateLedgerExportQuery = GraduateLedgerQuery.extend({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  personalData: z
    .enum(['masked', 'full'])
    .default('masked')
    .meta({ description: 'full: complete ID numbers and phones, for supervisors and leaders only; every export is audited' }),
});

/**
 * Service items of one kind. onTime / late: delivered by / after the deadline. missing: not
 * delivered and the deadline day is over (Asia/Shanghai) on a case still open. pending: not
 * delivered, deadline not yet over. cancelled: the case closed before it was delivered.
 */
export const LedgerItemCounts = z.object({
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  pending: z.number().int(),
  cancelled: z.number().int(),
});

export const GraduateLedgerSummary = z
  .object({
    year: z.number().int(),
    region: z.string().meta({ description: 'The division prefix counted' }),
    asOf: z.string().meta({ description: 'The Asia/Shanghai date "missing" was judged on' }),
    total: z.number().int(),
    byStatus: z.record(LedgerStatus, z.number().int()),
    byOutcome: z
      .record(z.string(), z.number().int())
      .meta({ description: 'Closed cases by outcome (employed, business, further-study, enlisted, no-wish, unreachable)' }),
    flagged: z.number().int().meta({ description: 'Still open 6 months after graduation (flagged to the supervisor)' }),
    items: z.record(ServiceItemKind, LedgerItemCounts),
    byRegion: z.array(
      z.object({ regionCode: z.string(), total: z.number().int(), closed: z.number().int(), employed: z.number().int(), flagged: z.number().int() }),
    ),
  })
  .meta({ id: 'GraduateLedgerSummary' });
export type GraduateLedgerSummary = z.infer<typeof GraduateLedgerSummary>;

const LedgerItemState = ItemState.meta({ description: 'As counted in the summary (see LedgerItemCounts), judged on the Asia/Shanghai date of the request' });

export const GraduateLedgerLinesQuery = GraduateLedgerQuery.extend({
  status: LedgerStatus.optional(),
  caseId: ResourceId.optional().meta({ description: "Only this case's line (a case page), if it lies in the year and region asked" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});

export const GraduateLedgerLineView = z
  .object({
    caseId: z.string(),
    regionCode: z.string(),
    name: z.string().meta({ description: 'Masked (李**); the full name leaves only in the audited export' }),
    idNumber: z.string().meta({ description: 'Masked (220102**********33)' }),
    school: z.string(),
    major: z.string(),
    degree: Degree,
    graduationDate: z.string(),
    status: LedgerStatus,
    outcome: z.string().nullable(),
    intention: z.string().nullable(),
    skillLevel: z.string().nullable(),
    contactAttempts: z.number().int(),
    refusals: z.number().int(),
    flagged: z.boolean(),
    employerCreditCode: z.string().nullable(),
    closedReason: z.string().nullable(),
    items: z.array(
      z.object({
        kind: ServiceItemKind,
        seq: z.number().int(),
        dueDate: z.string(),
        dueProvisional: z.boolean().meta({ description: '预计: counted through a year whose holiday notice is not out yet' }),
        state: LedgerItemState,
        completedAt: z.string().nullable(),
        response: z.string().nullable(),
        position: z.string().nullable(),
        employer: z.string().nullable(),
      }),
    ),
    updatedAt: z.string(),
  })
  .meta({ id: 'GraduateLedgerLine' });
export type GraduateLedgerLineView = z.infer<typeof GraduateLedgerLineView>;

export const GraduateLedgerLinePage = z
  .object({
    asOf: z.string().meta({ description: 'The Asia/Shanghai date item states were judged on' }),
    items: z.array(GraduateLedgerLineView),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'GraduateLedgerLinePage' });
export type GraduateLedgerLinePage = z.infer<typeof GraduateLedgerLinePage>;

/**
 * A row of a graduate list as the import command sends it: a handover without its eventId. The
 * server derives the eventId (and the case's ID hash) with its own key, so the workstation that
 * runs the import holds no key, and no caller chooses the eventId a row is deduplicated by.
 */
export const GraduateImportHandover = GraduateHandoverV1.omit({ eventId: true });
export type GraduateImportHandover = z.infer<typeof GraduateImportHandover>;

export const GraduateImportBatch = z
  .object({
    source: z.object({
      fileName: SafeLine(300).min(1).meta({ description: 'The list file the rows come from, for the audit trail' }),
      handoverId: SafeLine(TEXT_CAPS.REFERENCE).min(1),
    }),
    rows: z
      .array(
        z.object({
          row: z.number().int().min(1).meta({ description: 'Row number in the file, for the rejected-rows list' }),
          handover: z.unknown().meta({ description: 'An edu.graduate.handover.v1 message without eventId (the server derives it); validated row by row' }),
        }),
      )
      .min(1)
      .max(200),
  })
  .meta({ id: 'GraduateImportBatch' });
export type GraduateImportBatch = z.infer<typeof GraduateImportBatch>;

export const GraduateImportRowResult = z.object({
  row: z.number().int(),
  outcome: z
    .enum(['imported', 'updated', 'unchanged', 'rejected'])
    .meta({ description: 'imported: a new case; updated: a running case noted this handover; unchanged: already noted, or the case has ended' }),
  caseId: z.string().nullable(),
  reasons: z.array(z.string()).meta({ description: 'Why a row was rejected (Simplified Chinese), without personal data' }),
});
export type GraduateImportRowResult = z.infer<typeof GraduateImportRowResult>;

export const GraduateImportResult = z.object({ results: z.array(GraduateImportRowResult) }).meta({ id: 'GraduateImportResult' });

/**
 * A graduate list uploaded as a file (POST /api/imports/graduates/files): the file is the body, these
 * are the query. Without a handoverId the server derives it from the file's content as the import
 * command does, so uploading the same file again hands nothing over twice.
 */
export const GraduateImportFileQuery = z.object({
  fileName: SafeLine(300).min(1).meta({ description: 'The list file’s name: its extension (.xlsx, .csv) says how it is read' }),
  handoverId: SafeLine(TEXT_CAPS.REFERENCE).min(1).optional().meta({ description: 'Default: IMPORT- and a hash of the file, as npm run import' }),
  occurredAt: GraduateHandoverV1.shape.occurredAt
    .optional()
    .meta({ description: 'When the bureau received the list (first-contact deadlines count from it); default now' }),
});

export const GraduateImportRunId = z.object({ runId: z.string().regex(/^run-[0-9a-f-]{36}$/) });

/** running: handing over; interrupted: running, but its API process stopped before the end (upload the file again). */
export const GraduateImportRunStatus = z.enum(['running', 'finished', 'failed', 'interrupted']);

export const GraduateImportRejectedRow = z.object({
  row: z.number().int().meta({ description: 'Row number as the spreadsheet shows it' }),
  reasons: z.array(z.string()).meta({ description: 'Simplified Chinese, never with an ID number, name or phone' }),
});

export const GraduateImportRunSummary = z.object({
  runId: z.string(),
  fileName: z.string(),
  handoverId: z.string(),
  occurredAt: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  status: GraduateImportRunStatus,
  total: z.number().int(),
  processed: z.number().int().meta({ description: 'Rows read and answered so far' }),
  counts: z.object({ imported: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
  failure: z.string().nullable().meta({ description: 'Why a failed or interrupted run stopped (Simplified Chinese)' }),
});
export type GraduateImportRunSummary = z.infer<typeof GraduateImportRunSummary>;

export const GraduateImportRun = GraduateImportRunSummary.extend({ rejected: z.array(GraduateImportRejectedRow) }).meta({ id: 'GraduateImportRun' });
export type GraduateImportRun = z.infer<typeof GraduateImportRun>;

export const GraduateImportRunList = z.object({ items: z.array(GraduateImportRunSummary) }).meta({ id: 'GraduateImportRunList' });
