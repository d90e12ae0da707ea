/**
 * The handovers a graduate case has had, bounded. The ledger line names the latest HANDOVERS_KEPT
 * (`line.handoverIds`); the ledger read model keeps every one, appending those it has not got
 * (activities/graduate-1311.ts), so the case trims a handover only once the line naming it is
 * written. A person appears on every list the education department sends, for as long as they go
 * unplaced, and a case kept them all in its state and carried them across continue-as-new.
 *
 * A re-delivered handover must change nothing, trimmed or not. Each one kept has its list's time
 * (`occurredAt`); the newest time among those trimmed is the horizon. A handover not kept and no
 * newer than the horizon is taken as seen: every trimmed one is (so no re-delivery is missed), and
 * any other is a list older than HANDOVERS_KEPT newer ones, with nothing the case still needs.
 */
import type { GraduateHandover, LedgerLine } from '../../domain/cases/graduate-1311.js';

export const HANDOVERS_KEPT = 20;

/** What the case carries across continue-as-new besides the line. Plain JSON. */
export interface HandoverTimes {
  /** The list time of each handover the line names; absent for those named before handovers were bounded. */
  at: Record<string, string>;
  /** The newest list time among the handovers trimmed from the line, if any were. */
  horizon: string | null;
}

export function newHandoverTimes(first?: Pick<GraduateHandover, 'handoverId' | 'occurredAt'>): HandoverTimes {
  return { at: first ? { [first.handoverId]: first.occurredAt } : {}, horizon: null };
}

/** The case already has this handover (or one as old): it changes nothing. */
export function handoverSeen(line: LedgerLine, times: HandoverTimes, handover: Pick<GraduateHandover, 'handoverId' | 'occurredAt'>): boolean {
  if (line.handoverIds.includes(handover.handoverId)) return true;
  return times.horizon !== null && Date.parse(handover.occurredAt) <= Date.parse(times.horizon);
}

export function addHandover(line: LedgerLine, times: HandoverTimes, handover: Pick<GraduateHandover, 'handoverId' | 'occurredAt'>): void {
  line.handoverIds.push(handover.handoverId);
  times.at[handover.handoverId] = handover.occurredAt;
}

/** Drops all but the latest HANDOVERS_KEPT from the line, moving the horizon past those dropped. */
export function trimHandovers(line: LedgerLine, times: HandoverTimes): void {
  const dropped = line.handoverIds.splice(0, Math.max(0, line.handoverIds.length - HANDOVERS_KEPT));
  for (const id of dropped) {
    const at = times.at[id];
    delete times.at[id];
    if (at !== undefined && (times.horizon === null || Date.parse(at) > Date.parse(times.horizon))) times.horizon = at;
  }
}
