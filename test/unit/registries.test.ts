/**
 * The registry clients against the stand-in over real HTTP: answers checked against the contract,
 * a timeout per call, transient failures retryable and the rest not, a breaker that stops a
 * failing registry being flooded, the activity's identity as X-Request-Id and the ID number only
 * in a request body.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRegistryActivities, registryLookUps } from '../../activities/registries.js';
import { createRegistryClient, RegistryError, type RegistryClientConfig } from '../../activities/infra/registry-client.js';
import { startRegistryStandIn, type RegistryStandIn } from '../../deploy/registries/stand-in.js';
import { creditCode, residentId } from '../support/fixtures.js';

const idNumber = residentId('220102', '20030915', '456');
const enterprise = {
  creditCode: creditCode('220102', 'MA0000021'),
  name: '长春示例机械有限公司',
  regionCode: '220102',
  industryCode: 'C34',
  status: 'active' as const,
  establishedOn: '2011-04-01',
};

let standIn: RegistryStandIn;
beforeAll(async () => {
  standIn = await startRegistryStandIn({ token: 'test-token' });
});
afterAll(() => standIn.stop());
beforeEach(() => {
  standIn.clear();
  standIn.seed({
    persons: [{ idNumber, enrolled: true, creditCode: enterprise.creditCode, regionCode: '220102', since: '2026-07-01' }],
    enterprises: [enterprise],
  });
});

function client(name: 'si' | 'amr', overrides: Partial<RegistryClientConfig> = {}) {
  return createRegistryClient({
    name,
    baseUrl: name === 'si' ? standIn.siUrl : standIn.amrUrl,
    token: 'test-token',
    timeoutMs: 500,
    maxInFlight: 4,
    breaker: { failures: 3, openMs: 60_000 },
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

describe('registry client', () => {
  it('answers a look-up, with the request ID as X-Request-Id and the ID number only in the body', async () => {
    const answer = await client('si').call({ ...registryLookUps.enrolment({ idNumber }), requestId: 'grad1311:abc:2026:1' });
    expect(answer).toEqual({ enrolled: true, creditCode: enterprise.creditCode, regionCode: '220102', since: '2026-07-01' });
    expect(standIn.requests()).toEqual([{ registry: 'si', method: 'POST', path: '/si/v1/persons/enrolment', requestId: 'grad1311:abc:2026:1' }]);
    expect(JSON.stringify(standIn.requests())).not.toContain(idNumber);
  });

  it('names an unknown enterprise as not retryable, and a person the registry does not know as not enrolled', async () => {
    const err = await failure(client('amr').call({ ...registryLookUps.enterprise({ creditCode: creditCode('220102', 'MA0000099') }), requestId: 'r-1' }));
    expect(err).toMatchObject({ type: 'RegistryUnknown', retryable: false, status: 404 });
    expect(err.message).toBe('市场监管登记系统无此记录：HTTP 404');
    const other = residentId('220102', '19990101', '111');
    expect(await client('si').call({ ...registryLookUps.enrolment({ idNumber: other }), requestId: 'r-2' })).toEqual({ enrolled: false });
  });

  it('turns a body that breaks the contract into a typed failure naming the fields, not their values', async () => {
    standIn.fault('si', { kind: 'garbage' });
    const err = await failure(client('si').call({ ...registryLookUps.enrolment({ idNumber }), requestId: 'r-3' }));
    expect(err).toMatchObject({ type: 'RegistryBadResponse', retryable: false });
    expect(err.message).toBe('社保登记系统返回数据不符合约定：enrolled');
  });

  it('gives up on a slow registry after its timeout, as a retryable failure', async () => {
    // The stand-in would answer after ten seconds: failing at all within the test's time is the timeout at work.
    standIn.fault('amr', { kind: 'slow', delayMs: 10_000 });
    const err = await failure(client('amr', { timeoutMs: 200 }).call({ ...registryLookUps.enterprise(enterprise), requestId: 'r-4' }));
    expect(err).toMatchObject({ type: 'RegistryUnavailable', retryable: true });
    expect(err.message).toBe('市场监管登记系统暂不可用：200 毫秒内无应答');
  });

  it('retries a transient failure with backoff when asked to, and a dropped connection counts as one', async () => {
    standIn.fault('amr', { kind: 'down' }, 1);
    standIn.fault('si', { kind: 'reset' }, 2);
    expect(await client('amr', { attempts: 3, retryDelayMs: 10 }).call({ ...registryLookUps.enterprise(enterprise), requestId: 'r-5' })).toEqual(enterprise);
    expect(await client('si', { attempts: 3, retryDelayMs: 10 }).call({ ...registryLookUps.enrolment({ idNumber }), requestId: 'r-6' })).toMatchObject({
      enrolled: true,
    });
    // The same request ID on every attempt: the registry sees one look-up asked again.
    expect(standIn.requests().map((r) => r.requestId)).toEqual(['r-5', 'r-5', 'r-6', 'r-6', 'r-6']);
  });

  it('opens its breaker after consecutive failures, fails fast while open, and closes after one good trial call', async () => {
    let now = 1_000_000;
    const events: string[] = [];
    const amr = client('amr', { now: () => now, onBreaker: (e) => events.push(`${e.state}:${e.failures}`) });
    standIn.fault('amr', { kind: 'down' });
    for (let i = 0; i < 3; i += 1) await failure(amr.call({ ...registryLookUps.enterprise(enterprise), requestId: `r-${i}` }));
    expect(amr.breakerState()).toBe('open');
    const asked = standIn.requests().length;
    const fast = await failure(amr.call({ ...registryLookUps.enterprise(enterprise), requestId: 'r-open' }));
    expect(fast).toMatchObject({ type: 'RegistryUnavailable', retryable: true });
    expect(standIn.requests()).toHaveLength(asked);

    now += 60_000;
    expect(amr.breakerState()).toBe('half-open');
    standIn.fault('amr', null);
    expect(await amr.call({ ...registryLookUps.enterprise(enterprise), requestId: 'r-trial' })).toEqual(enterprise);
    expect(amr.breakerState()).toBe('closed');
    expect(events).toEqual(['open:3', 'closed:3']);
  });

  it('keeps at most maxInFlight calls open to a registry at once', async () => {
    standIn.fault('amr', { kind: 'slow', delayMs: 100 });
    const amr = client('amr', { maxInFlight: 2, timeoutMs: 2_000 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 4 }, (_, i) => amr.call({ ...registryLookUps.enterprise(enterprise), requestId: `p-${i}` })));
    // Four slow calls two at a time take two rounds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('is refused without the bearer token', async () => {
    const err = await failure(client('si', { token: 'wrong' }).call({ ...registryLookUps.enrolment({ idNumber }), requestId: 'r-7' }));
    expect(err).toMatchObject({ type: 'RegistryRefused', retryable: false, status: 401 });
  });

  it('asks for a headcount by month', async () => {
    standIn.seed({
      headcounts: [
        { creditCode: enterprise.creditCode, period: '2026-10', insuredHeadcount: 310 },
        { creditCode: enterprise.creditCode, insuredHeadcount: 300 },
      ],
    });
    const si = client('si');
    expect(await si.call({ ...registryLookUps.headcount({ creditCode: enterprise.creditCode, period: '2026-10' }), requestId: 'h-1' })).toEqual({
      insuredHeadcount: 310,
      period: '2026-10',
    });
    expect(await si.call({ ...registryLookUps.headcount({ creditCode: enterprise.creditCode, period: '2026-11' }), requestId: 'h-2' })).toEqual({
      insuredHeadcount: 300,
      period: '2026-11',
    });
  });
});

describe('registry activities', () => {
  const env = new MockActivityEnvironment({ activityId: '7', workflowExecution: { workflowId: 'grad1311:abc:2026', runId: 'run-1' } });

  it('send the activity’s identity as X-Request-Id, the same on every attempt', async () => {
    const activities = createRegistryActivities({ si: client('si'), amr: client('amr') });
    expect(await env.run(activities.lookUpEnrolment, { idNumber })).toMatchObject({ enrolled: true });
    expect(await env.run(activities.lookUpEnterprise, { creditCode: enterprise.creditCode })).toEqual(enterprise);
    expect(standIn.requests().map((r) => r.requestId)).toEqual(['grad1311:abc:2026:7', 'grad1311:abc:2026:7']);
  });

  it('fail as ApplicationFailures of the registry failure type, retryable only when transient', async () => {
    const activities = createRegistryActivities({ si: client('si'), amr: client('amr') });
    standIn.fault('si', { kind: 'down' });
    const down = await env.run(activities.lookUpEnrolment, { idNumber }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ApplicationFailure);
    expect(down).toMatchObject({ type: 'RegistryUnavailable', nonRetryable: false, message: '社保登记系统暂不可用：HTTP 503' });
    const unknown = await env.run(activities.lookUpEnterprise, { creditCode: creditCode('220102', 'MA0000098') }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ type: 'RegistryUnknown', nonRetryable: true });
  });
});
