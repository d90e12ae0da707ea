/** One calendar year of the State Council's holiday notice, transcribed as data (data/cn-YYYY.json). */
import { z } from 'zod';

const LocalDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CalendarYearData = z.strictObject({
  year: z.number().int(),
  source: z.strictObject({
    title: z.string(),
    documentNumber: z.string(),
    issued: z.string(),
    url: z.string(),
    /** What a reader of the data should know about how it was transcribed. */
    note: z.string().optional(),
  }),
  /** Every day off of each holiday block inside `year`, weekends within the block included. */
  holidays: z.array(z.strictObject({ name: z.string(), nameZh: z.string(), dates: z.array(LocalDateText), note: z.string().optional() })),
  /** Weekend days that are working days (调休上班). */
  makeUpWorkdays: z.array(LocalDateText),
});
export type CalendarYearData = z.infer<typeof CalendarYearData>;
