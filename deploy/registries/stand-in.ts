/**
 * A stand-in for the social-insurance and market-regulation registries, for development and
 * tests: a real HTTP server speaking their contract (docs/contracts.md) from seeded data. One
 * server answers both, under /si and /amr. Tests seed it and make it fail (down, slow, garbage)
 * directly; a developer does the same over /_control (see the README). `npm start` runs it only
 * when no registry URL is configured, and never in production (config refuses that).
 *
 * It checks what the real registries would: the bearer token, an X-Request-Id on every request,
 * an ID number only in a POST body. It keeps no request bodies, so it holds no ID number it was
 * not seeded with.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { IdNumber, Period } from '../../domain/contracts/common.js';
import { EnrolmentAnswer, EnterpriseRecord, HeadcountAnswer, type RegistryName } from '../../domain/contracts/registries.js';

export const RegistrySeed = z.object({
  persons: z.array(EnrolmentAnswer.extend({ idNumber: IdNumber })).default([]),
  enterprises: z.array(EnterpriseRecord).default([]),
  /** Without a period: the same headcount for every month asked (a seed file that does not go stale). */
  headcounts: z.array(HeadcountAnswer.extend({ creditCode: z.string().min(1), period: Period.optional() })).default([]),
});
export type RegistrySeed = z.input<typeof RegistrySeed>;

export const RegistryFault = z.discriminatedUnion('kind', [
  /** Answers 503, as a registry under maintenance does. */
  z.object({ kind: z.literal('down') }),
  /** Answers after `delayMs`, to run past a caller's timeout. */
  z.object({ kind: z.literal('slow'), delayMs: z.number().int().min(0).max(600_000) }),
  /** Answers 200 with a body that breaks the contract. */
  z.object({ kind: z.literal('garbage') }),
  /** Closes the connection without answering. */
  z.object({ kind: z.literal('reset') }),
]);
export type RegistryFault = z.infer<typeof RegistryFault>;

const FaultRequest = z.object({
  registry: z.enum(['si', 'amr', 'all']).default('all'),
  fault: RegistryFault.nullable(),
  /** Only the next N requests fail; unset: until cleared. */
  times: z.number().int().min(1).optional(),
});

export interface SeenRequest {
  registry: RegistryName;
  method: string;
  /** The path asked for, as the registry's access log would hold it. */
  path: string;
  requestId: string | null;
}

export interface RegistryStandIn {
  /** Base URL of the server; the registries are at `${url}/si` and `${url}/amr`. */
  url: string;
  siUrl: string;
  amrUrl: string;
  token: string;
  seed(data: RegistrySeed): void;
  clear(): void;
  fault(registry: RegistryName | 'all', fault: RegistryFault | null, times?: number): void;
  /** What was asked, oldest first (no bodies). */
  requests(): SeenRequest[];
  stop(): Promise<void>;
}

export interface StandInOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token: string;
  seed?: RegistrySeed;
}

