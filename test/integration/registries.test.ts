/**
 * The registries on the real engines: a handover of a graduate the social-insurance registry
 * (the stand-in, over HTTP) has enrolled makes no caseworker task, closes the case as employed and
 * tells the education department on hrss.graduate.outcome.v1; one it does not know gets a first
 * contact, the answer noted on the timeline. (A registry down past the retry budget is shown in
 * skipped time: test/workflow/registry-lookups.test.ts.)
 */
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetail } from '../../domain/contracts/http.js';
import { TaskList } from '../../domain/contracts/tasks.js';
import { type Actor } from '../../domain/actor.js';
import { hashIdNumber } from '../../domain/identity.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { creditCode, graduateHandover, residentId } from '../support/fixtures.js';
import { collect, eventually, send, startTestSystem, testKafka, type TestSystem } from './harness.js';

let sys: TestSystem;
let producer: Producer;
let observer: Awaited<ReturnType<typeof collect>>;
const cw: Actor = { userId: 'cw-zhao', role: 'caseworker', jurisdiction: '220102' };
const enc = encodeURIComponent;

beforeAll(async () => {
  sys = await startTestSystem('registries');
  const kafka = testKafka();
  producer = kafka.producer();
  await producer.connect();
  observer = await collect(kafka, ['hrss.graduate.outcome.v1', 'task.lifecycle.v1']);
});

afterAll(async () => {
  await observer?.consumer.disconnect();
  await producer?.disconnect();
  await sys?.stop();
});

const caseIdOf = (idNumber: string, year: number) => graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), year);

describe('registry look-ups on real Temporal, Kafka, PostgreSQL and the registry stand-in', () => {
  it('closes an enrolled graduate as employed with no task and sends the outcome to education', async () => {
    const idNumber = residentId('220102', '20030808', '315');
    const employer = creditCode('220104', 'MA0000051');
    sys.registries.seed({ persons: [{ idNumber, enrolled: true, creditCode: employer, regionCode: '220104', since: '2026-08-01' }] });
    const handover = graduateHandover({ idNumber, handoverId: 'JL-2026-07-301', studentRef: 'JLU-2022-0315' });
    const caseId = caseIdOf(idNumber, handover.year);
    await send(producer, 'edu.graduate.handover.v1', idNumber, handover);

    const closed = await eventually('the case closed as employed', async () => {
      const res = await sys.api(`/api/cases/${enc(caseId)}`, cw);
      const detail = res.status === 200 ? CaseDetail.parse(res.body) : undefined;
      return detail?.status === 'closed' ? detail : undefined;
    });
    expect(closed.timeline.map((e) => e.kind)).toContain('registry.checked');
    const outcome = await eventually('the outcome on hrss.graduate.outcome.v1', async () =>
      observer.messages.get('hrss.graduate.outcome.v1')?.find((m) => m.key === caseId),
    );
    expect(JSON.parse(outcome.value)).toMatchObject({
      caseId,
      year: handover.year,
      householdRegionCode: '220102',
      outcome: 'employed',
      studentRef: 'JLU-2022-0315',
    });
    expect(outcome.value).not.toContain(idNumber);
    // No caseworker was given a first contact for a graduate already at work.
    expect(observer.messages.get('task.lifecycle.v1')?.filter((m) => m.key === caseId)).toEqual([]);
    const inbox = TaskList.parse((await sys.api('/api/tasks?scope=team&limit=200', cw)).body);
    expect(inbox.items.filter((t) => t.caseId === caseId)).toEqual([]);
    // The look-up went over HTTP with its request ID, the ID number in the body only. (This system's
    // intake also reads the handovers earlier test files left on the shared topic, and looks them up.)
    const asked = sys.registries.requests();
    expect(asked.filter((r) => r.registry === 'si' && r.requestId?.startsWith(`${caseId}:`)).length).toBeGreaterThanOrEqual(1);
    expect(asked.filter((r) => r.path.includes(idNumber))).toEqual([]);
  });

  it('opens the first contact for a graduate the registry does not know, noting the answer', async () => {
    const idNumber = residentId('220102', '20031111', '426');
    const handover = graduateHandover({ idNumber, handoverId: 'JL-2026-07-302' });
    const caseId = caseIdOf(idNumber, handover.year);
    await send(producer, 'edu.graduate.handover.v1', idNumber, handover);
    const contact = await eventually('the first contact', async () => {
      const list = TaskList.parse((await sys.api('/api/tasks?scope=team&limit=200', cw)).body);
      return list.items.find((t) => t.caseId === caseId && t.type === 'graduate-first-contact');
    });
    expect(contact.status).toBe('open');
    const detail = CaseDetail.parse((await sys.api(`/api/cases/${enc(caseId)}`, cw)).body);
    expect(detail.timeline.find((e) => e.kind === 'registry.checked')?.detail).toMatchObject({ answer: 'not-enrolled', text: '社保登记系统：未参保' });
  });
});
