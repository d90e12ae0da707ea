/**
 * HTTP bodies of the key-enterprise accounts (docs/contracts.md, HTTP: /api/enterprises): the list
 * and its upkeep, the liaison officer's views, what they record on an account, the demand ledger's
 * export and the bulk import of the bureau's list.
 */
import { z } from 'zod';
import { DemandSource, DemandStatus, keyEnterpriseTaskResults, SubsidyKind } from '../cases/key-enterprise.js';
import {
  CreditCode,
  Cursor,
  EnterpriseName,
  EnterpriseStatus,
  IndustryCode,
  IsoDate,
  RegionCode,
  RegionFilter,
  SafeLine,
  SafeText,
  TEXT_CAPS,
} from './common.js';
import { TimelineEntry } from './http.js';
import { DEFAULT_MATCH_LIMIT } from '../matching.js';
import { DemandPosition, MAX_DEMAND_POSITIONS } from './inbound.js';
import { EscalationStop, TaskView } from './tasks.js';

const Region = RegionFilter.optional().meta({
  description: 'Administrative division code or prefix, within the caller’s jurisdiction; default: the whole jurisdiction',
});

/** POST /api/enterprises: put an enterprise on the key list, or update its listing. */
export const EnterpriseListingBody = z
  .object({
    creditCode: CreditCode.meta({ description: '统一社会信用代码 (GB 32100-2015); a failing check character is listed with a warning' }),
    name: EnterpriseName.min(1, { error: '请填写企业名称' }),
    regionCode: RegionCode.meta({ description: 'The enterprise’s county (or street) division code: whose list it is on' }),
    industryCode: IndustryCode,
    specialistId: SafeLine(TEXT_CAPS.REFERENCE)
      .min(1, { error: '请填写就业服务专员' })
      .meta({ description: 'The liaison officer’s user ID (the sub of their token)' }),
  })
  .meta({ id: 'EnterpriseListing' });
export type EnterpriseListingBody = z.infer<typeof EnterpriseListingBody>;

export const ListingEffect = z
  .enum(['listed', 'updated', 'unchanged'])
  .meta({ description: 'listed: a new account; updated: the running account took the new details; unchanged: it had them already' });

/** What market regulation has on record for the enterprise, shown beside what was typed. */
export const EnterpriseRegistration = z
  .object({
    checked: z.boolean().meta({ description: 'false: the registry did not answer, or has no record; see warnings' }),
    name: z.string().nullable(),
    status: EnterpriseStatus.nullable(),
    regionCode: z.string().nullable(),
    industryCode: z.string().nullable(),
    establishedOn: z.string().nullable(),
  })
  .meta({ id: 'EnterpriseRegistration' });
export type EnterpriseRegistration = z.infer<typeof EnterpriseRegistration>;

export const EnterpriseListingResult = z
  .object({
    creditCode: z.string(),
    caseId: z.string(),
    effect: ListingEffect,
    registration: EnterpriseRegistration,
    warnings: z.array(z.string()).meta({
      description:
        'Accepted, but worth checking: a credit code whose check character fails, a name or region that differs from the registration, a suspended enterprise, a registry that did not answer',
    }),
  })
  .meta({ id: 'EnterpriseListingResult' });
export type EnterpriseListingResult = z.infer<typeof EnterpriseListingResult>;

export const CreditCodeParam = z.object({ creditCode: CreditCode });

export const EnterpriseRemovalBody = z.object({ reason: SafeText(TEXT_CAPS.NOTE).min(1, { error: '请填写移出原因' }) }).meta({ id: 'EnterpriseRemoval' });

