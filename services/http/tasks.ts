/**
 * The caseworker inbox. Reads come from the task read model; every action is a Temporal update
 * to the workflow that owns the task, which validates it (state, person, result) and records it
 * before answering, so a later read sees the change. The API itself checks only what it can know
 * for certain: who is calling and whether the task lies in their jurisdiction.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { canSeeRegion, caseReaders } from '../../domain/access.js';
import {
  CompleteTaskBody,
  NoteBody,
  PauseSlaBody,
  ReassignTaskBody,
  TaskIdParam,
  TaskList,
  TaskListQuery,
  TaskView,
  type TaskType,
} from '../../domain/contracts/tasks.js';
import { taskResultSchemas } from '../../domain/cases/index.js';
import { type Actor } from '../../domain/actor.js';
import { regionPrefix } from '../../domain/jurisdiction.js';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import {
  addTaskNoteUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  pauseTaskSlaUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resumeTaskSlaUpdate,
} from '../../workflows/task-messages.js';
import { requireRole, type ApiEnv } from './access.js';
import { fromWorkflowFailure, HttpError } from './errors.js';
import { errorResponse, jsonBody, jsonResponse, taggedRoutes } from './openapi.js';
import { decodeCursor, encodeCursor } from './paging.js';
import type { ApiDeps } from './routes.js';

type TaskRow = Awaited<ReturnType<PrismaClient['task']['findFirstOrThrow']>>;

export function taskView(row: TaskRow): TaskView {
  return TaskView.parse({
    ...row,
    dueAt: row.dueAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    result: row.result ?? null,
  });
}

const errors = {
  400: errorResponse('Bad input, with the failing fields'),
  403: errorResponse('Role not allowed, or not the assignee'),
  404: errorResponse('No such task in my jurisdiction (another jurisdiction’s task is answered the same)'),
  409: errorResponse('The task is not in a state that allows this (e.g. claimed by someone else)'),
};
const { get, post } = taggedRoutes('tasks');

const listRoute = get(
  '/api/tasks',
  'My tasks or my team’s open tasks, soonest due first',
  { query: TaskListQuery },
  {
    200: jsonResponse(TaskList, 'A page of tasks'),
    400: errors[400],
    403: errors[403],
  },
);

const getRoute = get('/api/tasks/{id}', 'One task', { params: TaskIdParam }, { 200: jsonResponse(TaskView, 'The task'), 403: errors[403], 404: errors[404] });

const actionResponses = { 200: jsonResponse(TaskView, 'The task after the action'), ...errors };

function actionRoute(path: string, summary: string) {
  return post(`/api/tasks/{id}/${path}`, summary, { params: TaskIdParam }, actionResponses);
}

function actionWithBodyRoute<B extends z.ZodType>(path: string, summary: string, body: B) {
  return post(`/api/tasks/{id}/${path}`, summary, { params: TaskIdParam, body: jsonBody(body) }, actionResponses);
}

/** The task, if the actor's jurisdiction holds it; another jurisdiction's task is answered as a missing one (cases.ts). */
export async function loadVisibleTask(prisma: PrismaClient, actor: Actor, id: string): Promise<TaskRow> {
  const row = await prisma.task.findUnique({ where: { id } });
  if (!row || !canSeeRegion(actor, row.regionCode)) throw new HttpError(404, 'task_not_found', '未找到此任务，或它不在您的辖区内');
  return row;
}

