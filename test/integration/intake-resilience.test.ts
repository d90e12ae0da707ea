/**
 * Intake on the real engines when things go wrong: an enrolment that arrives before the case it
 * closes still closes it, and a database outage pauses the partition (readiness says so) instead
 * of crashing the consumer or losing the message, which is processed once the database is back.
 */
import net from 'node:net';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Actor } from '../../domain/actor.js';
import { graduate1311WorkflowId } from '../../domain/cases/graduate-1311.js';
import { reemploymentWorkflowId } from '../../domain/cases/reemployment.js';
import { CaseDetail } from '../../domain/contracts/http.js';
import { hashIdNumber } from '../../domain/identity.js';
import { creditCode, freshResidentId, graduateHandover, shanghaiDay, shanghaiInstant } from '../support/fixtures.js';
import { collect, eventually, send, startTestSystem, testKafka, type TestSystem } from './harness.js';

/** A TCP proxy in front of the shared PostgreSQL that the test can cut and restore. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    async cut() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    restore: () => listen(port),
    // Ends the piped connections too: server.close alone waits for every open one to end, and a
    // pooled connection left idle by a stopped client kept the file's teardown waiting.
    close: () =>
      new Promise<void>((resolve) => {
        if (server.listening) server.close(() => resolve());
        else resolve();
        for (const s of sockets) s.destroy();
      }),
  };
}

let sys: TestSystem;
let producer: Producer;
let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
let observer: Awaited<ReturnType<typeof collect>>;
const logLines: string[] = [];
const cw: Actor = { userId: 'cw-zhao', role: 'caseworker', jurisdiction: '220102' };
const enc = encodeURIComponent;

const freshPerson = () => freshResidentId('220102', '200306');

beforeAll(async () => {
  proxy = await cuttableProxy(new URL(inject('postgresBaseUrl')));
  sys = await startTestSystem('intake_resilience', {
    logLines,
    databaseVia: (url) => {
      const via = new URL(url);
      via.hostname = '127.0.0.1';
      via.port = String(proxy.port);
      return via.toString();
    },
    env: { INTAKE_MAX_ATTEMPTS: '3', INTAKE_RETRY_BACKOFF_MS: '50', INTAKE_PAUSE_MS: '500', INTAKE_PAUSE_MAX_MS: '1000' },
  });
  const kafka = testKafka();
  producer = kafka.producer();
  await producer.connect();
  observer = await collect(kafka, ['edu.graduate.handover.v1.dlq', 'si.enrollment.changed.v1.dlq']);
});

afterAll(async () => {
  await observer?.consumer.disconnect();
  await producer?.disconnect();
  await sys?.stop();
  await proxy?.close();
});

async function caseOf(caseId: string): Promise<CaseDetail | undefined> {
  const res = await sys.api(`/api/cases/${enc(caseId)}`, cw);
  return res.status === 200 ? CaseDetail.parse(res.body) : undefined;
}

async function processed(topic: string, eventId: string): Promise<true | undefined> {
  const row = await sys.system.database.prisma.processedEvent.findUnique({ where: { topic_eventId: { topic, eventId } } });
  return row ? true : undefined;
}

describe('intake that never stalls, on real Temporal, Kafka and PostgreSQL', () => {
  it('closes a graduate case and a re-employment case as employed when the enrolment came before the case', async () => {
    const idNumber = freshPerson();
    const employer = creditCode('220104', 'MA0000088');
    const enrolment = {
      eventId: `si-early-${Date.now()}`,
      occurredAt: shanghaiInstant(),
      idNumber,
      creditCode: employer,
      regionCode: '220104',
      change: 'enrolled',
      effectiveDate: shanghaiDay(),
    };
    await send(producer, 'si.enrollment.changed.v1', idNumber, enrolment);
    // Handled before any case of the person exists: no case row, no workflow.
    await eventually('the early enrolment handled', () => processed('si.enrollment.changed.v1', enrolment.eventId), 90_000);

    const handover = graduateHandover({ idNumber, handoverId: 'JL-2026-07-301' });
    const idHash = hashIdNumber(idNumber, sys.config.secrets.idHashKey as string);
    const graduateCase = graduate1311WorkflowId(idHash, handover.year);
    await send(producer, 'edu.graduate.handover.v1', idNumber, handover);
    const filingId = `F-EARLY-${Date.now()}`;
    const reemploymentCase = reemploymentWorkflowId(idHash, filingId);
    await send(producer, 'hrss.layoff.worker.v1', idNumber, {
      eventId: `lw-early-${Date.now()}`,
      occurredAt: shanghaiInstant(),
      filingId,
      creditCode: creditCode('220102', 'MA0000099'),
      idNumber,
      name: '赵晓东',
      householdRegionCode: '220102',
      lastWorkingDay: shanghaiDay(-3),
    });

    for (const caseId of [graduateCase, reemploymentCase]) {
      const closed = await eventually(
        `${caseId} closed as employed`,
        async () => {
          const detail = await caseOf(caseId);
          return detail?.status === 'closed' ? detail : undefined;
        },
        90_000,
      );
      expect(closed.reason).toContain(employer);
    }
  });

  it('pauses the partition while the database is away, says so on /readyz, and then processes the same message', async () => {
    const idNumber = freshPerson();
    const handover = graduateHandover({ idNumber, handoverId: 'JL-2026-07-302' });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), handover.year);
    const ready = await fetch(`${sys.system.httpUrl}/readyz`);
    expect(ready.status).toBe(200);

    await proxy.cut();
    try {
      await send(producer, 'edu.graduate.handover.v1', idNumber, handover);
      const notReady = await eventually('/readyz saying intake is paused', async () => {
        const res = await fetch(`${sys.system.httpUrl}/readyz`);
        const body = (await res.json()) as { checks: { part: string; code: string }[] };
        return res.status === 503 && body.checks.some((c) => c.code === 'intake_paused') ? body : undefined;
      });
      expect(notReady.checks.find((c) => c.part === 'database')?.code).toBe('database_unreachable');
      expect(logLines.some((l) => l.includes('partition paused'))).toBe(true);
      expect(await fetch(`${sys.system.httpUrl}/healthz`).then((r) => r.status)).toBe(200);
    } finally {
      await proxy.restore();
    }

    const opened = await eventually('the held handover processed', () => caseOf(caseId), 90_000);
    expect(opened.type).toBe('graduate-1311');
    await eventually('/readyz ready again', async () => ((await fetch(`${sys.system.httpUrl}/readyz`)).status === 200 ? true : undefined));
    expect(logLines.some((l) => l.includes('partition resumed'))).toBe(true);
    const dead = observer.messages.get('edu.graduate.handover.v1.dlq') ?? [];
    expect(dead.some((m) => m.value.includes(handover.eventId))).toBe(false);
  });

  it('dead-letters an eventId PostgreSQL refuses, takes an enrolment for a terminated case as a no-op, and goes on', async () => {
    // Only a consumer with this fix survives this message on the shared topic: one without it
    // retries it for ever, so run this file against engines whose other consumers have the fix.
    const bad = graduateHandover({ idNumber: freshPerson(), eventId: `evt-nul\u0000${Date.now()}` });
    const [sent] = await producer.send({ topic: 'edu.graduate.handover.v1', messages: [{ key: bad.idNumber, value: JSON.stringify(bad) }] });
    const source = `edu.graduate.handover.v1/${sent!.partition}/${sent!.baseOffset}`;
    const dead = await eventually(
      'the NUL eventId on the DLQ',
      async () => (observer.messages.get('edu.graduate.handover.v1.dlq') ?? []).find((m) => m.headers['dlq-source'] === source),
      90_000,
    );
    expect(dead.headers['dlq-reason']).toBeTruthy();

    // A case whose workflow was terminated keeps its open read-model row: the signal finds no workflow.
    const idNumber = freshPerson();
    const handover = graduateHandover({ idNumber, handoverId: 'JL-2026-07-303' });
    const caseId = graduate1311WorkflowId(hashIdNumber(idNumber, sys.config.secrets.idHashKey as string), handover.year);
    await send(producer, 'edu.graduate.handover.v1', idNumber, handover);
    await eventually('the case opened', () => caseOf(caseId), 90_000);
    await sys.system.client.workflow.getHandle(caseId).terminate('test: a case ended outside the system');
    const enrolment = {
      eventId: `si-terminated-${Date.now()}`,
      occurredAt: shanghaiInstant(),
      idNumber,
      creditCode: creditCode('220104', 'MA0000077'),
      regionCode: '220104',
      change: 'enrolled',
      effectiveDate: shanghaiDay(),
    };
    await send(producer, 'si.enrollment.changed.v1', idNumber, enrolment);
    await eventually('the enrolment for the terminated case handled', () => processed('si.enrollment.changed.v1', enrolment.eventId));
    const after = graduateHandover({ idNumber: freshPerson(), handoverId: 'JL-2026-07-304' });
    await send(producer, 'edu.graduate.handover.v1', after.idNumber, after);
    await eventually('the next handover processed', () => processed('edu.graduate.handover.v1', after.eventId));
    expect((observer.messages.get('si.enrollment.changed.v1.dlq') ?? []).some((m) => m.value.includes(enrolment.eventId))).toBe(false);
  });
});