export const EnterpriseListQuery = z.object({
  scope: z
    .enum(['jurisdiction', 'mine'])
    .default('jurisdiction')
    .meta({ description: "'mine': the accounts whose liaison officer I am; 'jurisdiction': every key enterprise in my jurisdiction" }),
  region: Region,
  status: z.enum(['listed', 'removed']).default('listed'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});

const Headcount = z
  .object({ count: z.number().int(), period: z.string(), source: z.enum(['survey', 'social-insurance']) })
  .nullable()
  .meta({ description: 'The latest insured headcount: the liaison’s survey, or social insurance’s monthly report' });

export const EnterpriseSummary = z
  .object({
    creditCode: z.string(),
    caseId: z.string(),
    name: z.string(),
    regionCode: z.string(),
    industryCode: z.string(),
    specialistId: z.string(),
    status: z.enum(['listed', 'removed']),
    listedAt: z.string(),
    contacts: z.number().int(),
    lastContactAt: z.string().nullable(),
    nextContactDue: z.string().nullable().meta({ description: 'The open contact task’s due date, or the day the next contact falls due' }),
    headcount: Headcount,
    shortage: z.number().int().nullable().meta({ description: '用工缺口 at the last survey' }),
    openDemands: z.number().int(),
    vacanciesOpen: z.number().int().meta({ description: 'Vacancies of the open demands not filled yet' }),
    vacanciesFilled: z.number().int().meta({ description: 'Vacancies filled by hires (social-insurance enrolments at the enterprise)' }),
    hires: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'EnterpriseSummary' });
export type EnterpriseSummary = z.infer<typeof EnterpriseSummary>;

export const EnterpriseList = z.object({ items: z.array(EnterpriseSummary), nextCursor: z.string().nullable() }).meta({ id: 'EnterpriseList' });

export const DemandView = z
  .object({
    demandId: z.string(),
    source: DemandSource,
    receivedAt: z.string(),
    neededBy: z.string().nullable(),
    positions: z.array(DemandPosition),
    vacancies: z.number().int(),
    filled: z.number().int(),
    status: DemandStatus,
    responseTaskId: z.string().nullable(),
    responseDueDate: z.string().nullable(),
    respondedAt: z.string().nullable(),
    response: keyEnterpriseTaskResults['enterprise-demand-response'].nullable(),
    fillTaskId: z.string().nullable(),
    fillDueDate: z.string().nullable().meta({ description: 'When the demand should be filled; missed, it escalates up the ladder' }),
    escalation: z
      .array(EscalationStop)
      .meta({ description: 'The offices the unfilled demand reached up the ladder, in order: the county’s supervisor, then the city’s' }),
    closedAt: z.string().nullable(),
    closedReason: z.string().nullable(),
  })
  .meta({ id: 'EnterpriseDemand' });
export type DemandView = z.infer<typeof DemandView>;

export const EnterpriseDetail = EnterpriseSummary.extend({
  removedAt: z.string().nullable(),
  removalReason: z.string().nullable(),
  vacancyStructure: z.array(DemandPosition).meta({ description: '缺工岗位结构 at the last survey' }),
  hiresOutsideDemands: z.number().int(),
  layoffFilings: z.array(z.object({ filingId: z.string(), caseId: z.string(), layoffCount: z.number().int(), plannedDate: z.string() })),
  demands: z.array(DemandView).meta({ description: 'The demand ledger, newest first' }),
  tasks: z.array(TaskView).meta({ description: 'The account’s tasks still to do, soonest due first, then the latest done' }),
  timeline: z.array(TimelineEntry),
}).meta({ id: 'EnterpriseDetail' });
export type EnterpriseDetail = z.infer<typeof EnterpriseDetail>;

/** A demand the liaison records (phoned in, or found on a visit). */
export const RecordDemandBody = z
  .object({
    demandId: SafeLine(TEXT_CAPS.REFERENCE).min(1).optional().meta({ description: 'The enterprise’s own reference; default: one is made' }),
    positions: z.array(DemandPosition).min(1, { error: '请至少填写一个岗位' }).max(MAX_DEMAND_POSITIONS),
    neededBy: IsoDate.optional(),
  })
  .meta({ id: 'RecordDemand' });

export const RecordDemandResult = z.object({ creditCode: z.string(), demandId: z.string(), accepted: z.literal(true) }).meta({ id: 'RecordDemandResult' });

export const SubsidyHelpBody = z
  .object({
    subsidy: SubsidyKind.meta({ description: '稳岗返还 / 社会保险补贴 / 一次性吸纳就业补贴 / 职业培训补贴 / 就业见习补贴' }),
    note: SafeText(500).optional(),
  })
  .meta({ id: 'SubsidyHelp' });

export const DemandExportQuery = z.object({
  region: Region,
  status: DemandStatus.optional(),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
});

export const EnterpriseImportBatch = z
  .object({
    source: z.object({ fileName: SafeLine(300).min(1).meta({ description: 'The list file the rows come from, for the audit trail' }) }),
    rows: z
      .array(
        z.object({
          row: z.number().int().min(1).meta({ description: 'Row number in the file, for the rejected-rows list' }),
          enterprise: z.unknown().meta({ description: 'An EnterpriseListing; validated row by row' }),
        }),
      )
      .min(1)
      .max(200),
  })
  .meta({ id: 'EnterpriseImportBatch' });
export type EnterpriseImportBatch = z.infer<typeof EnterpriseImportBatch>;

export const EnterpriseImportRowResult = z.object({
  row: z.number().int(),
  outcome: z.enum(['listed', 'updated', 'unchanged', 'rejected']),
  creditCode: z.string().nullable(),
  reasons: z.array(z.string()).meta({ description: 'Why a row was rejected (Simplified Chinese)' }),
  warnings: z.array(z.string()),
});
export type EnterpriseImportRowResult = z.infer<typeof EnterpriseImportRowResult>;

export const EnterpriseImportResult = z.object({ results: z.array(EnterpriseImportRowResult) }).meta({ id: 'EnterpriseImportResult' });

export const DemandParam = CreditCodeParam.extend({ demandId: SafeLine(TEXT_CAPS.REFERENCE).min(1) });

export const MatchesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(DEFAULT_MATCH_LIMIT),
});

