/**
 * The inbox's own logic, without a browser: working days left across the 2026 National Day
 * holiday and its make-up day, the claim button only where the API would let the claim through,
 * and a reload once per burst of stream events that concern the page (and on a gap).
 */
import { describe, expect, it, vi } from 'vitest';
import { dueLeft, mayClaim, reloadOnEvents } from '../../services/web/src/workbench/lib/inbox.js';
import type { SseMessage } from '../../services/web/src/lib/sse.js';
import { taskView } from '../support/fixtures.js';

describe('dueLeft', () => {
  it('counts working days from today, skipping the holiday and counting the make-up Saturday', () => {
    // 2026: 1–7 October off, Saturday 10 October worked.
    expect(dueLeft({ dueDate: '2026-10-12', overdue: false, status: 'open' }, '2026-09-30')).toEqual({ text: '还剩 4 个工作日', tone: 'later' });
    expect(dueLeft({ dueDate: '2026-10-08', overdue: false, status: 'open' }, '2026-09-30')).toEqual({ text: '还剩 1 个工作日', tone: 'soon' });
    expect(dueLeft({ dueDate: '2026-09-30', overdue: false, status: 'claimed' }, '2026-09-30')).toEqual({ text: '今天到期', tone: 'today' });
    expect(dueLeft({ dueDate: '2026-09-28', overdue: true, status: 'open' }, '2026-09-30')).toEqual({ text: '已逾期 2 个工作日', tone: 'overdue' });
    expect(dueLeft({ dueDate: '2026-09-28', overdue: false, status: 'completed' }, '2026-09-30').text).toBe('');
  });
});

describe('mayClaim', () => {
  const claims = { user: 'cw-a', role: 'caseworker', jurisdiction: '220102' };
  it('offers the claim on an open task of the role and jurisdiction only', () => {
    expect(mayClaim(claims, taskView())).toBe(true);
    expect(mayClaim(claims, taskView({ status: 'claimed', assignee: 'cw-b' }))).toBe(false);
    expect(mayClaim(claims, taskView({ regionCode: '220103' }))).toBe(false);
    expect(mayClaim({ ...claims, role: 'liaison' }, taskView())).toBe(false);
  });
});

/** The shared stream's listener sets, as the workbench frame keeps them. */
function listeners<T>() {
  const all = new Set<(value: T) => void>();
  return {
    add: (listener: (value: T) => void) => (all.add(listener), () => void all.delete(listener)),
    tell: (value: T) => all.forEach((listener) => listener(value)),
  };
}

describe('reloadOnEvents', () => {
  it('reloads once per burst of events that concern the page, and on a gap', () => {
    vi.useFakeTimers();
    try {
      const events = listeners<SseMessage>();
      const gaps = listeners<void>();
      const reload = vi.fn();
      const stop = reloadOnEvents({ subscribe: events.add, onGap: gaps.add }, (e) => e.caseId === 'case-1', reload);
      const task = (caseId: string, kind = 'claimed') =>
        events.tell({
          id: '1',
          event: 'task.lifecycle.v1',
          data: JSON.stringify({ eventId: 'e', occurredAt: '2026-12-03T10:00:00+08:00', caseId, kind, taskId: 't', taskType: 'x', regionCode: '220102' }),
        });
      task('case-1');
      task('case-1', 'completed');
      events.tell({ id: '2', event: 'task.lifecycle.v1', data: 'not json' });
      task('case-2');
      vi.advanceTimersByTime(300);
      expect(reload).toHaveBeenCalledTimes(1);
      gaps.tell(undefined);
      vi.advanceTimersByTime(300);
      expect(reload).toHaveBeenCalledTimes(2);
      stop();
      task('case-1');
      vi.advanceTimersByTime(300);
      expect(reload).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
