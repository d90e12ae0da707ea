/**
 * A key enterprise's account (重点企业用工保障, Shandong 鲁人社字〔2021〕138号 三(二)3, Jilin
 * 吉就组办〔2022〕1号 二(五)), for as long as the enterprise is on the bureau's list: its liaison
 * officer's regular contact with a survey that keeps the demand ledger; every hiring demand answered
 * within the profile's working days and, still unfilled after the profile's days, taken up the
 * escalation ladder by the county's and then the city's supervisor; hires counted from social
 * insurance's enrolments; job-keeping (稳岗) tasks when the insured headcount drops or the
 * enterprise is suspended or deregistered; help with subsidy applications; and the enterprise's
 * layoff filings linked to it. One workflow per enterprise (`key-enterprise:<creditCode>`); removed
 * from the list, it ends, and a later listing runs anew. Continues as new when Temporal suggests
 * it, with everything it knows.
 */
import type { KeyEnterpriseAccount } from '../../domain/cases/key-enterprise.js';
import { KeyEnterpriseCase } from './account.js';
import type { KeyEnterpriseInput } from './messages.js';

export async function keyEnterpriseWorkflow(input: KeyEnterpriseInput): Promise<KeyEnterpriseAccount> {
  const account = new KeyEnterpriseCase(input);
  await account.start();
  return account.finish();
}
