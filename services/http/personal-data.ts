/**
 * GET /api/cases/{id}/personal-data: the person of a case (a graduate, a laid-off worker) with
 * name, ID number and phone in full, for the people who must reach them. Every other answer about
 * a case shows these masked; this one opens the sealed read-model columns, the same path as the
 * ledger's audited export, and writes the audit entry before it answers, so no view goes unrecorded.
 */
import { randomUUID } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { PrismaClient } from '../../activities/infra/db.js';
import { personalDataReaders } from '../../domain/access.js';
import { CaseIdParam, PersonalData } from '../../domain/contracts/http.js';
import { requireRole, type ApiEnv } from './access.js';
import { loadVisibleCase } from './cases.js';
import { HttpError } from './errors.js';
import { errorResponse, jsonResponse, taggedRoutes } from './openapi.js';
import type { ApiDeps } from './routes.js';

type Sealed = { nameSealed: string; idNumberSealed: string; phoneSealed: string | null };
const sealedColumns = { nameSealed: true, idNumberSealed: true, phoneSealed: true } as const;

/** Where each case type with a person keeps them sealed, one line per case type. */
const sealedPeople: Record<string, (prisma: PrismaClient, caseId: string) => Promise<Sealed | null>> = {
  'graduate-1311': (prisma, caseId) => prisma.graduateLedger.findUnique({ where: { caseId }, select: sealedColumns }),
  reemployment: (prisma, caseId) => prisma.reemploymentLine.findUnique({ where: { caseId }, select: sealedColumns }),
};

const route = taggedRoutes('cases').get(
  '/api/cases/{id}/personal-data',
  'The person of a case with name, ID number and phone in full (caseworkers, supervisors, leaders); every view is audited',
  { params: CaseIdParam },
  {
    200: jsonResponse(PersonalData, 'The person in full; not cached'),
    404: errorResponse('No such case in my jurisdiction'),
    409: errorResponse('The case has no person (a layoff filing, an enterprise), or its line is not written yet'),
  },
  { description: 'An audit entry (action view-personal-data) is written before the answer; a failed write means no answer.' },
);

export function registerPersonalDataRoutes(app: OpenAPIHono<ApiEnv>, { prisma, seal }: ApiDeps): void {
  app.openapi(route, async (c) => {
    const actor = requireRole(c, personalDataReaders);
    const row = await loadVisibleCase(prisma, actor, c.req.valid('param').id);
    const read = sealedPeople[row.type];
    if (!read) throw new HttpError(409, 'no_personal_data', '此类案件没有个人信息');
    const person = await read(prisma, row.id);
    if (!person) throw new HttpError(409, 'no_personal_data', '此案件的个人信息尚未登记，请稍后再试');
    await prisma.auditEntry.create({
      data: {
        id: `personal-data:${randomUUID()}`,
        at: new Date(),
        actorId: actor.userId,
        actorRole: actor.role,
        action: 'view-personal-data',
        caseId: row.id,
        regionCode: row.regionCode,
        detail: { fields: person.phoneSealed === null ? ['name', 'idNumber'] : ['name', 'idNumber', 'phone'] },
      },
    });
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        caseId: row.id,
        name: seal.open(person.nameSealed),
        idNumber: seal.open(person.idNumberSealed),
        phone: person.phoneSealed === null ? null : seal.open(person.phoneSealed),
      },
      200,
    );
  });
}
