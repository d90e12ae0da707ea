/**
 * The graduate 1311 case in skipped time with mocked activities: from the handover through
 * contact and all 1+3+1+1 service items to employment reported by social insurance; six months in
 * which nobody acts; declined offers that are not refusals, and refusals that close the case; and a
 * graduate who cannot be reached.
 */
import { describe, expect, it } from 'vitest';
import { graduateHandoverSignal, ledgerLineQuery, recordGraduateOutcomeUpdate } from '../../workflows/graduate-1311/messages.js';
import { enrollmentChangedSignal } from '../../workflows/person-messages.js';
import { addMonths, endOfShanghaiDay, toShanghaiDate } from '../../domain/calendar/dates.js';
import { chainPast, nationalProfile } from '../../domain/profiles/index.js';
import { creditCode, graduateHandover } from '../support/fixtures.js';
import { caseworker, finish, graduateCase, openTasks, waitForOpen } from '../support/graduate-1311-case.js';
import { useTimeSkippingEnv } from '../support/temporal-env.js';
import { HANDOVERS_KEPT } from '../../workflows/graduate-1311/handovers.js';
import { setTimeout } from 'node:timers/promises';

const testEnv = useTimeSkippingEnv();

const results: Record<string, unknown> = {
  'graduate-first-contact': { reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior' },
  'graduate-policy-briefing': { channel: 'phone', summary: '讲解了就业补贴和见习政策' },
  'graduate-vocational-guidance': { channel: 'in-person', summary: '职业测评与简历指导' },
  'graduate-training-or-internship': { kind: 'internship', provider: '长春市就业见习基地', response: 'accepted' },
};
const jobResponses = ['declined', 'interviewing', 'accepted'];

const start = (overrides: Parameters<typeof graduateCase>[1] = {}) => graduateCase(testEnv(), overrides);

describe('graduate 1311 case', () => {
  it('runs a graduate from handover through all 1+3+1+1 services to employment', async () => {
    const { mocks, worker, handover, begin } = await start();
    await worker.runUntil(async () => {
      const handle = await begin();
      // The same person in a second handover: noted on the same case.
      await handle.signal(graduateHandoverSignal, { handover: { ...handover, handoverId: 'JL-2026-08-002' }, sourceEventId: 'evt-second' });

      const [contact] = await waitForOpen(handle, 1);
      expect(contact).toMatchObject({ type: 'graduate-first-contact', candidateRole: 'caseworker' });
      expect(contact!.title).toContain('李**');
      await finish(handle, contact!, results['graduate-first-contact']);

      const services = await waitForOpen(handle, 6);
      expect(services.map((t) => t.type).sort()).toEqual(
        [
          'graduate-job-recommendation',
          'graduate-job-recommendation',
          'graduate-job-recommendation',
          'graduate-policy-briefing',
          'graduate-training-or-internship',
          'graduate-vocational-guidance',
        ].sort(),
      );
      let job = 0;
      // Soonest due first, as a caseworker works the inbox.
      for (const task of [...services].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))) {
        await testEnv().sleep('1 day');
        const result =
          task.type === 'graduate-job-recommendation'
            ? { position: `软件测试工程师 ${job + 1}`, employer: '长春示例科技有限公司', response: jobResponses[job++] }
            : results[task.type];
        await finish(handle, task, result);
      }
      const served = await handle.query(ledgerLineQuery);
      // The declined job is on its ledger item; it is not a refusal of the service.
      expect(served).toMatchObject({ status: 'in-service', refusals: 0, contactAttempts: 1, intention: 'employment', skillLevel: 'junior' });
      expect(served.handoverIds).toEqual(['JL-2026-07-001', 'JL-2026-08-002']);
      expect(served.items.map((i) => i.status)).toEqual(['on-time', 'on-time', 'on-time', 'on-time', 'on-time', 'on-time']);
      expect(
        served.items
          .filter((i) => i.kind === 'job-recommendation')
          .map((i) => i.response)
          .sort(),
      ).toEqual(['accepted', 'declined', 'interviewing']);
      expect(
        served.items
          .filter((i) => i.kind === 'job-recommendation')
          .map((i) => i.position)
          .sort(),
      ).toEqual(['软件测试工程师 1', '软件测试工程师 2', '软件测试工程师 3']);

      const employer = creditCode('220104', 'MA0000009');
      await handle.signal(enrollmentChangedSignal, { change: 'enrolled', creditCode: employer, effectiveDate: '2026-09-01', sourceEventId: 'evt-si' });
      const closed = await handle.result();
      expect(closed).toMatchObject({ status: 'closed', outcome: 'employed', employerCreditCode: employer });
    });
    expect(mocks.calls.opened).toHaveLength(1);
    expect(mocks.calls.opened[0]?.title).not.toContain('李小明');
    const caseEvents = mocks.calls.published.filter((p) => p.topic === 'case.lifecycle.v1').map((p) => ('kind' in p.message ? p.message.kind : ''));
    expect(caseEvents).toEqual(['opened', 'advanced', 'closed']);
    // The ledger read model follows the line, in revision order, ending with the closed case.
    const revisions = mocks.calls.ledger.map((w) => w.revision);
    expect(revisions).toEqual(revisions.map((_, i) => i + 1));
    expect(mocks.calls.ledger.at(-1)?.line).toMatchObject({ status: 'closed', outcome: 'employed' });
    expect(mocks.calls.ledger.at(-1)?.person).toMatchObject({ name: '李小明', phone: '13812345678', school: '吉林大学' });
    const everything = JSON.stringify([mocks.calls.published, mocks.calls.taskChanges, mocks.calls.opened]);
    expect(everything).not.toContain(graduateHandover().idNumber);
    expect(everything).not.toContain('13812345678');
  });

  it('flags a case still open at the target (6 months after graduation) to the supervisor', async () => {
    const now = await testEnv().currentTimeMs();
    // Graduated 6 months before the day after tomorrow (Shanghai), so the target passes in skipped time.
    const graduationDate = addMonths(toShanghaiDate(new Date(now + 2 * 86_400_000).toISOString()), -6);
    const { mocks, worker, begin } = await start({ graduationDate });
    await worker.runUntil(async () => {
      const handle = await begin();
      await waitForOpen(handle, 1);
      expect((await handle.query(ledgerLineQuery)).flagged).toBe(false);
      await testEnv().sleep('3 days');
      const review = await waitForOpen(handle, 2);
      expect((await handle.query(ledgerLineQuery)).flagged).toBe(true);
      expect(review.find((t) => t.type === 'graduate-target-review')).toMatchObject({ candidateRole: 'supervisor' });
      await handle.terminate('test done');
    });
    const escalated = mocks.calls.published.filter((p) => 'kind' in p.message && p.message.kind === 'escalated');
    expect(escalated).toHaveLength(1);
  });

  it('runs six months with no response: contact climbs to the county and city supervisors and the city leader, then the 6-month flag', async () => {
    const today = toShanghaiDate(new Date(await testEnv().currentTimeMs()).toISOString());
    const { mocks, worker, begin } = await start({ graduationDate: today });
    await worker.runUntil(async () => {
      const handle = await begin();
      await waitForOpen(handle, 1);
      // Nobody acts on the case until a day after the target review's own escalation, in skipped
      // time. Counted from the profile (the mocks count whole days): six calendar months are 181
      // to 184 days depending on the month, so a fixed sleep holds only in some months.
      const { graduateTargetMonths, taskSlaWorkingDays, escalationChain } = nationalProfile;
      // The mocks count each step's days from when the step before it came (the later of the start
      // and now), so the review's last step comes the sum of its steps' days after it is due.
      const reviewSteps = chainPast(escalationChain, 'supervisor');
      const reviewDays = taskSlaWorkingDays.graduateTargetReview.value + reviewSteps.reduce((days, step) => days + step.afterWorkingDays.value, 0);
      const quietUntil = Date.parse(endOfShanghaiDay(addMonths(today, graduateTargetMonths.value))) + (reviewDays + 1) * 86_400_000;
      await testEnv().sleep(quietUntil - (await testEnv().currentTimeMs()));
      const line = await handle.query(ledgerLineQuery);
      expect(line).toMatchObject({ status: 'awaiting-contact', flagged: true, contactAttempts: 0, outcome: null });
      const tasks = await waitForOpen(handle, 2);
      expect(tasks.find((t) => t.type === 'graduate-first-contact')).toMatchObject({
        overdue: true,
        escalationLevel: 3,
        escalatedTo: 'leader',
        escalatedRegion: '2201',
      });
      // The supervisor's own review escalates past them, up to the city's supervisor and leader, once it is late too.
      expect(tasks.find((t) => t.type === 'graduate-target-review')).toMatchObject({
        candidateRole: 'supervisor',
        overdue: true,
        escalatedTo: 'leader',
        escalatedRegion: '2201',
        escalationPath: [
          { role: 'supervisor', regionCode: '2201' },
          { role: 'leader', regionCode: '2201' },
        ],
      });
      await handle.terminate('test done');
    });
    const steps = mocks.calls.taskChanges
      .filter((c) => c.action === 'overdue' || c.action === 'escalated')
      .map((c) => `${c.task.type}:${c.action}:${c.task.escalatedTo ?? ''}@${c.task.escalatedRegion ?? ''}`);
    expect(steps).toEqual([
      'graduate-first-contact:overdue:@',
      'graduate-first-contact:escalated:supervisor@220102',
      'graduate-first-contact:escalated:supervisor@2201',
      'graduate-first-contact:escalated:leader@2201',
      'graduate-target-review:overdue:@',
      'graduate-target-review:escalated:supervisor@2201',
      'graduate-target-review:escalated:leader@2201',
    ]);
    const caseEvents = mocks.calls.published.filter((p) => p.topic === 'case.lifecycle.v1').map((p) => ('kind' in p.message ? p.message.kind : ''));
    expect(caseEvents).toEqual(['opened', 'escalated']);
    expect(mocks.calls.ledger.at(-1)?.line).toMatchObject({ flagged: true, status: 'awaiting-contact' });
  });

  it('closes as no wish to work when a caseworker records it, cancelling the open tasks', async () => {
    const { mocks, worker, begin } = await start();
    await worker.runUntil(async () => {
      const handle = await begin();
      await waitForOpen(handle, 1);
      await handle.executeUpdate(recordGraduateOutcomeUpdate, { args: [{ actor: caseworker, outcome: 'no-wish', note: '本人表示一年内不打算就业' }] });
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'no-wish', closedReason: '暂无就业意愿：本人表示一年内不打算就业' });
    });
    expect(mocks.calls.taskChanges.filter((c) => c.action === 'cancelled').map((c) => c.task.type)).toEqual(['graduate-first-contact']);
  });

  it('keeps serving a graduate who declines every job offered and the internship: declining an offer is not refusing the service', async () => {
    const { worker, begin } = await start();
    await worker.runUntil(async () => {
      const handle = await begin();
      const [contact] = await waitForOpen(handle, 1);
      await finish(handle, contact!, results['graduate-first-contact']);
      const services = await waitForOpen(handle, 6);
      const offers = services.filter((t) => t.type === 'graduate-job-recommendation' || t.type === 'graduate-training-or-internship');
      expect(offers).toHaveLength(4);
      for (const [n, task] of offers.entries()) {
        const result =
          task.type === 'graduate-job-recommendation'
            ? { position: `会计 ${n + 1}`, employer: '长春示例会计师事务所', response: 'declined' }
            : { kind: 'internship', provider: '长春市就业见习基地', response: 'declined' };
        await finish(handle, task, result);
      }
      // More declines than the profile's refusal limit, and the case is still open, its other items too.
      expect(offers.length).toBeGreaterThan(nationalProfile.graduateRefusalLimit.value);
      const line = await handle.query(ledgerLineQuery);
      expect(line).toMatchObject({ status: 'in-service', outcome: null, refusals: 0 });
      expect(
        line.items
          .filter((i) => i.response === 'declined')
          .map((i) => i.kind)
          .sort(),
      ).toEqual(['job-recommendation', 'job-recommendation', 'job-recommendation', 'training-or-internship']);
      expect((await openTasks(handle)).map((t) => t.type).sort()).toEqual(['graduate-policy-briefing', 'graduate-vocational-guidance']);
      await handle.signal(enrollmentChangedSignal, {
        change: 'enrolled',
        creditCode: creditCode('220104', 'MA0000009'),
        effectiveDate: '2026-09-01',
        sourceEventId: 'evt-si',
      });
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'employed', refusals: 0 });
    });
  });

  it('closes as no wish to work when the graduate, reached, says three times they do not want work', async () => {
    const { mocks, worker, begin } = await start();
    await worker.runUntil(async () => {
      const handle = await begin();
      for (let attempt = 1; attempt <= nationalProfile.graduateRefusalLimit.value; attempt += 1) {
        const [contact] = await waitForOpen(handle, 1);
        expect(contact).toMatchObject({ type: 'graduate-first-contact' });
        await finish(handle, contact!, { reached: true, wantsWork: false, intention: 'none', skillLevel: 'none', note: `第 ${attempt} 次联系，暂不就业` });
      }
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'no-wish', refusals: 3, closedReason: '已拒绝 3 次服务' });
    });
    // Nothing of the package opened: the graduate never wanted it.
    expect(mocks.calls.taskChanges.filter((c) => c.action === 'created').map((c) => c.task.type)).toEqual([
      'graduate-first-contact',
      'graduate-first-contact',
      'graduate-first-contact',
    ]);
  });

  it('records a graduate as unreachable after the profile’s contact attempts, escalating each late one', async () => {
    const { mocks, worker, begin } = await start();
    await worker.runUntil(async () => {
      const handle = await begin();
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const [contact] = await waitForOpen(handle, 1);
        // Each attempt misses its deadline first: overdue and escalated in skipped time.
        await testEnv().sleep('6 days');
        await finish(handle, contact!, { reached: false, note: `第 ${attempt} 次电话无人接听` });
      }
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'unreachable', contactAttempts: 3 });
    });
    expect(mocks.calls.taskChanges.filter((c) => c.action === 'escalated' && c.task.escalatedTo === 'supervisor')).toHaveLength(3);
  });

  it('counts only failed contacts toward unreachable, not a contact that reached a graduate who said no', async () => {
    const { mocks, worker, begin } = await start();
    await worker.runUntil(async () => {
      const handle = await begin();
      const answers = [
        { reached: true, wantsWork: false, intention: 'undecided', skillLevel: 'none' },
        { reached: false, note: '无人接听' },
        { reached: false, note: '无人接听' },
        { reached: false, note: '无人接听' },
      ];
      for (const [n, answer] of answers.entries()) {
        const open = await waitForOpen(handle, 1);
        expect(open).toHaveLength(1);
        expect(open[0]?.type).toBe('graduate-first-contact');
        if (n === 3) expect((await handle.query(ledgerLineQuery)).status).toBe('awaiting-contact');
        await finish(handle, open[0]!, answer);
      }
      expect(await handle.result()).toMatchObject({ status: 'closed', outcome: 'unreachable', contactAttempts: 4, refusals: 1 });
    });
    expect(mocks.calls.closed.at(-1)?.reason).toBe('3 次联系均未联系上');
  });

  it('names only the latest handovers on its line, writes every one, and a re-delivered one changes nothing', async () => {
    const { mocks, worker, handover, begin } = await start();
    const total = HANDOVERS_KEPT + 6;
    const listed = (i: number) => ({
      ...handover,
      handoverId: `JL-2026-H${String(i).padStart(2, '0')}`,
      occurredAt: new Date(Date.parse(handover.occurredAt) + i * 60_000).toISOString(),
      phone: `139000000${String(i).padStart(2, '0')}`,
    });
    const lineNames = async (handle: Awaited<ReturnType<typeof begin>>, id: string) => {
      for (let i = 0; !(await handle.query(ledgerLineQuery)).handoverIds.includes(id); i += 1) {
        expect(i, `${id} reaches the case`).toBeLessThan(400);
        await setTimeout(50);
      }
    };
    let closed: Awaited<ReturnType<Awaited<ReturnType<typeof begin>>['result']>> | undefined;
    await worker.runUntil(async () => {
      const handle = await begin();
      for (let i = 1; i <= total; i += 1) await handle.signal(graduateHandoverSignal, { handover: listed(i), sourceEventId: `evt-h${i}` });
      await lineNames(handle, listed(total).handoverId);
      for (let i = 0; (await handle.query(ledgerLineQuery)).handoverIds.length > HANDOVERS_KEPT; i += 1) {
        expect(i, 'the line is trimmed once written').toBeLessThan(400);
        await setTimeout(50);
      }
      // The first list again, long trimmed from the line (Kafka re-delivery, a re-imported file);
      // then the case closes, and its last ledger write shows the graduate as the case has them.
      await handle.signal(graduateHandoverSignal, { handover: listed(1), sourceEventId: 'evt-h1' });
      await handle.executeUpdate(recordGraduateOutcomeUpdate, { args: [{ actor: caseworker, outcome: 'further-study', note: '已考取硕士研究生' }] });
      closed = await handle.result();
    });
    const latest = Array.from({ length: HANDOVERS_KEPT }, (_, i) => listed(total - HANDOVERS_KEPT + i + 1).handoverId);
    expect(closed?.handoverIds).toEqual(latest);
    expect(mocks.calls.ledger.at(-1)?.line.handoverIds).toEqual(latest);
    // The re-delivered list did not put its older phone number back.
    expect(mocks.calls.ledger.at(-1)?.person.phone).toBe(listed(total).phone);
    // Every handover reached the read model (which appends what each write names), in the order it came.
    const written = [...new Set(mocks.calls.ledger.flatMap((w) => w.line.handoverIds))];
    expect(written).toEqual([handover.handoverId, ...Array.from({ length: total }, (_, i) => listed(i + 1).handoverId)]);
  });
});
