/**
 * A graduate list uploaded as a file: read with the command's reader, handed over through the batch
 * route's function (a Temporal stand-in records every case started), its progress, counts and
 * rejected rows kept in the database for any API process, readable only in the uploader's
 * jurisdiction and only by importers, the rejected rows downloadable as the command's CSV, and the
 * upload's own size cap.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { GraduateImportRun, GraduateImportRunList } from '../../domain/contracts/graduate-1311.js';
import type { Actor } from '../../domain/actor.js';
import { createTokenService } from '../../services/http/auth.js';
import { IMPORT_FILE_BODY_LIMIT } from '../../services/http/bodies.js';
import { STALE_MS } from '../../services/http/graduate-1311/import-files.js';
import { IMPORT_REFUSED_REASON } from '../../services/http/graduate-1311/import.js';
import { rejectedRowsCsv } from '../../services/import/rejected.js';
import { residentId } from '../support/fixtures.js';
import { unitApi } from '../support/api.js';
import { migratedDatabase } from '../support/pglite.js';

const pglite = migratedDatabase('jiuye-import-files-');
const tokens = createTokenService('unit-test-secret');
const caseworker: Actor = { userId: 'cw-nanguan', role: 'caseworker', jurisdiction: '220102' };
const neighbour: Actor = { userId: 'cw-chaoyang', role: 'caseworker', jurisdiction: '220104' };
const supervisor: Actor = { userId: 'sup-jilin', role: 'supervisor', jurisdiction: '22' };
const liaison: Actor = { userId: 'li-nanguan', role: 'liaison', jurisdiction: '220102' };

const header = '姓名,身份证号,毕业院校,专业,学历,毕业时间,户籍所在地代码';
const line = (name: string, id: string, region = '220102') => `${name},${id},吉林大学,法学,本科,2026-06-30,${region}`;
const goodA = residentId('220102', '20030915', '201');
const goodB = residentId('220102', '20040101', '202');
const badCheck = `${goodA.slice(0, 17)}${goodA.endsWith('0') ? '1' : '0'}`;
const elsewhere = residentId('220104', '20030915', '203');
// Rows 2 and 4 open cases, row 3's check digit is wrong, row 5 lies outside the caseworker's district.
const list = [header, line('张一', goodA), line('张二', badCheck), line('张三', goodB), line('张四', elsewhere, '220104')].join('\n');

/** Every case the upload starts; a case's query says it does not exist yet. */
function temporal() {
  const started: string[] = [];
  const client = {
    withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
    workflow: {
      getHandle: () => ({
        query: async () => {
          throw new WorkflowNotFoundError('no case yet', 'x', undefined);
        },
      }),
      signalWithStart: async (_: unknown, options: { workflowId: string }) => (started.push(options.workflowId), {}),
    },
  } as unknown as Client;
  return { started, client };
}

function api(client: Client = temporal().client) {
  return unitApi({ prisma: pglite.db.prisma, tokens, client });
}

async function upload(
  app: ReturnType<typeof api>,
  actor: Actor,
  body: string | Uint8Array,
  query = 'fileName=%E5%90%8D%E5%8D%95.csv',
  headers: Record<string, string> = {},
) {
  return app.request(`/api/imports/graduates/files?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokens.sign(actor)}`, 'content-type': 'text/csv', ...headers },
    body,
  });
}

async function get(app: ReturnType<typeof api>, actor: Actor, path: string) {
  return app.request(path, { headers: { authorization: `Bearer ${await tokens.sign(actor)}` } });
}

