/**
 * The inbox (`GET /api/tasks?scope=mine`) after escalations up the administrative ladder, with the
 * app in-process over embedded PGlite and the rows written by the task activity as a case
 * workflow writes them: each office a task reached keeps it, an office it has not reached does
 * not see it as its own, and an escalation that names a role only shows as it always did.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseActivities } from '../../activities/cases.js';
import type { PublishEventInput } from '../../activities/events.js';
import { createTaskActivities } from '../../activities/tasks.js';
import { systemActor, type Actor, type Role } from '../../domain/actor.js';
import { TaskList, TaskView, type EscalationStop } from '../../domain/contracts/tasks.js';
import { createTokenService } from '../../services/http/auth.js';
import { unitApi } from '../support/api.js';
import { taskView } from '../support/fixtures.js';
import { migratedDatabase } from '../support/pglite.js';

const tokens = createTokenService('inbox-unit-secret');
const published: PublishEventInput[] = [];
const pglite = migratedDatabase('jiuye-inbox-http-');
let app: ReturnType<typeof unitApi>;

const DAY_MS = 86_400_000;
const start = Date.now();
const iso = (days: number) => new Date(start + days * DAY_MS).toISOString();

const county = (role: Role, userId = `${role}-nanguan`): Actor => ({ userId, role, jurisdiction: '220102' });
const city = (role: Role): Actor => ({ userId: `${role}-changchun`, role, jurisdiction: '2201' });
const province = (role: Role): Actor => ({ userId: `${role}-jilin`, role, jurisdiction: '22' });

const sup = (regionCode: string): EscalationStop => ({ role: 'supervisor', regionCode });
const leader = (regionCode: string): EscalationStop => ({ role: 'leader', regionCode });

interface Story {
  id: string;
  regionCode: string;
  candidateRole?: Role;
  /** The offices reached up the ladder, in order; or 'role-only' for an escalation of a case started before the ladder. */
  climb: EscalationStop[] | 'role-only';
  /** What happens after the climb. */
  then?: { status: 'claimed'; assignee: string } | { status: 'completed' };
}

const stories: Story[] = [
  { id: 'tk-county-only', regionCode: '220102', climb: [sup('220102')] },
  { id: 'tk-to-city', regionCode: '220102', climb: [sup('220102'), sup('2201')] },
  { id: 'tk-to-city-leader', regionCode: '220102', climb: [sup('220102'), sup('2201'), leader('2201')], then: { status: 'claimed', assignee: 'cw-x' } },
  { id: 'tk-role-only', regionCode: '220102', climb: 'role-only' },
  { id: 'tk-other-county', regionCode: '220103', climb: [sup('220103'), sup('2201')] },
  { id: 'tk-supervisors-own', regionCode: '220102', candidateRole: 'supervisor', climb: [] },
  { id: 'tk-done', regionCode: '220102', climb: [sup('220102'), sup('2201')], then: { status: 'completed' } },
];

/** Writes a task's life as its workflow would: created, overdue, each escalation, then what follows. */
async function live(story: Story, record: ReturnType<typeof createTaskActivities>['recordTaskChange']): Promise<void> {
  const caseId = `layoff-filing:${story.id}`;
  await createCaseActivities({ prisma: pglite.db.prisma }).recordCaseOpened({
    caseId,
    type: 'layoff-filing',
    regionCode: story.regionCode,
    title: '裁员备案',
    at: iso(-10),
    reason: '收到裁员备案',
    detail: {},
  });
  const task = taskView({
    id: story.id,
    caseId,
    regionCode: story.regionCode,
    candidateRole: story.candidateRole ?? 'caseworker',
    dueDate: iso(-9).slice(0, 10),
    dueAt: iso(-9),
    createdAt: iso(-10),
    updatedAt: iso(-10),
  });
  let day = -10;
  const write = async (action: string, detail: Record<string, unknown> = {}, actor: Actor = systemActor) => {
    task.version += 1;
    day += 1;
    task.updatedAt = iso(day);
    await record({ task: structuredClone(task), action, actor, at: task.updatedAt, before: null, after: {}, detail });
  };
  await write('created');
  if (story.climb === 'role-only') {
    Object.assign(task, { overdue: true });
    await write('overdue');
    Object.assign(task, { escalationLevel: 1, escalatedTo: 'supervisor' });
    await write('escalated', { to: 'supervisor', level: 1 });
  } else if (story.climb.length > 0) {
    Object.assign(task, { overdue: true });
    await write('overdue');
    for (const [i, stop] of story.climb.entries()) {
      Object.assign(task, { escalationLevel: i + 1, escalatedTo: stop.role, escalatedRegion: stop.regionCode, escalationPath: story.climb.slice(0, i + 1) });
      await write('escalated', { to: stop.role, level: i + 1, escalatedRegion: stop.regionCode, reason: `第 ${i + 1} 级升级至 ${stop.regionCode}` });
    }
  }
  if (story.then?.status === 'claimed') {
    Object.assign(task, { status: 'claimed', assignee: story.then.assignee });
    await write('claim', {}, county('caseworker', story.then.assignee));
  } else if (story.then?.status === 'completed') {
    Object.assign(task, { status: 'completed', completedAt: iso(day + 1) });
    await write('complete', {}, city('supervisor'));
  }
}

