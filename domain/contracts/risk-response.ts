/**
 * HTTP bodies of unemployment-risk monitoring and the emergency response: GET /api/risk, and one
 * response's directives (GET /api/responses/{caseId}/directives).
 */
import { z } from 'zod';
import { Department, RegionFilter, ResourceId } from './common.js';
import { RiskLevelSchema } from '../profiles/index.js';

export const RiskQuery = z.object({
  region: RegionFilter.optional().meta({ description: 'Division code or prefix within the caller’s jurisdiction; default: all of it' }),
  atLeast: RiskLevelSchema.optional().meta({ description: 'Only regions declared at this level or higher' }),
});

export const RiskRegionView = z
  .object({
    regionCode: z.string(),
    industrySection: z.string().nullable().meta({ description: 'GB/T 4754 section letter; null for the region as a whole' }),
    declaredLevel: RiskLevelSchema.nullable().meta({ description: 'The level the response acts on (Ⅳ blue … Ⅰ red), null when none' }),
    assessedLevel: RiskLevelSchema.nullable().meta({
      description: 'What the indicators say now; below the declared level while a step down waits for its settling period and sign-off',
    }),
    colour: z.enum(['blue', 'yellow', 'orange', 'red']).nullable(),
    indicators: z.record(z.string(), z.number()),
    reasons: z.array(z.string()),
    responseCaseId: z.string().nullable(),
    workers: z.number().int().meta({ description: 'Laid-off workers of the region’s filings with a re-employment case' }),
    placed: z.number().int().meta({ description: 'Of them, placed (their case closed as employed)' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'RiskRegion' });
export type RiskRegionView = z.infer<typeof RiskRegionView>;

export const RiskList = z.object({ items: z.array(RiskRegionView) }).meta({ id: 'RiskList' });

export const ResponseParam = z.object({ caseId: ResourceId.meta({ description: 'The response case’s ID, risk-response:<region>:<n>' }) });

export const DirectiveStatus = z.enum(['issued', 'acknowledged', 'in-progress', 'done', 'declined', 'withdrawn']);
export type DirectiveStatus = z.infer<typeof DirectiveStatus>;

/** One directive of a response where its latest step leaves it (GET /api/responses/{caseId}/directives). */
export const ResponseDirectiveView = z
  .object({
    directiveId: z.string(),
    department: Department,
    departmentLabel: z.string(),
    instruction: z.string(),
    status: DirectiveStatus,
    statusLabel: z.string().meta({ description: '已下达 / 已确认 / 办理中 / 已完成 / 已拒绝 / 已撤回' }),
    issuedAt: z.string(),
    acknowledgeBy: z.string().nullable(),
    completeBy: z.string().nullable(),
    unacknowledged: z.boolean().meta({ description: 'Still issued, past its acknowledgement deadline' }),
    overdue: z.boolean().meta({ description: 'Not done, declined or withdrawn by its completion deadline' }),
    lastNote: z.string().nullable().meta({ description: 'The department’s note on its latest report' }),
    reportedAt: z.string().nullable().meta({ description: 'When the department last reported' }),
  })
  .meta({ id: 'ResponseDirective' });
export type ResponseDirectiveView = z.infer<typeof ResponseDirectiveView>;

export const ResponseDirectives = z
  .object({
    caseId: z.string(),
    regionCode: z.string(),
    level: RiskLevelSchema.nullable().meta({ description: 'The response’s level as its timeline last gave it' }),
    asOf: z.string(),
    directives: z.array(ResponseDirectiveView).meta({ description: 'In the order they were issued (one issued again is a new directive)' }),
  })
  .meta({ id: 'ResponseDirectives' });
export type ResponseDirectives = z.infer<typeof ResponseDirectives>;