export async function startRegistryStandIn(options: StandInOptions): Promise<RegistryStandIn> {
  const persons = new Map<string, EnrolmentAnswer>();
  const enterprises = new Map<string, EnterpriseRecord>();
  const headcounts = new Map<string, number>();
  const faults: Record<RegistryName, { fault: RegistryFault; left: number } | null> = { si: null, amr: null };
  const seen: SeenRequest[] = [];

  const seed = (input: RegistrySeed) => {
    const data = RegistrySeed.parse(input);
    for (const { idNumber, ...answer } of data.persons) persons.set(idNumber, answer);
    for (const record of data.enterprises) enterprises.set(record.creditCode, record);
    for (const { creditCode, period, insuredHeadcount } of data.headcounts) headcounts.set(`${creditCode}:${period ?? '*'}`, insuredHeadcount);
  };
  const setFault = (registry: RegistryName | 'all', fault: RegistryFault | null, times?: number) => {
    for (const name of registry === 'all' ? (['si', 'amr'] as const) : [registry]) faults[name] = fault ? { fault, left: times ?? Infinity } : null;
  };
  if (options.seed) seed(options.seed);

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { code: 'internal', message: 'stand-in failed' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname.startsWith('/_control/')) return control(req, res, url);
    const registry = url.pathname.startsWith('/si/') ? 'si' : url.pathname.startsWith('/amr/') ? 'amr' : null;
    if (!registry) return send(res, 404, { code: 'not_found', message: 'no such registry' });
    const requestId = header(req, 'x-request-id');
    seen.push({ registry, method: req.method ?? '', path: url.pathname + url.search, requestId });
    if (header(req, 'authorization') !== `Bearer ${options.token}`) return send(res, 401, { code: 'unauthorized', message: 'bearer token required' });
    if (!requestId) return send(res, 400, { code: 'request_id_required', message: 'X-Request-Id required' });

    const current = faults[registry];
    if (current) {
      current.left -= 1;
      if (current.left <= 0) faults[registry] = null;
      const { fault } = current;
      if (fault.kind === 'down') return send(res, 503, { code: 'unavailable', message: 'registry under maintenance' });
      if (fault.kind === 'reset') return void req.socket.destroy();
      if (fault.kind === 'garbage') return send(res, 200, { enrolled: 'perhaps', insuredHeadcount: -1, name: 42 });
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    }

    const route = url.pathname.slice(registry.length + 1);
    if (registry === 'si' && req.method === 'POST' && route === '/v1/persons/enrolment') {
      const body = z.object({ idNumber: IdNumber }).safeParse(await readJson(req));
      if (!body.success) return send(res, 400, { code: 'validation_failed', message: 'idNumber: a valid resident ID is required' });
      return send(res, 200, persons.get(body.data.idNumber) ?? { enrolled: false });
    }
    const headcount = /^\/v1\/enterprises\/([^/]+)\/headcount$/.exec(route);
    if (registry === 'si' && req.method === 'GET' && headcount) {
      const period = Period.safeParse(url.searchParams.get('period'));
      if (!period.success) return send(res, 400, { code: 'validation_failed', message: "period: a month like '2026-10' is required" });
      const code = decodeURIComponent(headcount[1] ?? '');
      const insuredHeadcount = headcounts.get(`${code}:${period.data}`) ?? headcounts.get(`${code}:*`);
      return insuredHeadcount === undefined
        ? send(res, 404, { code: 'not_found', message: 'no headcount reported for that month' })
        : send(res, 200, { insuredHeadcount, period: period.data } satisfies HeadcountAnswer);
    }
    const enterprise = /^\/v1\/enterprises\/([^/]+)$/.exec(route);
    if (registry === 'amr' && req.method === 'GET' && enterprise) {
      const record = enterprises.get(decodeURIComponent(enterprise[1] ?? ''));
      return record ? send(res, 200, record) : send(res, 404, { code: 'not_found', message: 'no enterprise with that credit code' });
    }
    return send(res, 404, { code: 'not_found', message: 'no such resource' });
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (header(req, 'authorization') !== `Bearer ${options.token}`) return send(res, 401, { code: 'unauthorized', message: 'bearer token required' });
    if (req.method === 'POST' && url.pathname === '/_control/seed') {
      const parsed = RegistrySeed.safeParse(await readJson(req));
      if (!parsed.success) return send(res, 400, { code: 'validation_failed', message: z.prettifyError(parsed.error) });
      seed(parsed.data);
      return send(res, 200, { persons: persons.size, enterprises: enterprises.size, headcounts: headcounts.size });
    }
    if (req.method === 'POST' && url.pathname === '/_control/fault') {
      const parsed = FaultRequest.safeParse(await readJson(req));
      if (!parsed.success) return send(res, 400, { code: 'validation_failed', message: z.prettifyError(parsed.error) });
      setFault(parsed.data.registry, parsed.data.fault, parsed.data.times);
      return send(res, 200, { si: faults.si?.fault ?? null, amr: faults.amr?.fault ?? null });
    }
    return send(res, 404, { code: 'not_found', message: 'no such control' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    siUrl: `${url}/si`,
    amrUrl: `${url}/amr`,
    token: options.token,
    seed,
    clear: () => {
      persons.clear();
      enterprises.clear();
      headcounts.clear();
      setFault('all', null);
      seen.length = 0;
    },
    fault: setFault,
    requests: () => [...seen],
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) return null;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
