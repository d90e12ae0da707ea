/**
 * The thin slice through the real engines: a filing published to Kafka becomes a Temporal
 * workflow, a case in PostgreSQL, a case.lifecycle.v1 event and an entry in GET /api/cases; bad
 * messages go to the DLQ without stopping the consumer; duplicates make one case; restarts keep it.
 */
import type { Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CaseDetail, CaseList } from '../../domain/contracts/http.js';
import { CaseLifecycleV1 } from '../../domain/contracts/outbound.js';
import { closeLayoffCaseUpdate } from '../../workflows/layoff-filing/messages.js';
import { layoffFilingWorkflowId } from '../../domain/cases/layoff-filing.js';
import { layoffFiling } from '../support/fixtures.js';
import { collect, deadLetterSealOf, eventually, send, startTestSystem, testKafka, type Received, type TestSystem } from './harness.js';

const TOPIC = 'hrss.layoff.filed.v1';

let sys: TestSystem;
let producer: Producer;
let observer: { messages: Map<string, Received[]>; consumer: Consumer };

/** A caseworker of the district the fixture filings come from (Changchun Nanguan, 220102). */
const caseworker = { userId: 'cw-nanguan', role: 'caseworker', jurisdiction: '220102' } as const;

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const { status, body } = await sys.api(path, caseworker);
  return { status, body: body as T };
}

async function caseFor(id: string) {
  return eventually(`case ${id} over HTTP`, async () => {
    const { status, body } = await getJson<unknown>(`/api/cases/${encodeURIComponent(id)}`);
    return status === 200 ? CaseDetail.parse(body) : undefined;
  });
}

beforeAll(async () => {
  sys = await startTestSystem('layoff');
  const kafka = testKafka();
  producer = kafka.producer();
  await producer.connect();
  observer = await collect(kafka, ['case.lifecycle.v1', `${TOPIC}.dlq`]);
});

afterAll(async () => {
  await observer?.consumer.disconnect();
  await producer?.disconnect();
  await sys?.stop();
});

