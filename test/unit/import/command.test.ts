/** The import command's arguments and exits, without a server. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraduateImportBatch } from '../../../domain/contracts/graduate-1311.js';
import { loadConfig } from '../../../activities/infra/config.js';
import { UsageError } from '../../../services/import/command.js';
import { importGraduatesCommand, parseImportArgs } from '../../../services/import/graduate-1311.js';

const config = loadConfig({ NODE_ENV: 'test', HOST: '10.0.0.5', PORT: '3100' });
const now = new Date('2026-11-20T01:00:00.000Z');

describe('parseImportArgs', () => {
  it('fills what was not given: the local API, now, the rejected-rows file beside the list', () => {
    const args = parseImportArgs(['名单/graduates.xlsx', '--token', 't1'], {}, config, now);
    expect(args).toEqual({
      file: '名单/graduates.xlsx',
      token: 't1',
      handoverId: undefined,
      occurredAt: '2026-11-20T01:00:00.000Z',
      occurredAtGiven: false,
      api: 'http://10.0.0.5:3100',
      rejectedPath: path.join('名单', 'graduates.rejected.csv'),
    });
  });

  it('takes every flag, and the token from JIUYE_TOKEN when there is no --token', () => {
    const argv = [
      'a.csv',
      '--handover-id',
      ' JL-2026-07 ',
      '--occurred-at',
      '2026-07-15T09:30:00+08:00',
      '--api',
      'https://jy.example/',
      '--rejected',
      '/tmp/r.csv',
    ];
    expect(parseImportArgs(argv, { JIUYE_TOKEN: 'env-token' }, config, now)).toEqual({
      file: 'a.csv',
      token: 'env-token',
      handoverId: 'JL-2026-07',
      occurredAt: '2026-07-15T09:30:00+08:00',
      occurredAtGiven: true,
      api: 'https://jy.example',
      rejectedPath: '/tmp/r.csv',
    });
    expect(parseImportArgs(['a.csv', '--token', 'flag'], { JIUYE_TOKEN: 'env' }, config, now).token).toBe('flag');
  });

  it.each([
    [[], {}, '缺少名单文件'],
    [['a.csv', 'b.csv', '--token', 't'], {}, '只能导入一个文件'],
    [['a.csv'], {}, '缺少令牌'],
    [['a.csv', '--token', 't', '--occurred-at', '2026-07-15'], {}, '带时区的 ISO 时间'],
    [['a.csv', '--token', 't', '--handover-id', ' '], {}, '--handover-id 不能为空'],
    [['a.csv', '--token', 't', '--force'], {}, '参数有误'],
    [['a.csv', '--token'], {}, '参数有误'],
  ])('refuses %j with a reason', (argv, env, reason) => {
    expect(() => parseImportArgs(argv, env, config, now)).toThrow(UsageError);
    expect(() => parseImportArgs(argv, env, config, now)).toThrow(reason);
  });
});

describe('importGraduatesCommand', () => {
  function io(env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: { env: { NODE_ENV: 'test', ...env }, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
      out,
      err,
    };
  }

  it('exits 2 with the usage on wrong usage, and sends nothing', async () => {
    const { io: streams, out, err } = io();
    expect(await importGraduatesCommand(['a.csv'], streams)).toBe(2);
    expect(err.join('')).toMatch(/缺少令牌[\s\S]*用法: npm run import/);
    expect(out).toEqual([]);
  });

  it('exits 1 when the file cannot be read, or the environment is wrong', async () => {
    const missing = io();
    expect(await importGraduatesCommand(['/nonexistent/名单.xlsx', '--token', 't'], missing.io)).toBe(1);
    expect(missing.err.join('')).toContain('找不到或无法读取文件：/nonexistent/名单.xlsx');
    const badEnv = io({ PORT: 'eighty' });
    expect(await importGraduatesCommand(['a.csv', '--token', 't'], badEnv.io)).toBe(1);
    expect(badEnv.err.join('')).toContain('PORT');
  });

  it('needs nothing but a token: no key, no NODE_ENV, no server settings; the rows carry no eventId', async () => {
    const batches: GraduateImportBatch[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const batch = JSON.parse(body) as GraduateImportBatch;
        batches.push(batch);
        const results = batch.rows.map(({ row }) => ({ row, outcome: 'imported', caseId: `grad1311:x${row}:2026`, reasons: [] }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-command-'));
    try {
      const small = path.resolve(import.meta.dirname, '../../fixtures/graduates-2026-small.csv');
      const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const out: string[] = [];
      const err: string[] = [];
      const streams = { env: { JIUYE_TOKEN: 't' }, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
      const code = await importGraduatesCommand([small, '--api', api, '--rejected', path.join(dir, 'r.csv')], streams);
      expect(code, err.join('')).toBe(0);
      expect(out.join('')).toMatch(/imported:\s+17/);
      const rows = batches.flatMap((b) => b.rows);
      expect(rows).toHaveLength(17);
      for (const { handover } of rows) expect(handover).not.toHaveProperty('eventId');
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
