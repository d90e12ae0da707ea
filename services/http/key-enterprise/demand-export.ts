/**
 * The key enterprises' demand ledger (企业需求台账, Jilin 吉就组办〔2022〕1号 二(五)) as a bureau
 * submits it: one row per position of every demand in the jurisdiction, with the enterprise, the
 * response and how far the demand is filled, Chinese headers and values, XLSX or CSV. No personal
 * data is in it: hires are counts.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { PrismaClient } from '../../../activities/infra/db.js';
import { caseReaders } from '../../../domain/access.js';
import { toShanghaiDate } from '../../../domain/calendar/index.js';
import { roleNames } from '../../../domain/actor.js';
import { keyEnterpriseLabels as labels } from '../../../domain/cases/key-enterprise.js';
import { regionName } from '../../../domain/jurisdiction.js';
import { DemandExportQuery, type DemandView } from '../../../domain/contracts/key-enterprise.js';
import { requireRole, type ApiEnv } from '../access.js';
import { effectivePrefix } from '../cases.js';
import { HttpError } from '../errors.js';
import { errorResponse, taggedRoutes } from '../openapi.js';
import type { ApiDeps } from '../routes.js';
import { spreadsheetResponse, type SheetSpec } from '../spreadsheet-export.js';
import { demandViews } from './accounts.js';

/** A demand with the enterprise it belongs to. */
export interface DemandExportLine {
  enterprise: { creditCode: string; name: string; regionCode: string; industryCode: string; specialistId: string };
  demand: DemandView;
}

export const demandLedgerHeaders = [
  '序号',
  '统一社会信用代码',
  '企业名称',
  '行政区划代码',
  '行业代码',
  '就业服务专员',
  '需求编号',
  '需求来源',
  '接收时间',
  '用工期限',
  '岗位名称',
  '岗位需求人数',
  '技能等级要求',
  '学历要求',
  '专业要求',
  '月薪下限（元）',
  '月薪上限（元）',
  '需求合计人数',
  '已招用人数',
  '尚缺人数',
  '需求状态',
  '响应时限',
  '响应时间',
  '岗位已发布',
  '推送求职者人数',
  '专场招聘',
  '逾期提请协调',
  '关闭原因',
] as const;

const shanghaiTime = (iso: string | null) =>
  iso === null ? '' : `${toShanghaiDate(iso)} ${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16)}`;

/** One row per position; the demand's own columns repeat on each of its positions. */
export const demandLedgerSheet: SheetSpec<DemandExportLine & { position: number }> = {
  headers: demandLedgerHeaders,
  row: (serial, { enterprise: e, demand: d, position }) => {
    const p = d.positions[position];
    return [
      serial,
      e.creditCode,
      e.name,
      e.regionCode,
      e.industryCode,
      e.specialistId,
      d.demandId,
      labels.source[d.source],
      shanghaiTime(d.receivedAt),
      d.neededBy ?? '',
      p?.title ?? '',
      p?.count ?? '',
      p?.skillLevel ? labels.skillLevel[p.skillLevel] : '',
      p?.degree ? labels.degree[p.degree] : '',
      p?.major ?? '',
      p?.wageMin ?? '',
      p?.wageMax ?? '',
      d.vacancies,
      d.filled,
      Math.max(0, d.vacancies - d.filled),
      labels.status[d.status],
      d.responseDueDate ?? '',
      shanghaiTime(d.respondedAt),
      d.response ? (d.response.vacanciesPublished ? '是' : '否') : '',
      d.response?.seekersPushed ?? '',
      d.response ? labels.specialRecruitment[d.response.specialRecruitment] : '',
      d.escalation.map((stop) => `${regionName(stop.regionCode) ?? stop.regionCode} ${roleNames[stop.role]}`).join(' → '),
      d.closedReason ?? '',
    ];
  },
};

const file = z.string().meta({ format: 'binary' });
const exportRoute = taggedRoutes('enterprises').get(
  '/api/enterprises/demands/export',
  'Export the key enterprises’ demand ledger of my jurisdiction (XLSX or CSV, Chinese headers), one row per position',
  { query: DemandExportQuery },
  {
    200: {
      content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: file }, 'text/csv': { schema: file } },
      description: 'One row per position of every demand',
    },
    400: errorResponse('Bad filter'),
  },
);

const PAGE = 500;

export function registerDemandExportRoutes(app: OpenAPIHono<ApiEnv>, { prisma }: ApiDeps): void {
  app.openapi(exportRoute, async (c) => {
    const actor = requireRole(c, caseReaders);
    const { region, status, format } = c.req.valid('query');
    const prefix = effectivePrefix(actor, region);
    if (prefix === undefined) throw new HttpError(403, 'outside_jurisdiction', '所选地区不在您的辖区内');
    const today = toShanghaiDate(new Date().toISOString());
    return await spreadsheetResponse(demandLedgerSheet, positionRows(prisma, prefix, status), {
      format,
      sheetName: '企业需求台账',
      name: `重点企业用工需求台账_${prefix}_${today}`,
      asciiName: `enterprise-demands-${prefix}`,
    });
  });
}

/** The demands of the region page by page (by region, enterprise, demand), each position a row. */
async function* positionRows(prisma: PrismaClient, prefix: string, status: DemandView['status'] | undefined) {
  let after: { regionCode: string; creditCode: string; demandId: string } | undefined;
  for (;;) {
    const page = await prisma.enterpriseDemand.findMany({
      where: {
        regionCode: { startsWith: prefix },
        status,
        ...(after
          ? {
              OR: [
                { regionCode: { gt: after.regionCode } },
                { regionCode: after.regionCode, creditCode: { gt: after.creditCode } },
                { regionCode: after.regionCode, creditCode: after.creditCode, demandId: { gt: after.demandId } },
              ],
            }
          : {}),
      },
      orderBy: [{ regionCode: 'asc' }, { creditCode: 'asc' }, { demandId: 'asc' }],
      take: PAGE,
    });
    if (page.length === 0) return;
    after = page.at(-1);
    const accounts = await prisma.keyEnterprise.findMany({ where: { creditCode: { in: [...new Set(page.map((d) => d.creditCode))] } } });
    const byCode = new Map(accounts.map((a) => [a.creditCode, a]));
    const demands = await demandViews(prisma, page);
    yield page.flatMap((row, i) => {
      const account = byCode.get(row.creditCode);
      const enterprise = {
        creditCode: row.creditCode,
        name: account?.name ?? '',
        regionCode: row.regionCode,
        industryCode: account?.industryCode ?? '',
        specialistId: account?.specialistId ?? '',
      };
      const demand = demands[i]!;
      return demand.positions.map((_, position) => ({ enterprise, demand, position }));
    });
    if (page.length < PAGE) return;
  }
}