describe('layoff filing slice on real Temporal, Kafka and PostgreSQL', () => {
  it('runs against the real engines', () => {
    console.log(`integration engines: ${inject('engineSummary')}`);
    expect(sys.system.database.kind).toBe('postgres');
    expect(sys.system.intakeTopics).toContain(TOPIC);
  });

  it('turns a published filing into a case, an event and an API entry', async () => {
    const filing = layoffFiling();
    await send(producer, TOPIC, filing.creditCode, filing);
    const caseId = layoffFilingWorkflowId(filing);

    await caseFor(caseId);
    const detail = await eventually('the review task on the timeline', async () => {
      const d = await caseFor(caseId);
      return d.timeline.length > 1 ? d : undefined;
    });
    expect(detail).toMatchObject({ type: 'layoff-filing', status: 'opened', regionCode: '220102', industryCode: 'C36' });
    expect(detail.reason).toContain('劳动合同法第四十一条');
    expect(detail.timeline.map((e) => e.kind)).toEqual(['opened', 'task.created']);

    const list = CaseList.parse((await getJson('/api/cases?type=layoff-filing&region=2201')).body);
    expect(list.items.map((c) => c.id)).toContain(caseId);
    const elsewhere = CaseList.parse((await getJson('/api/cases?region=35')).body);
    expect(elsewhere.items).toEqual([]);
    const fujian = await sys.api('/api/cases', { userId: 'cw-fz', role: 'caseworker', jurisdiction: '3501' });
    expect(CaseList.parse(fujian.body).items.map((c) => c.id)).not.toContain(caseId);
    expect((await sys.api(`/api/cases/${encodeURIComponent(caseId)}`, { userId: 'cw-fz', role: 'caseworker', jurisdiction: '3501' })).status).toBe(403);
    expect((await sys.api('/api/cases', null)).status).toBe(401);

    const event = await eventually('case.lifecycle.v1 opened', async () => observer.messages.get('case.lifecycle.v1')?.find((m) => m.key === caseId));
    expect(CaseLifecycleV1.parse(JSON.parse(event.value))).toMatchObject({ caseId, kind: 'opened', caseType: 'layoff-filing' });
    expect(event.headers.eventId?.startsWith(`${caseId}:opened:`)).toBe(true);
  });

  it('sends malformed messages to the DLQ with the reason and keeps consuming', async () => {
    const bad = layoffFiling({ regionCode: '99x', headcount: 10, layoffCount: 50 });
    await send(producer, TOPIC, 'bad-key-1', bad);
    await send(producer, TOPIC, 'bad-key-2', '{not json');
    const good = layoffFiling();
    await send(producer, TOPIC, good.creditCode, good);

    // Sealed, under the keyed hash of the original key; the original bytes come back on opening.
    const dlq = deadLetterSealOf(sys);
    const dead = await eventually('schema failure on the DLQ', async () =>
      observer.messages.get(`${TOPIC}.dlq`)?.find((m) => m.key === dlq.hashKey(Buffer.from('bad-key-1'))),
    );
    expect(dead.value).not.toContain(bad.filingId);
    expect(dlq.open(Buffer.from(dead.value)).value?.toString('utf8')).toBe(JSON.stringify(bad));
    expect(dead.headers['dlq-reason']).toContain('regionCode');
    const issues = JSON.parse(dead.headers['dlq-issues'] ?? '[]') as { path: string }[];
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['regionCode', 'layoffCount']));

    const notJson = await eventually('bad JSON on the DLQ', async () =>
      observer.messages.get(`${TOPIC}.dlq`)?.find((m) => m.key === dlq.hashKey(Buffer.from('bad-key-2'))),
    );
    expect(notJson.headers['dlq-reason']).toBe('value is not valid JSON');

    await caseFor(layoffFilingWorkflowId(good));
  });

  it('makes one case from a redelivered message and from a resent filing', async () => {
    const filing = layoffFiling();
    const caseId = layoffFilingWorkflowId(filing);
    await send(producer, TOPIC, filing.creditCode, filing);
    await send(producer, TOPIC, filing.creditCode, filing);
    await send(producer, TOPIC, filing.creditCode, { ...filing, eventId: `${filing.eventId}-resent` });
    await caseFor(caseId);
    const marker = layoffFiling();
    await send(producer, TOPIC, marker.creditCode, marker);
    // Same partition key as the duplicates: once the marker's case exists, they were all consumed.
    await caseFor(layoffFilingWorkflowId(marker));

    const rows = await sys.system.database.prisma.case.count({ where: { id: caseId } });
    expect(rows).toBe(1);
    // The filing also reaches its county's risk monitor: the record names every workflow reached.
    const processed = await sys.system.database.prisma.processedEvent.findMany({ where: { workflowId: { contains: caseId } } });
    expect(processed.map((p) => p.eventId).sort()).toEqual([filing.eventId, `${filing.eventId}-resent`].sort());
    const opened = observer.messages.get('case.lifecycle.v1')?.filter((m) => m.key === caseId && JSON.parse(m.value).kind === 'opened');
    expect(opened).toHaveLength(1);
  });

  it('closes a case through the workflow and keeps it across a restart', async () => {
    const filing = layoffFiling();
    const caseId = layoffFilingWorkflowId(filing);
    await send(producer, TOPIC, filing.creditCode, filing);
    await caseFor(caseId);

    await sys.restart();
    expect((await caseFor(caseId)).status).toBe('opened');

    const handle = sys.system.client.workflow.getHandle(caseId);
    await handle.executeUpdate(closeLayoffCaseUpdate, { args: [{ reason: '企业撤回裁员计划', by: 'caseworker-1' }] });
    await handle.result();
    const closed = await eventually('case closed in the read model', async () => {
      const d = await caseFor(caseId);
      return d.status === 'closed' ? d : undefined;
    });
    // The open review task is cancelled with the case, not left in someone's inbox.
    expect(closed.timeline.map((e) => e.kind)).toEqual(['opened', 'task.created', 'task.cancelled', 'closed']);
    expect(closed.reason).toBe('企业撤回裁员计划');
  });
});