export function registerTaskRoutes(app: OpenAPIHono<ApiEnv>, { prisma, client }: ApiDeps): void {
  const loadVisible = (actor: Actor, id: string) => loadVisibleTask(prisma, actor, id);

  // The completion body's `result` depends on the task's type, so the body itself says only
  // "unknown"; each type's result is listed on its own, with its fields' Chinese titles and enum
  // labels, for whoever builds a form or a client.
  for (const [type, schema] of Object.entries(taskResultSchemas)) {
    const result = z.toJSONSchema(schema, { io: 'input' });
    delete result.$schema;
    app.openAPIRegistry.registerComponent('schemas', `TaskResult.${type}`, result as Parameters<typeof app.openAPIRegistry.registerComponent<'schemas'>>[2]);
  }

  app.openapi(listRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const q = c.req.valid('query');
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    const mine: Prisma.TaskWhereInput = {
      OR: [
        { assignee: actor.userId, status: 'claimed' },
        { status: 'open', candidateRole: actor.role },
        // An escalation is for its recipients whether or not someone has claimed the task. Up the
        // ladder, each office it reached keeps it (the county's supervisor still has it once it
        // went on to the city's) and an office it has not reached does not: the city supervisor's
        // inbox has what reached the city, not every county's escalations. One naming a role only
        // (cases started before the ladder) goes to that role anywhere in the jurisdiction, as before.
        { status: { in: ['open', 'claimed'] }, escalationPath: { array_contains: [{ role: actor.role, regionCode: regionPrefix(actor.jurisdiction) }] } },
        { status: { in: ['open', 'claimed'] }, escalatedTo: actor.role, escalatedRegion: null },
      ],
    };
    const where: Prisma.TaskWhereInput = {
      AND: [
        { regionCode: { startsWith: regionPrefix(actor.jurisdiction) } },
        q.scope === 'mine' ? mine : q.status ? {} : { status: { in: ['open', 'claimed'] } },
        q.status ? { status: q.status } : {},
        q.caseType ? { caseType: q.caseType } : {},
        q.caseId ? { caseId: q.caseId } : {},
        q.overdue === undefined ? {} : { overdue: q.overdue },
        q.dueBefore ? { dueDate: { lte: q.dueBefore } } : {},
        after ? { OR: [{ dueAt: { gt: after.at } }, { dueAt: after.at, id: { gt: after.id } }] } : {},
      ],
    };
    const rows = await prisma.task.findMany({ where, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json({ items: page.map(taskView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.dueAt, last.id) : null }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    return c.json(taskView(await loadVisible(actor, c.req.valid('param').id)), 200);
  });

  /** Sends one action to the owning workflow as an update and returns the task it reports. */
  const act = async (
    actor: Actor,
    id: string,
    send: (handle: ReturnType<Client['workflow']['getHandle']>, args: { taskId: string; actor: Actor }) => Promise<TaskView>,
  ): Promise<TaskView> => {
    const row = await loadVisible(actor, id);
    try {
      return await send(client.workflow.getHandle(row.caseId), { taskId: id, actor });
    } catch (err) {
      return fromWorkflowFailure(err, '案件已结束，任务不能再办理');
    }
  };

  app.openapi(actionRoute('claim', 'Claim a task (one of two simultaneous claims wins, the other gets 409)'), async (c) => {
    const actor = requireRole(c, caseReaders);
    return c.json(await act(actor, c.req.valid('param').id, (h, a) => h.executeUpdate(claimTaskUpdate, { args: [a] })), 200);
  });

  app.openapi(actionRoute('release', 'Give a claimed task back to the queue'), async (c) => {
    const actor = requireRole(c, caseReaders);
    return c.json(await act(actor, c.req.valid('param').id, (h, a) => h.executeUpdate(releaseTaskUpdate, { args: [a] })), 200);
  });

  app.openapi(actionWithBodyRoute('complete', 'Complete a claimed task with the result its type requires', CompleteTaskBody), async (c) => {
    const actor = requireRole(c, caseReaders);
    const { id } = c.req.valid('param');
    const { result } = c.req.valid('json');
    const row = await loadVisible(actor, id);
    const parsed = taskResultSchemas[row.type as TaskType].safeParse(result);
    if (!parsed.success) {
      throw new HttpError(
        400,
        'validation_failed',
        '办结结果填写有误',
        parsed.error.issues.map((i) => ({ path: ['result', ...i.path.map(String)].join('.'), message: i.message })),
      );
    }
    return c.json(await act(actor, id, (h, a) => h.executeUpdate(completeTaskUpdate, { args: [{ ...a, result: parsed.data }] })), 200);
  });

  app.openapi(actionWithBodyRoute('reassign', 'Reassign a task to another person (supervisors)', ReassignTaskBody), async (c) => {
    const actor = requireRole(c, caseReaders);
    const body = c.req.valid('json');
    return c.json(await act(actor, c.req.valid('param').id, (h, a) => h.executeUpdate(reassignTaskUpdate, { args: [{ ...a, ...body }] })), 200);
  });

  app.openapi(actionWithBodyRoute('notes', 'Add a note to a task', NoteBody), async (c) => {
    const actor = requireRole(c, caseReaders);
    const body = c.req.valid('json');
    return c.json(await act(actor, c.req.valid('param').id, (h, a) => h.executeUpdate(addTaskNoteUpdate, { args: [{ ...a, ...body }] })), 200);
  });

  app.openapi(actionWithBodyRoute('sla/pause', 'Pause the task’s clock while the case waits on the citizen', PauseSlaBody), async (c) => {
    const actor = requireRole(c, caseReaders);
    const body = c.req.valid('json');
    return c.json(await act(actor, c.req.valid('param').id, (h, a) => h.executeUpdate(pauseTaskSlaUpdate, { args: [{ ...a, ...body }] })), 200);
  });

  app.openapi(actionRoute('sla/resume', 'Resume the task’s clock with the working days that were left'), async (c) => {
    const actor = requireRole(c, caseReaders);
    return c.json(await act(actor, c.req.valid('param').id, (h, a) => h.executeUpdate(resumeTaskSlaUpdate, { args: [a] })), 200);
  });
}
