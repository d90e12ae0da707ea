/**
 * GET /api/cases/{id}/personal-data with the app in-process over embedded PGlite: the roles that
 * may see a graduate in full get name, ID number and phone, and each view leaves an audit entry
 * written before the answer (no entry, no answer); other roles are refused, another
 * jurisdiction's case is not found, and a case without a person says so.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCaseActivities } from '../../activities/cases.js';
import { createGraduate1311Activities } from '../../activities/graduate-1311.js';
import { createFieldSeal, type FieldSeal } from '../../activities/infra/sealed.js';
import type { Actor, Role } from '../../domain/actor.js';
import { PersonalData } from '../../domain/contracts/http.js';
import { createTokenService } from '../../services/http/auth.js';
import { unitApi } from '../support/api.js';
import { ledgerLine, residentId } from '../support/fixtures.js';
import { migratedDatabase } from '../support/pglite.js';

const seal = createFieldSeal(randomBytes(32));
const tokens = createTokenService('personal-data-unit-secret');
const pglite = migratedDatabase('jiuye-personal-data-http-');
let app: ReturnType<typeof unitApi>;

const GRADUATE = 'grad1311:feedc0ffee:2026';
const LAYOFF = 'layoff-filing:91220102MA0000001H:LF-1';
const idNumber = residentId('220102', '20030915', '101');
const inside = (role: Role): Actor => ({ userId: `${role}-nanguan`, role, jurisdiction: '220102' });
const outside: Actor = { userId: 'cw-chaoyang', role: 'caseworker', jurisdiction: '220104' };

async function view(actor: Actor, caseId = GRADUATE, api = app): Promise<Response> {
  return api.request(`/api/cases/${encodeURIComponent(caseId)}/personal-data`, { headers: { authorization: `Bearer ${await tokens.sign(actor)}` } });
}

const viewsOf = (caseId: string) => pglite.db.prisma.auditEntry.findMany({ where: { caseId, action: 'view-personal-data' }, orderBy: { at: 'asc' } });

beforeAll(async () => {
  const prisma = pglite.db.prisma;
  const cases = createCaseActivities({ prisma });
  const at = new Date().toISOString();
  await cases.recordCaseOpened({
    caseId: GRADUATE,
    type: 'graduate-1311',
    regionCode: '220102',
    title: '高校毕业生1311服务：李**',
    at,
    reason: '接收名单',
    detail: {},
  });
  await cases.recordCaseOpened({ caseId: LAYOFF, type: 'layoff-filing', regionCode: '220102', title: '裁员备案', at, reason: '收到裁员备案', detail: {} });
  await createGraduate1311Activities({ prisma, seal }).recordLedgerLine({
    line: ledgerLine({ caseId: GRADUATE, regionCode: '220102' }),
    person: { name: '李小明', idNumber, phone: '13812345678', school: '吉林大学', major: '会计学', degree: 'bachelor', graduationDate: '2026-06-30' },
    revision: 1,
    at,
  });
  app = unitApi({ prisma, tokens, seal });
});

describe('GET /api/cases/{id}/personal-data', () => {
  it('is described in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/cases/{id}/personal-data');
  });

  it.each(['caseworker', 'supervisor', 'leader'] as const)('answers a %s of the jurisdiction in full, uncached, and audits the view', async (role) => {
    const before = (await viewsOf(GRADUATE)).length;
    const res = await view(inside(role));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(PersonalData.parse(await res.json())).toEqual({ caseId: GRADUATE, name: '李小明', idNumber, phone: '13812345678' });
    const entries = await viewsOf(GRADUATE);
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({
      actorId: `${role}-nanguan`,
      actorRole: role,
      regionCode: '220102',
      detail: { fields: ['name', 'idNumber', 'phone'] },
    });
    // The entry names who and what, never the data itself.
    expect(JSON.stringify(entries.at(-1))).not.toContain(idNumber);
  });

  it('writes the audit entry before it opens the data, and answers nothing when the entry cannot be written', async () => {
    const order: string[] = [];
    const prisma = pglite.db.prisma;
    const watched: FieldSeal = { seal: (plain) => seal.seal(plain), open: (sealed) => (order.push('open'), seal.open(sealed)) };
    const auditing = (fail: boolean) =>
      new Proxy(prisma, {
        get(target, prop, receiver) {
          if (prop !== 'auditEntry') return Reflect.get(target, prop, receiver) as unknown;
          return {
            create: async (args: Parameters<typeof prisma.auditEntry.create>[0]) => {
              order.push('audit');
              if (fail) throw new Error('audit store down');
              return prisma.auditEntry.create(args);
            },
          };
        },
      });
    const ok = await view(inside('caseworker'), GRADUATE, unitApi({ prisma: auditing(false), tokens, seal: watched }));
    expect(ok.status).toBe(200);
    expect(order).toEqual(['audit', 'open', 'open', 'open']);

    order.length = 0;
    const before = (await viewsOf(GRADUATE)).length;
    const failed = await view(inside('caseworker'), GRADUATE, unitApi({ prisma: auditing(true), tokens, seal: watched }));
    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(text).not.toContain('李小明');
    expect(text).not.toContain(idNumber);
    expect(order).toEqual(['audit']);
    expect(await viewsOf(GRADUATE)).toHaveLength(before);
  });

  it('refuses liaison officers and administrators, without an audit entry', async () => {
    const before = (await viewsOf(GRADUATE)).length;
    for (const role of ['liaison', 'admin'] as const) {
      const res = await view(inside(role));
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('李小明');
    }
    expect(await viewsOf(GRADUATE)).toHaveLength(before);
  });

  it("answers another jurisdiction's case as one that does not exist", async () => {
    const res = await view(outside);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(await (await view(outside, 'grad1311:nobody:2026')).json());
    expect(await viewsOf(GRADUATE).then((e) => e.filter((x) => x.actorId === outside.userId))).toEqual([]);
  });

  it('says a case without a person has none', async () => {
    const res = await view(inside('supervisor'), LAYOFF);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'no_personal_data' });
    expect(await viewsOf(LAYOFF)).toEqual([]);
  });
});
