/**
 * Continue-as-new on a real Temporal server that suggests it early: a dev server of this file's own
 * with `limit.historyCount.suggestContinueAsNew` lowered, the whole system (worker, Kafka intake,
 * API, PostgreSQL) on it. A caseworker's notes grow the history until Temporal suggests a new run;
 * the case continues as new and nothing is lost: the task, its notes, the handovers, the ledger
 * line, and the case goes on to serve and close as usual.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../activities/infra/config.js';
import { ensureTemporal, type TemporalEngine } from '../../deploy/engines/temporal.js';
import { CaseDetail } from '../../domain/contracts/http.js';
import { TaskList, type TaskView } from '../../domain/contracts/tasks.js';
import { type Actor } from '../../domain/actor.js';
import { hashIdNumber } from '../../domain/identity.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { ledgerLineQuery } from '../../workflows/graduate-1311/messages.js';
import { creditCode, graduateHandover, residentId, shanghaiDay } from '../support/fixtures.js';
import { eventually, send, startTestSystem, testKafka, type TestSystem } from './harness.js';

// Far below the default (4,096 events), so a few dozen actions make Temporal suggest a new run.
const SUGGEST_AFTER_EVENTS = 100;
const PORT = 17299;

let temporal: TemporalEngine;
let dataDir: string;
let sys: TestSystem;
let producer: Producer;
const cw: Actor = { userId: 'cw-can', role: 'caseworker', jurisdiction: '220102' };
const enc = encodeURIComponent;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiuye-can-'));
  temporal = await ensureTemporal({
    cli: process.env.TEMPORAL_CLI,
    cacheDir: process.env.JIUYE_CACHE_DIR ?? defaultCacheDir(),
    dataDir,
    port: PORT,
    uiPort: PORT + 1000,
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_AFTER_EVENTS },
  });
  // A server that was already there would not have the lowered limit: the test would prove nothing.
  if (temporal.source !== 'started') throw new Error(`port ${PORT} is already taken by another Temporal server; stop it`);
  sys = await startTestSystem('graduate_can', { temporalAddress: temporal.address });
  producer = testKafka().producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await sys?.stop();
  await temporal?.process?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function caseTasks(caseId: string): Promise<TaskView[]> {
  const list = TaskList.parse((await sys.api('/api/tasks?scope=team&limit=200', cw)).body);
  return list.items.filter((t) => t.caseId === caseId);
}

describe('graduate case continue-as-new on a real Temporal server', () => {
  it('continues as new when Temporal suggests it and loses nothing', async () => {
    const idNumber = residentId('220102', '20040101', '335');
    const first = graduateHandover({ idNumber, handoverId: 'JL-2026-07-301' });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), first.year);
    await send(producer, 'edu.graduate.handover.v1', idNumber, first);
    const contact = await eventually('the first-contact task', async () => (await caseTasks(caseId)).find((t) => t.status === 'open'));
    const handle = sys.system.client.workflow.getHandle(caseId);
    const firstRunId = (await handle.describe()).runId;

    // A caseworker keeps notes on the attempt until the case has moved to a new run.
    let notes = 0;
    while ((await handle.describe()).runId === firstRunId) {
      expect(notes, 'Temporal suggested continue-as-new and the case followed').toBeLessThan(60);
      notes += 1;
      expect((await sys.api(`/api/tasks/${enc(contact.id)}/notes`, cw, { body: { text: `第 ${notes} 次跟进记录` } })).status).toBe(200);
    }
    const firstRun = await sys.system.client.workflow.getHandle(caseId, firstRunId).fetchHistory();
    const lastEvent = firstRun.events?.at(-1);
    expect(lastEvent?.eventType).toBe(proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);

    // The new run has the same task (same ID, every note) and the same ledger line.
    const carried = await eventually('the task in the new run', async () => {
      const views = await handle.query('tasks').catch(() => undefined);
      return (views as TaskView[] | undefined)?.find((t) => t.id === contact.id);
    });
    expect(carried.notes.map((n) => n.text)).toEqual(Array.from({ length: notes }, (_, i) => `第 ${i + 1} 次跟进记录`));
    expect(carried.status).toBe('open');

    // A later handover still reaches the case, once.
    await send(producer, 'edu.graduate.handover.v1', idNumber, { ...first, eventId: `${first.eventId}-b`, handoverId: 'JL-2026-08-302' });
    await eventually('the second handover on the continued case', async () => {
      const line = await handle.query(ledgerLineQuery);
      return line.handoverIds.length === 2 ? line : undefined;
    });

    // The case goes on: contact over HTTP opens the service items, enrolment closes it.
    expect((await sys.api(`/api/tasks/${enc(contact.id)}/claim`, cw, { body: {} })).status).toBe(200);
    const done = await sys.api(`/api/tasks/${enc(contact.id)}/complete`, cw, {
      body: { result: { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'intermediate' } },
    });
    expect(done.status).toBe(200);
    await eventually('service items opening', async () => ((await caseTasks(caseId)).some((t) => t.type === 'graduate-policy-briefing') ? true : undefined));
    await send(producer, 'si.enrollment.changed.v1', idNumber, {
      eventId: `si-${first.eventId}`,
      occurredAt: new Date().toISOString(),
      idNumber,
      creditCode: creditCode('220104', 'MA0000301'),
      regionCode: '220104',
      change: 'enrolled',
      effectiveDate: shanghaiDay(),
    });
    await eventually('the case closed as employed', async () => {
      const d = CaseDetail.parse((await sys.api(`/api/cases/${enc(caseId)}`, cw)).body);
      return d.status === 'closed' ? d : undefined;
    });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'closed', outcome: 'employed', contactAttempts: 1, handoverIds: ['JL-2026-07-301', 'JL-2026-08-302'] });
    // Each task exists once in the read model: no run opened a task a previous run had opened.
    const contacts = await sys.system.database.prisma.task.count({ where: { caseId, type: 'graduate-first-contact' } });
    expect(contacts).toBe(1);
  });
});
