/**
 * The national profile: the fallback for every region without its own, and the base that provincial
 * profiles override. Most numbers here are our defaults (no document in policy/ sets them); each says
 * why it was chosen so a province can replace it knowingly.
 */
import { byDefault, parseProfile, serviceItem } from './define.js';
import type { RiskThresholds, Source } from './schema.js';

const WORKING_WEEK = 'one working week: long enough to reach people across a county, short enough to act while the case is fresh';
const PACKAGE_DUE = 'no document sets per-item deadlines; spread so all items are delivered within the first three months, well inside the six-month target';

/**
 * No national layoff-cluster thresholds are published. Level IV uses the structure and figures of
 * Shandong's 2016 large-scale unemployment warning (5 firms in a county, 50 people or 30% each, or
 * 200 at one firm), the only published figures at hand; higher levels scale them up.
 */
const SCALED_FROM_SHANDONG = 'scaled up from Shandong 2016 large-scale unemployment warning figures used at level IV; no national figure is published';
const CLUSTER_SHAPE =
  'per-firm criterion of Shandong 2016 (规模性失业预警: 50 people or 30% of staff), kept the same at every level so only the firm count escalates';
const ACK_AS_REPORT = 'a department confirms a directive within the time the bureau itself has to report at that level (riskReportHours)';
const RATE_MONTHS = 'two consecutive months, as in Hangzhou level 1: one bad month is noise';
const MONITORING =
  'no published threshold; chosen so level IV flags a monthly move a county labour market rarely sees without a shock, and I one it never sees without one';

function level(values: {
  firms: number;
  single: number;
  drop: number;
  surge: number;
  rate: number;
  closure: number;
  rateSource?: Source;
  closureSource?: Source;
}): RiskThresholds {
  return {
    layoffClusterFirms: { value: values.firms, source: byDefault(SCALED_FROM_SHANDONG) },
    layoffClusterMinPerFirm: { value: 50, source: byDefault(CLUSTER_SHAPE) },
    layoffClusterMinPctPerFirm: { value: 30, source: byDefault(CLUSTER_SHAPE) },
    singleFirmLayoff: { value: values.single, source: byDefault(SCALED_FROM_SHANDONG) },
    insuredHeadcountDropPct: { value: values.drop, source: byDefault(MONITORING) },
    newClaimantsSurgePct: { value: values.surge, source: byDefault(MONITORING) },
    registeredUnemploymentRatePct: {
      value: values.rate,
      source:
        values.rateSource ?? byDefault('steps of 0.5 points below Hangzhou level 1 (6%); Rizhao treats 4% as the edge of normal and 6% as the warning line'),
    },
    registeredUnemploymentMonths: { value: 2, source: byDefault(RATE_MONTHS) },
    closureJobLoss: {
      value: values.closure,
      source: values.closureSource ?? byDefault('scaled down from Hangzhou level 1 (1,500 jobs lost to closures)'),
    },
  };
}

const HANGZHOU_LEVEL_1 = byDefault(
  "Hangzhou's published level 1 (一级) figure (DOMAIN.md): the only published one at hand; the Hangzhou plan is not in policy/, so no clause is cited",
);

