// lunar-javascript ships no types. These cover only what the statutory-holiday tests use to
// cross-check domain/calendar/lunar.ts (version pinned in package.json).

declare module 'lunar-javascript' {
  export interface Solar {
    /** 'YYYY-MM-DD'. */
    toYmd(): string;
  }
  export interface Lunar {
    getSolar(): Solar;
    /** Solar terms around the lunar year, by Chinese name (e.g. '清明'). */
    getJieQiTable(): Record<string, Solar>;
  }
  /** Month > 0 is a regular month, < 0 a leap month. */
  export const Lunar: { fromYmd(year: number, month: number, day: number): Lunar };
  export interface LunarMonth {
    getDayCount(): number;
  }
  export const LunarMonth: { fromYm(year: number, month: number): LunarMonth | null };
}
