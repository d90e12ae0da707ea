/**
 * The bulk import on the real engines: the import command, called as npm run import calls it,
 * reads a list file and sends it to the running API; cases open, first-contact tasks reach the
 * inbox, a second run of the same file changes nothing, and a caseworker cannot import graduates
 * of another district.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../domain/calendar/index.js';
import { CaseList } from '../../domain/contracts/http.js';
import { profileForRegion } from '../../domain/profiles/index.js';
import { TaskList } from '../../domain/contracts/tasks.js';
import { type Actor } from '../../domain/actor.js';
import { createTokenService } from '../../services/http/auth.js';
import { importGraduatesCommand, readGraduateRows } from '../../services/import/graduate-1311.js';
import { graduateCaseId } from '../../services/intake/graduate-1311.js';
import { shanghaiInstant } from '../support/fixtures.js';
import { eventually, startTestSystem, type TestSystem } from './harness.js';

const small = path.resolve(import.meta.dirname, '../fixtures/graduates-2026-small.csv');
let sys: TestSystem;
let dir: string;
const supervisor: Actor = { userId: 'sup-import', role: 'supervisor', jurisdiction: '22' };
const nanguan: Actor = { userId: 'cw-nanguan', role: 'caseworker', jurisdiction: '220102' };
/** When the bureau received the list: now, so first contacts are not already overdue when they open. */
const receivedAt = shanghaiInstant();

beforeAll(async () => {
  sys = await startTestSystem('graduate_import');
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-import-it-'));
});

afterAll(async () => {
  await sys?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The cases the file's readable rows belong to. Counted by ID, not by type: this file's own intake
 * also reads handovers other test files left on the shared topic.
 */
async function fileCaseIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const r of readGraduateRows(small, { handoverId: 'ids', occurredAt: receivedAt })) {
    if (r.ok) ids.push(graduateCaseId(r.value, sys.config.secrets.idHashKey as string));
  }
  return ids;
}

/**
 * Runs the import command as `actor` with nothing but the token (JIUYE_TOKEN) in its environment,
 * as on a bureau's workstation that holds no key; returns its counts and output.
 */
async function importAs(actor: Actor, handoverId: string, rejectedName: string) {
  const env = { JIUYE_TOKEN: await createTokenService(sys.config.secrets.jwtSecret as string).sign(actor) };
  const rejectedFile = path.join(dir, rejectedName);
  const argv = [small, '--handover-id', handoverId, '--occurred-at', receivedAt, '--api', sys.system.httpUrl, '--rejected', rejectedFile];
  let stdout = '';
  let stderr = '';
  const code = await importGraduatesCommand(argv, { env, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  expect(code, stderr).toBe(0);
  const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(stdout)?.[1]);
  return { imported: count('imported'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected'), stdout, stderr, rejectedFile };
}

/** Every graduate case the supervisor sees over HTTP, page by page. */
async function graduateCasesOverHttp(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/api/cases?type=graduate-1311&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = CaseList.parse((await sys.api(query, supervisor)).body);
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('graduate list import on real Temporal, Kafka and PostgreSQL', () => {
  it('opens a case per readable row, puts first contacts in the inbox, and changes nothing on a re-run', async () => {
    const first = await importAs(supervisor, 'JL-2026-IMPORT-01', 'first.rejected.csv');
    // 20 rows: a wrong check digit, a missing name and a repeated ID number are rejected by the file.
    expect(first).toMatchObject({ imported: 17, updated: 0, unchanged: 0, rejected: 3 });
    expect(first.stdout).toContain(`行号与原因见 ${first.rejectedFile}`);
    expect(first.stderr).toContain('20/20 行 100%');
    const reasons = readFileSync(first.rejectedFile, 'utf8');
    expect(reasons).toContain('与第 3 行身份证号重复');
    expect(reasons).not.toMatch(/\d{17}[\dX]/);

    const ids = await fileCaseIds();
    expect(ids).toHaveLength(17);
    const cases = async () => (await graduateCasesOverHttp()).filter((id) => ids.includes(id)).length;
    const contactTasks = () => sys.system.database.prisma.task.count({ where: { caseId: { in: ids }, type: 'graduate-first-contact' } });
    // The read model follows the workflows a moment later.
    await eventually('17 graduate cases', async () => ((await cases()) === 17 ? true : undefined));
    const contacts = await eventually('17 first-contact tasks in the inbox', async () => {
      const list = TaskList.parse((await sys.api('/api/tasks?scope=team&limit=200', supervisor)).body);
      const open = list.items.filter((t) => t.type === 'graduate-first-contact' && ids.includes(t.caseId));
      return open.length === 17 ? open : undefined;
    });
    // First contact counts from when the bureau received the list, in the profile's working days.
    const expected = chinaCalendar.deadline(receivedAt, profileForRegion('220102').graduateFirstContactWorkingDays.value).dueDate;
    expect(new Set(contacts.map((t) => t.dueDate))).toEqual(new Set([expected]));
    const audits = () => sys.system.database.prisma.auditEntry.count({ where: { action: 'import-handover', actorId: 'sup-import' } });
    expect(await audits()).toBe(17);

    const again = await importAs(supervisor, 'JL-2026-IMPORT-01', 'again.rejected.csv');
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 17, rejected: 3 });
    expect(await cases()).toBe(17);
    expect(await contactTasks()).toBe(17);
    expect(await audits()).toBe(17);

    // A later list naming the same people is noted on their cases.
    const later = await importAs(supervisor, 'JL-2026-IMPORT-02', 'later.rejected.csv');
    expect(later).toMatchObject({ imported: 0, updated: 17, unchanged: 0 });
  });

  it('rejects the rows outside a caseworker’s district and says why', async () => {
    const summary = await importAs(nanguan, 'JL-2026-IMPORT-03', 'nanguan.rejected.csv');
    // Two graduates live in Nanguan (220102): their cases exist already, the list is noted on them.
    expect(summary).toMatchObject({ imported: 0, updated: 2, rejected: 18 });
    expect(readFileSync(summary.rejectedFile, 'utf8')).toContain('户籍地不在您的辖区内');
  });
});