async function inbox(actor: Actor): Promise<string[]> {
  const res = await app.request('/api/tasks?scope=mine&limit=200', { headers: { authorization: `Bearer ${await tokens.sign(actor)}` } });
  expect(res.status).toBe(200);
  return TaskList.parse(await res.json())
    .items.map((t) => t.id)
    .sort();
}

beforeAll(async () => {
  const activities = createTaskActivities({ prisma: pglite.db.prisma, publish: async (input) => (published.push(input), { eventId: input.message.eventId }) });
  for (const story of stories) await live(story, (change) => activities.recordTaskChange(change));
  app = unitApi({ prisma: pglite.db.prisma, tokens });
});

describe('the inbox after escalations up the ladder', () => {
  it.each([
    // The county supervisor keeps what reached the county, also once it went on to the city.
    ['the county supervisor', county('supervisor'), ['tk-county-only', 'tk-role-only', 'tk-supervisors-own', 'tk-to-city', 'tk-to-city-leader']],
    // The city supervisor has what reached the city, from every county, not what only reached a county.
    ['the city supervisor', city('supervisor'), ['tk-other-county', 'tk-role-only', 'tk-supervisors-own', 'tk-to-city', 'tk-to-city-leader']],
    // Claimed by a caseworker or not: an escalation is for its recipients.
    ['the city leader', city('leader'), ['tk-to-city-leader']],
    ['the county leader, whom nothing reached', county('leader'), []],
    // Above the ladder's reach: the province keeps what it saw before (its own role's tasks, role-only escalations).
    ['the province supervisor', province('supervisor'), ['tk-role-only', 'tk-supervisors-own']],
    ['the caseworker', county('caseworker', 'cw-x'), ['tk-county-only', 'tk-role-only', 'tk-to-city', 'tk-to-city-leader']],
  ])('%s', async (_who, actor, expected) => {
    expect(await inbox(actor)).toEqual(expected);
  });

  it('shows where a task sits and the offices it reached', async () => {
    const res = await app.request('/api/tasks/tk-to-city-leader', { headers: { authorization: `Bearer ${await tokens.sign(city('leader'))}` } });
    expect(TaskView.parse(await res.json())).toMatchObject({
      status: 'claimed',
      escalationLevel: 3,
      escalatedTo: 'leader',
      escalatedRegion: '2201',
      escalationPath: [sup('220102'), sup('2201'), leader('2201')],
    });
    const old = await app.request('/api/tasks/tk-role-only', { headers: { authorization: `Bearer ${await tokens.sign(city('supervisor'))}` } });
    expect(TaskView.parse(await old.json())).toMatchObject({ escalatedTo: 'supervisor', escalatedRegion: null, escalationPath: [] });
  });

  it("lists one case's open tasks by caseId (a case page)", async () => {
    const res = await app.request(`/api/tasks?scope=team&caseId=${encodeURIComponent('layoff-filing:tk-to-city')}`, {
      headers: { authorization: `Bearer ${await tokens.sign(county('caseworker'))}` },
    });
    expect(TaskList.parse(await res.json()).items.map((t) => t.id)).toEqual(['tk-to-city']);
    const done = await app.request(`/api/tasks?scope=team&caseId=${encodeURIComponent('layoff-filing:tk-done')}`, {
      headers: { authorization: `Bearer ${await tokens.sign(county('caseworker'))}` },
    });
    expect(TaskList.parse(await done.json()).items).toEqual([]);
  });

  it('says where it went in the escalated event and the audit entry', async () => {
    const events = published.filter((p) => p.topic === 'task.lifecycle.v1' && p.key === 'layoff-filing:tk-to-city').map((p) => p.message);
    expect(events.filter((m) => 'kind' in m && m.kind === 'escalated').map((m) => ('reason' in m ? m.reason : undefined))).toEqual([
      '第 1 级升级至 220102',
      '第 2 级升级至 2201',
    ]);
    const audit = await pglite.db.prisma.auditEntry.findMany({ where: { taskId: 'tk-to-city', action: 'task.escalated' }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => a.detail)).toEqual([expect.objectContaining({ escalatedRegion: '220102' }), expect.objectContaining({ escalatedRegion: '2201' })]);
  });
});
