/** HTTP bodies of unemployment-risk monitoring and the emergency response: GET /api/risk. */
import { z } from 'zod';
import { RiskLevelSchema } from '../profiles/index.js';

export const RiskQuery = z.object({
  region: z
    .string()
    .regex(/^\d{2,12}$/, { error: 'region must be a division code or prefix (2–12 digits)' })
    .optional()
    .meta({ description: 'Division code or prefix within the caller’s jurisdiction; default: all of it' }),
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
