/**
 * What the leaders' dashboard reads: the summaries it starts from (GET /api/summary/*) and the
 * control events of its live stream (GET /api/stream). The stream's other events are the outbound
 * messages themselves (outbound.ts), exactly as published. Contract: /work/dashboard-contract.md.
 */
import { z } from 'zod';
import { Department, ServiceItemKind } from './common.js';
import { CaseStatus } from './http.js';
import { CaseType } from './outbound.js';

const count = z.number().int().min(0);

/** Every summary answers as of a moment, for the caller's jurisdiction (its shortest code prefix, e.g. '2201'). */
const summaryOf = <R extends z.ZodType, E extends z.ZodRawShape = Record<never, never>>(row: R, id: string, description: string, extra?: E) =>
  z
    .object({
      asOf: z.string().meta({ description: 'When the counts were taken (ISO timestamp)' }),
      jurisdiction: z.string().meta({ description: 'The caller’s jurisdiction the counts cover, as a code prefix' }),
      rows: z.array(row),
      ...(extra ?? ({} as E)),
    })
    .meta({ id, description });

/** A district: the 6-digit county-level code of the records' regions, with its Chinese name (or the code). */
const district = {
  regionCode: z.string().regex(/^\d{6}$/),
  regionName: z.string(),
};

export const CaseSummaryRow = z.object({ ...district, caseType: CaseType, status: CaseStatus.exclude(['closed']), count });
export const CasesSummary = summaryOf(CaseSummaryRow, 'CasesSummary', 'Open cases (not closed) by district, case type and status');
export type CasesSummary = z.infer<typeof CasesSummary>;

export const TaskSummaryRow = z.object({
  ...district,
  open: count.meta({ description: 'Not completed or cancelled (open or claimed)' }),
  overdue: count.meta({ description: 'Of them, past their deadline' }),
  escalated: count.meta({ description: 'Of them, escalated at least once' }),
});
export const TasksSummary = summaryOf(TaskSummaryRow, 'TasksSummary', 'Unfinished tasks by district: open, overdue, escalated');
export type TasksSummary = z.infer<typeof TasksSummary>;

export const Graduate1311ItemRow = z.object({
  item: ServiceItemKind,
  label: z.string(),
  onTime: count,
  late: count,
  missing: count.meta({ description: 'Not delivered, case open, deadline day before today (Asia/Shanghai)' }),
});
export const Graduate1311SummaryRow = z.object({
  ...district,
  cases: count,
  reached: count.meta({ description: 'Contacted at least once: past first contact and not closed as unreachable' }),
  closed: count,
  items: z.array(Graduate1311ItemRow),
});
export const Graduate1311SummaryQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .meta({ description: 'Graduation year (届别); default: the latest with cases in the jurisdiction' }),
});
export const Graduate1311Summary = summaryOf(Graduate1311SummaryRow, 'Graduate1311Summary', 'Graduate 1311 progress by district for one year', {
  year: z.number().int().nullable().meta({ description: 'The year counted; null when the jurisdiction has no graduate cases' }),
});
export type Graduate1311Summary = z.infer<typeof Graduate1311Summary>;

export const EnterpriseDemandSummaryRow = z.object({
  ...district,
  enterprises: count.meta({ description: 'Key enterprises on the list' }),
  demandsOpen: count,
  demandsFilled: count,
  vacanciesOpen: count.meta({ description: 'Positions still to fill in open demands' }),
  vacanciesFilled: count.meta({ description: 'Positions filled, in every demand' }),
});
export const EnterpriseDemandsSummary = summaryOf(EnterpriseDemandSummaryRow, 'EnterpriseDemandsSummary', 'Key enterprises and their demands by district');
export type EnterpriseDemandsSummary = z.infer<typeof EnterpriseDemandsSummary>;

export const DirectiveSummaryRow = z.object({
  department: Department,
  departmentLabel: z.string(),
  outstanding: count.meta({ description: 'Issued, acknowledged or in progress' }),
  overdue: count.meta({ description: 'Of them, past their completion deadline' }),
  done: count,
});
export const DirectivesSummary = summaryOf(
  DirectiveSummaryRow,
  'DirectivesSummary',
  'Emergency responses’ directives to member departments, of the responses in the jurisdiction, by department',
);
export type DirectivesSummary = z.infer<typeof DirectivesSummary>;

// ── The stream's control events ──

export const streamTopics = ['case.lifecycle.v1', 'task.lifecycle.v1', 'risk.level.v1', 'dept.directive.v1'] as const;
export type StreamTopic = (typeof streamTopics)[number];

export const StreamReady = z.object({ resumed: z.boolean() });
export const StreamReset = z.object({ code: z.literal('resume_gap'), message: z.string() });
export const StreamClosing = z.object({ code: z.enum(['slow_consumer', 'shutting_down']), message: z.string() });
export type StreamClosing = z.infer<typeof StreamClosing>;
