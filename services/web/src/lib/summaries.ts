/**
 * What the dashboard reads at start (the summary endpoints and GET /api/risk, per the dashboard
 * contract), checked with zod at the page's edge: a server that answers another shape is shown as
 * an error, not half-drawn.
 */
import { z } from 'zod';
import { RiskRegionView } from '../../../../domain/contracts/risk-response.js';

const Summary = <Row extends z.ZodType>(row: Row) => z.object({ asOf: z.string(), jurisdiction: z.string(), rows: z.array(row) });
const count = z.number().int().nonnegative();

export const CaseSummary = Summary(z.object({ regionCode: z.string(), regionName: z.string(), caseType: z.string(), status: z.string(), count }));
export const TaskSummary = Summary(z.object({ regionCode: z.string(), regionName: z.string(), open: count, overdue: count, escalated: count }));
export const GraduateSummary = Summary(
  z.object({
    regionCode: z.string(),
    regionName: z.string(),
    cases: count,
    reached: count,
    closed: count,
    items: z.array(z.object({ item: z.string(), label: z.string(), onTime: count, late: count, missing: count })),
  }),
).extend({ year: z.number().int().nullable().optional() });
export const EnterpriseSummary = Summary(
  z.object({
    regionCode: z.string(),
    regionName: z.string(),
    enterprises: count,
    demandsOpen: count,
    demandsFilled: count,
    vacanciesOpen: count,
    vacanciesFilled: count,
  }),
);
export const DirectiveSummary = Summary(z.object({ department: z.string(), departmentLabel: z.string(), outstanding: count, overdue: count, done: count }));
export const RiskItems = z.object({ items: z.array(RiskRegionView) });

export type CaseSummary = z.infer<typeof CaseSummary>;
export type TaskSummary = z.infer<typeof TaskSummary>;
export type GraduateSummary = z.infer<typeof GraduateSummary>;
export type EnterpriseSummary = z.infer<typeof EnterpriseSummary>;
export type DirectiveSummary = z.infer<typeof DirectiveSummary>;
export type RiskItem = z.infer<typeof RiskRegionView>;

export interface Summaries {
  cases: CaseSummary;
  tasks: TaskSummary;
  graduates: GraduateSummary;
  enterprises: EnterpriseSummary;
  directives: DirectiveSummary;
  risk: RiskItem[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET `path` with the bearer token, the answer checked against `schema`. */
export async function getJson<T>(fetcher: typeof fetch, token: string, path: string, schema: z.ZodType<T>): Promise<T> {
  const res = await fetcher(path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message =
      typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : `请求失败（${res.status}）`;
    throw new ApiError(res.status, message);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(502, `服务端返回的数据格式不符：${path}`);
  return parsed.data;
}

export async function loadSummaries(fetcher: typeof fetch, token: string): Promise<Summaries> {
  const [cases, tasks, graduates, enterprises, directives, risk] = await Promise.all([
    getJson(fetcher, token, '/api/summary/cases', CaseSummary),
    getJson(fetcher, token, '/api/summary/tasks', TaskSummary),
    getJson(fetcher, token, '/api/summary/graduate-1311', GraduateSummary),
    getJson(fetcher, token, '/api/summary/enterprise-demands', EnterpriseSummary),
    getJson(fetcher, token, '/api/summary/directives', DirectiveSummary),
    getJson(fetcher, token, '/api/risk', RiskItems),
  ]);
  return { cases, tasks, graduates, enterprises, directives, risk: risk.items };
}