async function finished(app: ReturnType<typeof api>, actor: Actor, runId: string): Promise<GraduateImportRun> {
  for (let i = 0; i < 200; i++) {
    const run = GraduateImportRun.parse(await (await get(app, actor, `/api/imports/graduates/files/${runId}`)).json());
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('POST /api/imports/graduates/files', () => {
  it('is in the OpenAPI document with its run, the list of runs and the rejected rows', async () => {
    const doc = (await (await api().request('/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: { content: object } }>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/imports/graduates/files', '/api/imports/graduates/files/{runId}', '/api/imports/graduates/files/{runId}/rejected.csv']),
    );
    expect(Object.keys(doc.paths['/api/imports/graduates/files']?.post?.requestBody?.content ?? {})).toContain('text/csv');
  });

  it('reads the file, hands its rows over, and keeps the progress, counts and rejected rows', async () => {
    const { started, client } = temporal();
    const app = api(client);
    const res = await upload(app, caseworker, list);
    expect(res.status).toBe(202);
    const accepted = GraduateImportRun.parse(await res.json());
    expect(accepted).toMatchObject({ fileName: '名单.csv', total: 4, uploadedBy: 'cw-nanguan' });
    expect(accepted.handoverId).toMatch(/^IMPORT-[0-9a-f]{16}$/);

    const run = await finished(app, caseworker, accepted.runId);
    expect(run).toMatchObject({ status: 'finished', total: 4, processed: 4, counts: { imported: 2, updated: 0, unchanged: 0, rejected: 2 }, failure: null });
    expect(run.rejected).toEqual([
      { row: 3, reasons: ['身份证号：校验位错误'] },
      { row: 5, reasons: [IMPORT_REFUSED_REASON] },
    ]);
    expect(started).toHaveLength(2);
    // What a run shows never holds an ID number or a name.
    expect(JSON.stringify(run)).not.toMatch(/\d{17}[\dX]|张/);

    const csv = await get(app, caseworker, `/api/imports/graduates/files/${run.runId}/rejected.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(encodeURIComponent('名单.rejected.csv'));
    expect(await csv.text()).toBe(rejectedRowsCsv(run.rejected).replace(/^\ufeff/, ''));

    const recent = GraduateImportRunList.parse(await (await get(app, caseworker, '/api/imports/graduates/files')).json());
    expect(recent.items.map((r) => r.runId)).toContain(run.runId);
    expect(recent.items[0]).not.toHaveProperty('rejected');
  });

  it('is the same handover when the same file comes again, so a re-upload opens nothing twice', async () => {
    const first = GraduateImportRun.parse(await (await upload(api(), caseworker, list)).json());
    const again = GraduateImportRun.parse(await (await upload(api(), caseworker, list)).json());
    expect(again.handoverId).toBe(first.handoverId);
    const named = GraduateImportRun.parse(await (await upload(api(), caseworker, list, 'fileName=a.csv&handoverId=JL-2026-WEB-1')).json());
    expect(named.handoverId).toBe('JL-2026-WEB-1');
    await finished(api(), caseworker, first.runId);
    await finished(api(), caseworker, again.runId);
    await finished(api(), caseworker, named.runId);
  });

  it('refuses a file it cannot read as a list, in Chinese, and starts no run', async () => {
    const before = await pglite.db.prisma.graduateImportRun.count();
    const xls = await upload(api(), caseworker, 'x', 'fileName=list.xls');
    expect(xls.status).toBe(400);
    expect(await xls.json()).toMatchObject({ code: 'unreadable_file', message: expect.stringContaining('另存为') });
    const noHeader = await upload(api(), caseworker, 'a,b,c\n1,2,3\n');
    expect(noHeader.status).toBe(400);
    expect(((await noHeader.json()) as { message: string }).message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await upload(api(), caseworker, '')).status).toBe(400);
    expect(await pglite.db.prisma.graduateImportRun.count()).toBe(before);
  });

  it('takes files up to its own cap, larger than a batch’s, and refuses a larger one with 413', async () => {
    const tooLarge = await upload(api(), caseworker, new Uint8Array(IMPORT_FILE_BODY_LIMIT + 1), undefined, {
      'content-length': String(IMPORT_FILE_BODY_LIMIT + 1),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: 'payload_too_large' });
    // Over the batch route's 2 MiB, under the upload's cap: read, not refused for its size.
    const padded = [`${header},备注`, `${line('张一', goodA)},${'备'.repeat(1024 * 1024)}`].join('\n');
    const res = await upload(api(), caseworker, padded);
    expect(res.status).toBe(202);
    await finished(api(), caseworker, GraduateImportRun.parse(await res.json()).runId);
  });

  it('is for importers only, and a run is seen only in the uploader’s jurisdiction', async () => {
    expect((await upload(api(), liaison, list)).status).toBe(403);
    const run = GraduateImportRun.parse(await (await upload(api(), caseworker, list)).json());
    await finished(api(), caseworker, run.runId);
    for (const path of [`/api/imports/graduates/files/${run.runId}`, `/api/imports/graduates/files/${run.runId}/rejected.csv`]) {
      expect((await get(api(), supervisor, path)).status).toBe(200);
      const hidden = await get(api(), neighbour, path);
      expect(hidden.status).toBe(404);
      // As a run that does not exist.
      const missing = await get(api(), neighbour, path.replace(run.runId, 'run-00000000-0000-0000-0000-000000000000'));
      expect(await hidden.text()).toBe(await missing.text());
      expect((await get(api(), liaison, path)).status).toBe(403);
    }
    const theirs = GraduateImportRunList.parse(await (await get(api(), neighbour, '/api/imports/graduates/files')).json());
    expect(theirs.items.map((r) => r.runId)).not.toContain(run.runId);
    const province = GraduateImportRunList.parse(await (await get(api(), supervisor, '/api/imports/graduates/files')).json());
    expect(province.items.map((r) => r.runId)).toContain(run.runId);
  });

  it('says a run is interrupted once its process stopped writing, and how to go on', async () => {
    const long = new Date(Date.now() - STALE_MS - 1000);
    await pglite.db.prisma.graduateImportRun.create({
      data: {
        id: 'run-11111111-1111-1111-1111-111111111111',
        createdAt: long,
        heartbeatAt: long,
        actorId: caseworker.userId,
        actorRole: caseworker.role,
        regionCode: caseworker.jurisdiction,
        fileName: '名单.xlsx',
        handoverId: 'JL-2026-CUT',
        occurredAt: '2026-11-20T09:00:00+08:00',
        status: 'running',
        total: 500,
        processed: 200,
        imported: 190,
        updated: 0,
        unchanged: 0,
        rejected: 10,
        rejectedRows: [],
      },
    });
    const run = GraduateImportRun.parse(await (await get(api(), caseworker, '/api/imports/graduates/files/run-11111111-1111-1111-1111-111111111111')).json());
    expect(run).toMatchObject({ status: 'interrupted', processed: 200 });
    expect(run.failure).toContain('重新上传同一文件');
  });

  it('records a run that failed part way with what was done', async () => {
    let calls = 0;
    const client = {
      withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
      workflow: {
        getHandle: () => ({
          query: async () => {
            throw new WorkflowNotFoundError('no case yet', 'x', undefined);
          },
        }),
        signalWithStart: async () => {
          calls += 1;
          throw new Error('temporal is gone');
        },
      },
    } as unknown as Client;
    const res = await upload(api(client), caseworker, list);
    const run = await finished(api(client), caseworker, GraduateImportRun.parse(await res.json()).runId);
    expect(calls).toBeGreaterThan(0);
    expect(run.status).toBe('failed');
    expect(run.failure).toMatch(/^导入中断：.*已处理 \d+\/4 行。请重新上传同一文件继续/);
  });
});