export const nationalProfile = parseProfile({
  id: 'national',
  name: '全国（默认）',
  regionPrefixes: [],

  unemploymentRegistrationWorkingDays: {
    value: 3,
    source: byDefault(
      'the 2020 national rule on unemployment registration sets 3 working days (DOMAIN.md); that notice is not in policy/, so its number and clause are not cited here',
    ),
  },
  registeredUnemployedFirstContactWorkingDays: { value: 5, source: byDefault(WORKING_WEEK) },
  graduateFirstContactWorkingDays: { value: 5, source: byDefault(`after the education department's handover; ${WORKING_WEEK}`) },

  // Nationally the four items are called "1131"; the package is the same as Jilin's "1311".
  service1311: {
    items: [
      serviceItem('policy-briefing', 1, byDefault("national '1131' service: 1 policy briefing"), 5, byDefault('delivered at first contact')),
      serviceItem('vocational-guidance', 1, byDefault("national '1131' service: 1 vocational guidance session"), 15, byDefault(PACKAGE_DUE)),
      serviceItem('job-recommendation', 3, byDefault("national '1131' service: 3 job recommendations"), 30, byDefault(PACKAGE_DUE)),
      serviceItem('training-or-internship', 1, byDefault("national '1131' service: 1 training or internship opportunity"), 60, byDefault(PACKAGE_DUE)),
    ],
  },
  service131: {
    items: [
      serviceItem(
        'vocational-guidance',
        1,
        byDefault("'131' commitment: 1 vocational guidance (meaning inferred from national wording)"),
        10,
        byDefault(PACKAGE_DUE),
      ),
      serviceItem('job-recommendation', 3, byDefault("'131' commitment: 3 job recommendations"), 30, byDefault(PACKAGE_DUE)),
      serviceItem('training-or-internship', 1, byDefault("'131' commitment: 1 training or internship"), 60, byDefault(PACKAGE_DUE)),
    ],
  },
  graduateRefusalLimit: {
    value: 3,
    source: byDefault('a graduate is recorded as not wishing to work after 3 refusals: one refusal may be timing, three are a stated choice'),
  },
  graduateContactAttempts: {
    value: 3,
    source: byDefault(
      'first-contact attempts, each with its own working-day deadline, before a graduate is recorded as unreachable (不能联系); mirrors the refusal limit',
    ),
  },
  graduateTargetMonths: {
    value: 6,
    source: byDefault('national follow-up target: employed or in job preparation within 6 months of graduation (DOMAIN.md); not in policy/'),
  },
  hardToEmployFollowUpIntervalDays: { value: 30, source: byDefault('monthly follow-up of a one-person-one-plan (DOMAIN.md)') },
  hardToEmployStableWorkMonths: { value: 6, source: byDefault('a hard-to-employ case closes after 6 months of stable work (DOMAIN.md)') },
  zeroEmploymentPlacementMonths: {
    value: 1,
    source: byDefault('zero-employment families get a member employed within 1 month, keeping the count at zero (动态清零, DOMAIN.md)'),
  },
  noContactCancellationMonths: { value: 6, source: byDefault('registration is cancelled after 6 months without contact (DOMAIN.md)') },

  enterpriseContactIntervalDays: {
    value: 30,
    source: byDefault('the documents require regular contact with key enterprises (常态化服务) without a period; monthly matches the monthly demand ledger'),
  },
  hiringDemandResponseWorkingDays: {
    value: 2,
    source: byDefault('publishing vacancies and pushing matched job seekers takes a day; a second day absorbs a weekend handover'),
  },
  hiringDemandEscalationDays: {
    value: 30,
    source: byDefault('one recruitment cycle (a month of postings and a special job fair) before county, then city, step in'),
  },

  riskThresholds: {
    IV: level({ firms: 5, single: 200, drop: 5, surge: 20, rate: 4.5, closure: 300 }),
    III: level({ firms: 8, single: 500, drop: 10, surge: 30, rate: 5, closure: 500 }),
    II: level({ firms: 12, single: 1000, drop: 15, surge: 50, rate: 5.5, closure: 1000 }),
    I: level({ firms: 20, single: 1500, drop: 20, surge: 100, rate: 6, closure: 1500, rateSource: HANGZHOU_LEVEL_1, closureSource: HANGZHOU_LEVEL_1 }),
  },
  riskWindowDays: {
    layoffCluster: {
      value: 30,
      source: byDefault(
        "Shandong 2016 counts firms cutting '同时' (at the same time); filings are made 30 days before the layoff (Labor Contract Law art. 41), so filings within 30 days of each other overlap in their notice periods",
      ),
    },
    closureJobLoss: {
      value: 60,
      source: byDefault('no published window; two monthly reporting cycles, so a closure reported late in one month still counts with the next'),
    },
  },
  riskReportHours: {
    IV: { value: 24, source: byDefault('no published figure for level IV; within a day, slower than level III') },
    III: { value: 12, source: byDefault('emergency-plan reporting time for level III (DOMAIN.md); the plan is not in policy/') },
    II: { value: 2, source: byDefault('emergency-plan reporting time for levels I and II (DOMAIN.md); the plan is not in policy/') },
    I: { value: 2, source: byDefault('emergency-plan reporting time for levels I and II (DOMAIN.md); the plan is not in policy/') },
  },
  responseDepartments: {
    IV: { value: ['hrss'], source: byDefault('below the command-group level the labour bureau responds alone, through its measures') },
    III: {
      value: ['hrss', 'market-regulation', 'statistics', 'civil-affairs', 'finance'],
      source: byDefault('with the command group (level III) the departments that see and cushion the layoffs: enterprise status, figures, relief, funds'),
    },
    II: {
      value: ['hrss', 'market-regulation', 'statistics', 'civil-affairs', 'finance', 'publicity', 'petitions', 'public-security', 'development-reform'],
      source: byDefault('at level II social stability and the economic picture join: publicity, petitions, public security, development and reform'),
    },
    I: {
      value: [
        'hrss',
        'market-regulation',
        'statistics',
        'civil-affairs',
        'finance',
        'publicity',
        'petitions',
        'public-security',
        'development-reform',
        'education',
        'veterans-affairs',
      ],
      source: byDefault('at level I every member department the emergency plan names (DOMAIN.md 4)'),
    },
  },
  directiveAcknowledgeHours: {
    IV: { value: 24, source: byDefault(ACK_AS_REPORT) },
    III: { value: 12, source: byDefault(ACK_AS_REPORT) },
    II: { value: 2, source: byDefault(ACK_AS_REPORT) },
    I: { value: 2, source: byDefault(ACK_AS_REPORT) },
  },
  directiveCompletionHours: {
    IV: { value: 240, source: byDefault('ten days: a special job fair or a round of policy consultation takes about a week to organise') },
    III: { value: 120, source: byDefault('five days: half the level IV time, as the report time halves') },
    II: { value: 72, source: byDefault('three days at the two highest levels: measures must reach workers before the layoff date') },
    I: { value: 72, source: byDefault('three days at the two highest levels: measures must reach workers before the layoff date') },
  },
  commandGroupFromLevel: { value: 'III', source: byDefault('a command group is set up from level III (DOMAIN.md)') },
  deferredContributionsFromLevel: {
    value: 'I',
    source: byDefault('deferred social-insurance contributions are a red-level measure (Shandong 2016: 在Ⅰ级(红色)警报下允许企业缓缴社会保险费)'),
  },
  deescalationDays: {
    value: 30,
    source: byDefault('one monthly reporting cycle below threshold shows the indicators have settled, not just dipped'),
  },

  // DOMAIN.md: "the next level" is the parent jurisdiction, not another role in the same office; a
  // missed county deadline reaches the county supervisor, then the city's. The parent is the office
  // that guides the one below (Jilin 吉就组办〔2022〕1号 三(一): a community's service platform is
  // guided by its street's, a street's by the county bureau). No document sets when each is told,
  // so the steps are defaults.
  escalationChain: [
    {
      role: 'supervisor',
      levelsUp: { value: 0, source: byDefault("the supervisor of the task's own jurisdiction hears first (DOMAIN.md)") },
      afterWorkingDays: { value: 0, source: byDefault('a missed deadline goes to the supervisor at once (DOMAIN.md)') },
    },
    {
      role: 'supervisor',
      levelsUp: { value: 1, source: byDefault('then the next level: the supervisor of the parent jurisdiction (DOMAIN.md)') },
      afterWorkingDays: { value: 3, source: byDefault("the own office's supervisor gets 3 working days to resolve it before the next level is told") },
    },
    {
      role: 'leader',
      levelsUp: {
        value: 1,
        source: byDefault(
          "then the parent jurisdiction's leader, who directs the office below; the chain stops there, not at the province: a county task missed twice is the city's to sort out",
        ),
      },
      afterWorkingDays: {
        value: 6,
        source: byDefault("the parent's supervisor gets the same 3 working days as the own office's before their leader is told"),
      },
    },
  ],
  taskSlaWorkingDays: {
    onePersonOnePlanApproval: { value: 5, source: byDefault(`supervisor approval of a one-person-one-plan; ${WORKING_WEEK}`) },
    benchmarkPublicNotice: {
      value: 5,
      source: byDefault('public notice period of a benchmark-institution evaluation: Linyi sets 5 working days (五3); used everywhere absent a local rule'),
    },
    graduateTargetReview: {
      value: 5,
      source: byDefault(`a supervisor reviews a graduate still not placed at the target (6 months after graduation); ${'one working week'}`),
    },
    layoffFilingReview: {
      value: 3,
      source: byDefault(
        'a collective layoff is filed 30 days ahead (Labor Contract Law art. 41); reviewing the plan within 3 working days leaves time to guide the enterprise (Shandong 鲁人社发〔2019〕6号 (十)) before the layoff date',
      ),
    },
  },
});
