/**
 * A task's notes in the read model and the audit trail, on embedded PGlite, written as a case
 * workflow writes them now that it keeps only the latest few in its state (workflows/tasks.ts):
 * every note reaches the row, in order, once, and the inbox shows them all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseActivities } from '../../activities/cases.js';
import { createTaskActivities, type RecordTaskChangeInput } from '../../activities/tasks.js';
import { systemActor, type Actor } from '../../domain/actor.js';
import { TaskView, type TaskNote } from '../../domain/contracts/tasks.js';
import { createTokenService } from '../../services/http/auth.js';
import { NOTES_KEPT } from '../../workflows/tasks.js';
import { unitApi } from '../support/api.js';
import { taskView } from '../support/fixtures.js';
import { migratedDatabase } from '../support/pglite.js';

const tokens = createTokenService('notes-unit-secret');
const cw: Actor = { userId: 'cw-notes', role: 'caseworker', jurisdiction: '220102' };
const now = new Date().toISOString();
const pglite = migratedDatabase('jiuye-task-notes-');
let record: (change: RecordTaskChangeInput) => Promise<{ written: boolean }>;

beforeAll(async () => {
  const activities = createTaskActivities({ prisma: pglite.db.prisma, publish: async (input) => ({ eventId: input.message.eventId }) });
  record = (change) => activities.recordTaskChange(change);
});

async function openTask(id: string): Promise<TaskView> {
  const caseId = `layoff-filing:${id}`;
  await createCaseActivities({ prisma: pglite.db.prisma }).recordCaseOpened({
    caseId,
    type: 'layoff-filing',
    regionCode: '220102',
    title: '裁员备案',
    at: now,
    reason: '收到裁员备案',
    detail: {},
  });
  const task = taskView({ id, caseId, status: 'claimed', assignee: cw.userId, version: 2 });
  await record({ task, action: 'created', actor: systemActor, at: now, before: null, after: {}, detail: {} });
  return task;
}

const text = (i: number) => `第 ${i} 次跟进`;

describe('task notes in the read model', () => {
  it('has every note, in order and once, though each write carries only the latest', async () => {
    const task = await openTask('tk-many-notes');
    const total = NOTES_KEPT * 2 + 3;
    let kept: TaskNote[] = [];
    for (let i = 1; i <= total; i += 1) {
      kept = [...kept, { at: now, by: cw.userId, role: cw.role, text: text(i) }].slice(-NOTES_KEPT);
      task.version += 1;
      const change = { task: { ...task, notes: kept }, noteCount: i, action: 'note', actor: cw, at: now, before: null, after: {}, detail: { text: text(i) } };
      expect(await record(change)).toEqual({ written: true });
      // A retried write (the activity ran, the worker did not hear back) adds nothing.
      if (i % 5 === 0) expect(await record(change)).toEqual({ written: false });
    }
    const all = Array.from({ length: total }, (_, i) => text(i + 1));
    const row = await pglite.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect((row.notes as TaskNote[]).map((n) => n.text)).toEqual(all);
    const audit = await pglite.db.prisma.auditEntry.findMany({ where: { taskId: task.id, action: 'task.note' }, orderBy: { id: 'asc' } });
    expect(audit).toHaveLength(total);

    const res = await unitApi({ prisma: pglite.db.prisma, tokens }).request(`/api/tasks/${task.id}`, {
      headers: { authorization: `Bearer ${await tokens.sign(cw)}` },
    });
    expect(res.status).toBe(200);
    expect(TaskView.parse(await res.json()).notes.map((n) => n.text)).toEqual(all);
  });

  it('takes the notes as sent from a workflow that keeps them all (no count)', async () => {
    const task = await openTask('tk-all-notes');
    const notes = [1, 2, 3].map((i) => ({ at: now, by: cw.userId, role: cw.role, text: text(i) }));
    task.version += 1;
    await record({ task: { ...task, notes }, action: 'note', actor: cw, at: now, before: null, after: {}, detail: { text: text(3) } });
    const row = await pglite.db.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect((row.notes as TaskNote[]).map((n) => n.text)).toEqual([text(1), text(2), text(3)]);
  });
});
