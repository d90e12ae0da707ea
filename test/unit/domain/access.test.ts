/**
 * Who may work on an escalated task: the role it went to, at the office it reached up the ladder
 * or above it; an escalation that names a role only (cases started before the ladder) as before.
 */
import { describe, expect, it } from 'vitest';
import { decideTaskAction, type TaskFacts } from '../../../domain/access.js';
import type { Actor, Role } from '../../../domain/actor.js';

const actor = (role: Role, jurisdiction: string): Actor => ({ userId: `${role}-${jurisdiction}`, role, jurisdiction });

/** A county caseworker's task, overdue, that went to the county's supervisor, then the city's, then the city's leader. */
const climbed: TaskFacts = {
  regionCode: '220102',
  candidateRole: 'caseworker',
  status: 'open',
  assignee: null,
  overdue: true,
  slaPaused: false,
  escalatedTo: 'leader',
  escalatedRegion: '2201',
  escalationPath: [
    { role: 'supervisor', regionCode: '220102' },
    { role: 'supervisor', regionCode: '2201' },
    { role: 'leader', regionCode: '2201' },
  ],
};

/** The same task escalated as cases started before the ladder do: to a role, no office. */
const roleOnly: TaskFacts = { ...climbed, escalatedRegion: null, escalationPath: [] };

describe('claiming an escalated task', () => {
  it.each([
    ['the county supervisor', actor('supervisor', '220102'), true],
    ['the city supervisor it reached', actor('supervisor', '2201'), true],
    ['the city leader it reached', actor('leader', '2201'), true],
    ['the province leader, above the office it reached', actor('leader', '22'), true],
    ['a county caseworker, its candidate', actor('caseworker', '220102'), true],
    ['the county leader, whom it never reached', actor('leader', '220102'), false],
    ['a liaison officer of the city', actor('liaison', '2201'), false],
    ['another city’s leader', actor('leader', '2202'), false],
  ])('%s: %s', (_who, who, allowed) => {
    expect(decideTaskAction(who, climbed, 'claim').ok).toBe(allowed);
  });

  it('lets the city supervisor reassign, and the city supervisor or leader complete once claimed', () => {
    expect(decideTaskAction(actor('supervisor', '2201'), climbed, 'reassign')).toEqual({ ok: true });
    for (const who of [actor('supervisor', '2201'), actor('leader', '2201')]) {
      expect(decideTaskAction(who, { ...climbed, status: 'claimed', assignee: who.userId }, 'complete')).toEqual({ ok: true });
    }
  });

  it('answers why the county leader may not', () => {
    expect(decideTaskAction(actor('leader', '220102'), climbed, 'claim')).toEqual({ ok: false, code: 'role_not_allowed', message: '您的岗位不能认领此任务' });
    expect(decideTaskAction(actor('leader', '2202'), climbed, 'claim')).toMatchObject({ ok: false, code: 'outside_jurisdiction' });
  });

  it('lets the escalated role in anywhere in the jurisdiction when the escalation names no office, as before the ladder', () => {
    expect(decideTaskAction(actor('leader', '220102'), roleOnly, 'claim').ok).toBe(true);
    expect(decideTaskAction(actor('leader', '22'), roleOnly, 'claim').ok).toBe(true);
    // Tasks carried from runs before the ladder have neither field.
    const { escalatedRegion: _r, escalationPath: _p, ...carried } = roleOnly;
    expect(decideTaskAction(actor('leader', '220102'), carried, 'claim').ok).toBe(true);
    expect(decideTaskAction(actor('leader', '220102'), { ...carried, escalatedTo: null }, 'claim').ok).toBe(false);
  });
});