export const MatchReasonView = z.object({
  factor: z.enum(['region', 'intention', 'major', 'skill', 'degree', 'occupation']),
  points: z.number().int(),
  text: z.string().meta({ description: 'Why, in Simplified Chinese' }),
});

export const DemandMatches = z
  .object({
    creditCode: z.string(),
    demandId: z.string(),
    seekersConsidered: z.number().int().meta({ description: 'Open graduate 1311 and re-employment cases of my jurisdiction looked at' }),
    items: z.array(
      z.object({
        caseId: z.string(),
        caseType: z.enum(['graduate-1311', 'reemployment']),
        nameMasked: z.string().meta({ description: 'Masked (李**); the person’s details are on their case' }),
        regionCode: z.string(),
        positionIndex: z.number().int(),
        positionTitle: z.string(),
        score: z.number().int().meta({ description: 'Out of 100: region, intention, major or previous occupation, skill, degree' }),
        reasons: z.array(MatchReasonView),
      }),
    ),
  })
  .meta({ id: 'DemandMatches' });
export type DemandMatches = z.infer<typeof DemandMatches>;

/**
 * The open vacancies of the key enterprises' demands ranked for the person of a job-recommendation
 * task, best first. The person's province at most, where the same provincial policy (subsidies,
 * household registration) follows them into the job. A position's open count is the demand's
 * unfilled places capped at what the position asks, because a demand records its hires in total,
 * not by position.
 */
export const TaskVacancies = z
  .object({
    taskId: z.string(),
    caseId: z.string(),
    caseType: z.enum(['graduate-1311', 'reemployment']),
    nameMasked: z.string().meta({ description: 'Masked (李**); the person’s details are on their case' }),
    regionCode: z.string().meta({ description: 'The person’s household region' }),
    vacanciesConsidered: z.number().int().meta({ description: 'Open positions with places left in the person’s province that were looked at' }),
    items: z.array(
      z.object({
        creditCode: z.string(),
        demandId: z.string(),
        enterpriseName: z.string(),
        regionCode: z.string().meta({ description: 'Where the demand is to be filled' }),
        positionIndex: z.number().int().meta({ description: 'Record it as vacancy.positionIndex when completing the task' }),
        position: DemandPosition,
        open: z.number().int().meta({ description: 'Places still open for this position' }),
        score: z.number().int().meta({ description: 'Out of 100: region, intention, major or previous occupation, skill, degree' }),
        reasons: z.array(MatchReasonView),
      }),
    ),
  })
  .meta({ id: 'TaskVacancies' });
export type TaskVacancies = z.infer<typeof TaskVacancies>;
