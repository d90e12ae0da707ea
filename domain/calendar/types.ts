/** One calendar year of the State Council's holiday notice, transcribed as data. */
export type CalendarYearData = {
  year: number;
  source: { title: string; documentNumber: string; issued: string; url: string };
  /** Every day off of each holiday block inside `year`, weekends within the block included. */
  holidays: { name: string; nameZh: string; dates: string[] }[];
  /** Weekend days that are working days (调休上班). */
  makeUpWorkdays: string[];
};
