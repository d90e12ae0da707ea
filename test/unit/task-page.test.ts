/**
 * What the workbench's task page says about a task (services/web/src/workbench/lib/task-page.ts):
 * working days left through the same calendar the workflows count with, the escalation path, the
 * actions the signed-in person may take (domain/access's rules), and a completed result read back
 * under its Chinese titles and labels.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { taskResultSchemas } from '../../domain/cases/index.js';
import { formModel } from '../../services/web/src/workbench/lib/result-form.js';
import { allowedActions, deadlineText, escalationSteps, resultLines } from '../../services/web/src/workbench/lib/task-page.js';
import { taskView } from '../support/fixtures.js';

const caseworker: Actor = { userId: 'cw-1', role: 'caseworker', jurisdiction: '220102' };
const colleague: Actor = { userId: 'cw-2', role: 'caseworker', jurisdiction: '220102' };
const supervisor: Actor = { userId: 'sup-1', role: 'supervisor', jurisdiction: '2201' };
/** A Wednesday noon in Shanghai, in a year whose holiday notice is bundled. */
const wednesday = new Date('2026-03-11T04:00:00Z');

describe('task page wording', () => {
  it('counts working days left, skipping the weekend, and says when it is due today or overdue', () => {
    expect(deadlineText({ dueDate: '2026-03-16', status: 'open' }, wednesday)).toBe('截止 2026-03-16，还剩 3 个工作日');
    expect(deadlineText({ dueDate: '2026-03-11', status: 'claimed' }, wednesday)).toBe('截止 2026-03-11，今天到期');
    expect(deadlineText({ dueDate: '2026-03-09', status: 'open' }, wednesday)).toBe('截止 2026-03-09，已逾期 2 个工作日');
    expect(deadlineText({ dueDate: '2026-03-09', status: 'completed' }, wednesday)).toBe('截止 2026-03-09');
  });

  it('names each office of the escalation path', () => {
    expect(
      escalationSteps({
        escalationPath: [
          { role: 'supervisor', regionCode: '220102' },
          { role: 'supervisor', regionCode: '2201' },
        ],
        escalatedTo: 'supervisor',
        escalatedRegion: '2201',
      }),
    ).toEqual([expect.stringMatching(/主管$/), expect.stringMatching(/^长春市 主管$/)]);
    expect(escalationSteps({ escalationPath: [], escalatedTo: null, escalatedRegion: null })).toEqual([]);
  });

  it('offers the actions the workflow would allow: claim to the candidates, complete to the assignee, reassign to supervisors', () => {
    const open = taskView({ status: 'open', assignee: null, regionCode: '220102', candidateRole: 'caseworker' });
    expect([...allowedActions(caseworker, open)].sort()).toEqual(['claim', 'note']);
    expect([...allowedActions(supervisor, open)].sort()).toEqual(['claim', 'note', 'pause-sla', 'reassign']);
    const mine = { ...open, status: 'claimed' as const, assignee: caseworker.userId };
    expect([...allowedActions(caseworker, mine)].sort()).toEqual(['complete', 'note', 'pause-sla', 'release']);
    expect([...allowedActions(colleague, mine)].sort()).toEqual(['note']);
    expect([...allowedActions(caseworker, { ...mine, slaPaused: true })]).toContain('resume-sla');
  });

  it('reads a completed result back under its titles and labels', () => {
    const model = formModel(z.toJSONSchema(taskResultSchemas['graduate-first-contact'], { io: 'input' }));
    expect(resultLines(model, { reached: true, wantsWork: false, intention: 'further-study', skillLevel: 'none' })).toEqual([
      { label: '是否联系上', value: '已联系上' },
      { label: '有就业意愿', value: '否' },
      { label: '去向意向', value: '升学' },
      { label: '技能等级', value: '无' },
    ]);
  });
});
