/**
 * A graduate who left school without a job, from the education department's handover to an
 * outcome: the "1311" service of Jilin 吉就组办〔2022〕1号 二(三): 1 policy briefing, 3 job
 * recommendations, 1 vocational guidance session, 1 training or internship opportunity, each a
 * caseworker task with its own working-day deadline, after a first contact due within the
 * profile's working days of the handover. One case per person and graduation year: later
 * handovers of the same person are signals to this case, never a second one.
 *
 * Closes as employed when social insurance reports an enrolment, or with the outcome a caseworker
 * records (business, further study, enlisted, employed); as no wish to work after the profile's
 * number of refusals; as unreachable after the profile's number of failed contact attempts.
 *
 * A case can run for months and gather handovers, task actions and escalations: when Temporal
 * suggests it, the case continues as new with everything it knows (ledger line, tasks with their
 * SLA clocks, profile), and picks up each step where it stood, finding its tasks again by key.
 */
import type { LedgerLine } from '../../domain/cases/graduate-1311.js';
import { GraduateCase } from './graduate-case.js';
import type { Graduate1311Input } from './messages.js';

export async function graduate1311Workflow(input: Graduate1311Input): Promise<LedgerLine> {
  const graduate = new GraduateCase(input);
  const profile = await graduate.start();
  return graduate.finish(profile);
}
