/**
 * GET /api/tasks/{id}/vacancies with the app in-process over embedded PGlite, the read models
 * written by the activities as the workflows write them: a graduate's or a laid-off worker's
 * job-recommendation task is offered the open key-enterprise vacancies of the person's province,
 * best first, the name masked; filled and closed demands, demands with no place left and other
 * provinces are not offered; other task types are a 409 and a task outside the jurisdiction a 404, as a missing one.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseActivities } from '../../activities/cases.js';
import { createGraduate1311Activities } from '../../activities/graduate-1311.js';
import { createKeyEnterpriseActivities } from '../../activities/key-enterprise.js';
import { createReemploymentActivities } from '../../activities/reemployment.js';
import { createFieldSeal } from '../../activities/infra/sealed.js';
import { createTaskActivities } from '../../activities/tasks.js';
import { systemActor, type Actor } from '../../domain/actor.js';
import { keyEnterpriseWorkflowId, type DemandLine, type KeyEnterpriseAccount } from '../../domain/cases/key-enterprise.js';
import type { DemandPosition } from '../../domain/contracts/inbound.js';
import { TaskVacancies } from '../../domain/contracts/key-enterprise.js';
import { createTokenService } from '../../services/http/auth.js';
import { creditCode, ledgerLine, residentId, taskView } from '../support/fixtures.js';
import { unitApi } from '../support/api.js';
import { migratedDatabase } from '../support/pglite.js';

const tokens = createTokenService('task-vacancies-unit-secret');
const pglite = migratedDatabase('jiuye-task-vacancies-');
let app: ReturnType<typeof unitApi>;

const at = '2026-11-20T02:00:00.000Z';
const caseId = 'grad1311:g1:2026';
const workerCaseId = 'reemployment:w1:LF-1';
const codes = {
  nanguan: creditCode('220102', 'MA0000TA1'),
  chaoyang: creditCode('220104', 'MA0000TB1'),
  full: creditCode('220102', 'MA0000TD1'),
  jinan: creditCode('370102', 'MA0000TC1'),
};
const caseworker: Actor = { userId: 'cw-nanguan', role: 'caseworker', jurisdiction: '220102' };
const citySupervisor: Actor = { userId: 'sup-changchun', role: 'supervisor', jurisdiction: '2201' };
const otherCounty: Actor = { userId: 'cw-chaoyang', role: 'caseworker', jurisdiction: '220104' };

function demand(demandId: string, positions: DemandPosition[], changes: Partial<DemandLine> = {}): DemandLine {
  return {
    demandId,
    source: 'platform',
    receivedAt: '2026-11-16T02:00:00.000Z',
    neededBy: '2026-12-31',
    positions,
    vacancies: positions.reduce((n, p) => n + p.count, 0),
    filled: 0,
    status: 'open',
    responseTaskId: null,
    responseDueDate: null,
    respondedAt: null,
    response: null,
    fillTaskId: null,
    fillDueDate: null,
    closedAt: null,
    closedReason: null,
    ...changes,
  };
}

function account(code: string, regionCode: string, name: string, demands: DemandLine[]): KeyEnterpriseAccount {
  return {
    creditCode: code,
    name,
    regionCode,
    industryCode: 'C36',
    specialistId: 'liaison-wang',
    caseId: keyEnterpriseWorkflowId(code),
    status: 'listed',
    listedAt: '2026-11-01T02:00:00.000Z',
    removedAt: null,
    removalReason: null,
    contacts: 0,
    lastContactAt: null,
    nextContactDue: null,
    headcount: null,
    shortage: null,
    vacancyStructure: [],
    hires: 0,
    hiresOutsideDemands: 0,
    layoffFilings: [],
    demands,
  };
}

async function get(url: string, actor: Actor): Promise<Response> {
  return app.request(url, { headers: { authorization: `Bearer ${await tokens.sign(actor)}` } });
}

beforeAll(async () => {
  const seal = createFieldSeal(randomBytes(32));
  await createCaseActivities({ prisma: pglite.db.prisma }).recordCaseOpened({
    caseId,
    type: 'graduate-1311',
    regionCode: '220102',
    title: '高校毕业生 1311 服务',
    at,
    reason: '收到毕业生名单',
    detail: {},
  });
  await createGraduate1311Activities({ prisma: pglite.db.prisma, seal }).recordLedgerLine({
    line: ledgerLine({ caseId, regionCode: '220102', intention: 'employment', status: 'in-service', skillLevel: 'intermediate' }),
    person: {
      name: '李小明',
      idNumber: residentId(),
      phone: '13800000000',
      school: '长春工业大学',
      major: '机械设计制造及其自动化',
      degree: 'associate',
      graduationDate: '2026-06-30',
    },
    revision: 1,
    at,
  });
  // A laid-off worker of the same county, whose previous occupation is a position's title.
  await createCaseActivities({ prisma: pglite.db.prisma }).recordCaseOpened({
    caseId: workerCaseId,
    type: 'reemployment',
    regionCode: '220102',
    title: '失业人员再就业服务',
    at,
    reason: '收到裁员名单',
    detail: {},
  });
  await createReemploymentActivities({ prisma: pglite.db.prisma, seal }).recordReemploymentLine({
    line: {
      caseId: workerCaseId,
      filingId: 'LF-1',
      creditCode: codes.chaoyang,
      regionCode: '220102',
      status: 'in-service',
      outcome: null,
      intention: 'employment',
      skillLevel: 'intermediate',
      contactAttempts: 1,
      refusals: 0,
      items: [],
      employerCreditCode: null,
      closedReason: null,
    },
    person: { name: '刘建国', idNumber: residentId('220102', '19800101', '311'), phone: null, lastWorkingDay: '2026-10-31', occupation: '数控车工' },
    revision: 1,
    at,
  });
  const tasks = createTaskActivities({ prisma: pglite.db.prisma, publish: async (input) => ({ eventId: input.message.eventId }) });
  const graduateCase = { caseId, caseType: 'graduate-1311' } as const;
  for (const t of [
    taskView({ id: 'tk-job', ...graduateCase, type: 'graduate-job-recommendation', title: '第 1 次岗位推荐' }),
    taskView({ id: 'tk-contact', ...graduateCase, type: 'graduate-first-contact', title: '首次联系毕业生' }),
    taskView({ id: 'tk-worker-job', caseId: workerCaseId, caseType: 'reemployment', type: 'reemployment-job-recommendation', title: '第 1 次岗位推荐' }),
  ]) {
    await tasks.recordTaskChange({ task: t, action: 'created', actor: systemActor, at, before: null, after: {}, detail: {} });
  }
  const accounts = createKeyEnterpriseActivities({ prisma: pglite.db.prisma });
  const record = (a: KeyEnterpriseAccount) => accounts.recordKeyEnterpriseAccount({ account: a, revision: 1, at });
  await record(
    account(codes.nanguan, '220102', '长春示例机械有限公司', [
      demand(
        'D-1',
        [
          { title: '数控车工', count: 3, skillLevel: 'intermediate', wageMin: 5000, wageMax: 7000 },
          { title: '机械设计助理', count: 1, major: '机械类', degree: 'associate' },
        ],
        { filled: 1 },
      ),
      demand('D-2', [{ title: '机械设计员', count: 2, major: '机械' }], { status: 'filled', filled: 2 }),
    ]),
  );
  await record(account(codes.chaoyang, '220104', '长春示例商贸有限公司', [demand('D-3', [{ title: '会计', count: 2, major: '会计学', degree: 'bachelor' }])]));
  // Open on paper but every place taken: nothing left to offer.
  await record(account(codes.full, '220102', '长春示例汽车配件有限公司', [demand('D-5', [{ title: '机械装配工', count: 1, major: '机械' }], { filled: 1 })]));
  await record(
    account(codes.jinan, '370102', '济南示例机械有限公司', [demand('D-4', [{ title: '机械设计员', count: 5, major: '机械', degree: 'associate' }])]),
  );
  app = unitApi({ prisma: pglite.db.prisma, tokens, seal });
});

describe('GET /api/tasks/{id}/vacancies', () => {
  it('offers the open vacancies of the graduate’s province, best first, with why', async () => {
    const res = await get('/api/tasks/tk-job/vacancies', caseworker);
    expect(res.status).toBe(200);
    const body = TaskVacancies.parse(await res.json());
    expect(body).toMatchObject({ taskId: 'tk-job', caseId, caseType: 'graduate-1311', nameMasked: '李**', regionCode: '220102', vacanciesConsidered: 3 });
    expect(body.items.map((v) => [v.demandId, v.positionIndex, v.score, v.open])).toEqual([
      // County, intention, major and degree.
      ['D-1', 1, 85, 1],
      // County, intention and skill; three places asked, three left of the demand's four.
      ['D-1', 0, 60, 3],
      // The same city, intention; neither major nor degree.
      ['D-3', 0, 37, 2],
    ]);
    expect(body.items[0]).toMatchObject({
      creditCode: codes.nanguan,
      enterpriseName: '长春示例机械有限公司',
      regionCode: '220102',
      position: { title: '机械设计助理', count: 1, major: '机械类', degree: 'associate' },
    });
    expect(body.items[1]?.position).toMatchObject({ wageMin: 5000, wageMax: 7000, skillLevel: 'intermediate' });
    expect(body.items[0]?.reasons.map((r) => r.text)).toContain('专业对口（岗位要求“机械类”，本人“机械设计制造及其自动化”）');
    expect(body.items.reduce((n, v) => n + v.reasons.reduce((m, r) => m + r.points, 0), 0)).toBe(85 + 60 + 37);
  });

  it('never shows the person’s name, ID number or phone', async () => {
    const text = await (await get('/api/tasks/tk-job/vacancies', caseworker)).text();
    expect(text).not.toMatch(/李小明|13800000000/);
    expect(text).not.toContain(residentId());
  });

  it('offers a laid-off worker the position of their previous occupation first', async () => {
    const res = await get('/api/tasks/tk-worker-job/vacancies', caseworker);
    const body = TaskVacancies.parse(await res.json());
    expect(body).toMatchObject({ caseId: workerCaseId, caseType: 'reemployment', nameMasked: '刘**' });
    expect(body.items.map((v) => [v.demandId, v.positionIndex, v.score])).toEqual([
      // County, intention, occupation and skill.
      ['D-1', 0, 85],
      ['D-1', 1, 45],
      ['D-3', 0, 37],
    ]);
    expect(JSON.stringify(body)).not.toContain('刘建国');
  });

  it('keeps to the limit asked for', async () => {
    const body = TaskVacancies.parse(await (await get('/api/tasks/tk-job/vacancies?limit=1', citySupervisor)).json());
    expect(body.items.map((v) => v.demandId)).toEqual(['D-1']);
  });

  it('says a task of another type offers no vacancies (409)', async () => {
    const res = await get('/api/tasks/tk-contact/vacancies', caseworker);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'not_job_recommendation', message: '任务“首次联系毕业生”不是岗位推荐任务，没有匹配岗位' });
  });

  it('answers a task outside the jurisdiction exactly as an unknown one (404)', async () => {
    const unknown = await get('/api/tasks/tk-none/vacancies', otherCounty);
    expect(unknown.status).toBe(404);
    const body = await unknown.text();
    for (const id of ['tk-job', 'tk-contact']) {
      const res = await get(`/api/tasks/${id}/vacancies`, otherCounty);
      expect([res.status, await res.text()]).toEqual([404, body]);
    }
  });

  it('is described in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    expect(Object.keys(doc.paths['/api/tasks/{id}/vacancies']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '403', '404', '409']));
  });
});
