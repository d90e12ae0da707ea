/**
 * Unemployment-risk assessment for the emergency response plan (失业风险防范应急响应预案; Shandong
 * 鲁人社字〔2021〕138号 三(二)5, Jilin 吉就组办〔2022〕1号 二(五), Fujian 闽人社文〔2021〕156号 三(二)1).
 * Levels run IV (blue, lowest) to I (red, highest). The thresholds are the profile's, because they
 * differ by place; this module only applies them. Every comparison is inclusive: a rule fires when
 * the observed value is ≥ its threshold.
 */
import { riskLevels, type PolicyProfile, type RiskThresholds } from './profiles/index.js';

export type RiskLevel = (typeof riskLevels)[number];

const colours = { IV: 'blue', III: 'yellow', II: 'orange', I: 'red' } as const satisfies Record<RiskLevel, string>;
const levelNamesZh = { IV: 'Ⅳ级（蓝色）', III: 'Ⅲ级（黄色）', II: 'Ⅱ级（橙色）', I: 'Ⅰ级（红色）' } as const satisfies Record<RiskLevel, string>;

export function riskLevelColour(level: RiskLevel): (typeof colours)[RiskLevel] {
  return colours[level];
}

/** How a level reads in Chinese: Ⅳ级（蓝色）. */
export function riskLevelName(level: RiskLevel): string {
  return levelNamesZh[level];
}

/** Negative when `a` is less severe than `b`, so sorting ascending puts IV first and I last. */
export function compareRiskLevel(a: RiskLevel, b: RiskLevel): number {
  return riskLevels.indexOf(a) - riskLevels.indexOf(b);
}

export type RiskIndicators = {
  /** The region assessed; layoff filings are those of enterprises in it (a county for the cluster rule). */
  regionCode: string;
  industryCode?: string;
  layoffFilings: { creditCode: string; headcount: number; layoffCount: number }[];
  /** Change of monitored enterprises' insured headcount against the previous month, percent (a drop is negative). */
  insuredHeadcountChangePct?: number;
  /** Change of new unemployment-insurance claimants against the same month a year earlier, percent. */
  newClaimantsChangePct?: number;
  /** Registered unemployment rate of consecutive reported months, latest first, percent. */
  registeredUnemploymentRates?: number[];
  closureJobLoss?: number;
};

/**
 * The indicators as plain figures, the form risk.level.v1 carries: firms and filings counted,
 * percentages and jobs as observed, the registered rate as its latest month and run length.
 */
export function indicatorFigures(ind: RiskIndicators): Record<string, number> {
  const figures: Record<string, number> = {
    layoffFilings: ind.layoffFilings.length,
    layoffFirms: new Set(ind.layoffFilings.map((f) => f.creditCode)).size,
    workersToBeLaidOff: ind.layoffFilings.reduce((sum, f) => sum + f.layoffCount, 0),
  };
  if (ind.insuredHeadcountChangePct !== undefined) figures.insuredHeadcountChangePct = ind.insuredHeadcountChangePct;
  if (ind.newClaimantsChangePct !== undefined) figures.newClaimantsChangePct = ind.newClaimantsChangePct;
  const latestRate = ind.registeredUnemploymentRates?.[0];
  if (latestRate !== undefined) {
    figures.registeredUnemploymentRatePct = latestRate;
    figures.registeredUnemploymentMonths = ind.registeredUnemploymentRates?.length ?? 0;
  }
  if (ind.closureJobLoss !== undefined) figures.closureJobLoss = ind.closureJobLoss;
  return figures;
}

export type RiskRule =
  'layoff-cluster' | 'single-firm-layoff' | 'insured-headcount-drop' | 'new-claimant-surge' | 'registered-unemployment-rate' | 'closure-job-loss';

export type RiskReason = { rule: RiskRule; level: RiskLevel; observed: number; threshold: number; message: string };

export type RiskAssessment = { level: RiskLevel | null; reasons: RiskReason[] };

/** At least `pct` percent, compared without division so 30 of 100 is exactly 30%. */
function atLeastPct(part: number, whole: number, pct: number): boolean {
  return whole > 0 && part * 100 >= pct * whole;
}

type Check = { observed: number; threshold: number; message: string } | undefined;

function checks(ind: RiskIndicators, t: RiskThresholds, levelZh: string): Record<RiskRule, Check> {
  const perFirm = t.layoffClusterMinPerFirm.value;
  const pct = t.layoffClusterMinPctPerFirm.value;
  // A firm that files twice is still one firm of the cluster.
  const clusterFirms = new Set(
    ind.layoffFilings.filter((f) => f.layoffCount >= perFirm || atLeastPct(f.layoffCount, f.headcount, pct)).map((f) => f.creditCode),
  ).size;
  const largestLayoff = ind.layoffFilings.reduce((max, f) => Math.max(max, f.layoffCount), 0);
  const drop = ind.insuredHeadcountChangePct === undefined ? undefined : -ind.insuredHeadcountChangePct;
  const months = t.registeredUnemploymentMonths.value;
  // The rate must hold for the level's months in a row: the lowest of them is what is compared.
  const recent = (ind.registeredUnemploymentRates ?? []).slice(0, months);
  const sustainedRate = recent.length === months ? Math.min(...recent) : undefined;

  const fire = (observed: number | undefined, threshold: number, message: (o: number) => string): Check =>
    observed !== undefined && observed >= threshold ? { observed, threshold, message: message(observed) } : undefined;

  return {
    'layoff-cluster': fire(
      clusterFirms,
      t.layoffClusterFirms.value,
      (o) => `${o}户企业集中裁员（每户≥${perFirm}人或≥${pct}%职工），达到${levelZh}阈值${t.layoffClusterFirms.value}户`,
    ),
    'single-firm-layoff': fire(largestLayoff, t.singleFirmLayoff.value, (o) => `单个企业一次性裁员${o}人，达到${levelZh}阈值${t.singleFirmLayoff.value}人`),
    'insured-headcount-drop': fire(
      drop,
      t.insuredHeadcountDropPct.value,
      (o) => `监测企业参保人数环比下降${o}%，达到${levelZh}阈值${t.insuredHeadcountDropPct.value}%`,
    ),
    'new-claimant-surge': fire(
      ind.newClaimantsChangePct,
      t.newClaimantsSurgePct.value,
      (o) => `失业保险新增申领人数同比增长${o}%，达到${levelZh}阈值${t.newClaimantsSurgePct.value}%`,
    ),
    'registered-unemployment-rate': fire(
      sustainedRate,
      t.registeredUnemploymentRatePct.value,
      (o) => `登记失业率连续${months}个月不低于${o}%，达到${levelZh}阈值${t.registeredUnemploymentRatePct.value}%（连续${months}个月）`,
    ),
    'closure-job-loss': fire(ind.closureJobLoss, t.closureJobLoss.value, (o) => `企业关闭造成${o}个岗位流失，达到${levelZh}阈值${t.closureJobLoss.value}个`),
  };
}

/**
 * The highest level any rule reaches, with one reason per fired rule at the highest level that rule
 * reaches, most severe first. `level` is null when nothing fires.
 */
export function assessRisk(ind: RiskIndicators, profile: PolicyProfile): RiskAssessment {
  const reasons: RiskReason[] = [];
  const fired = new Set<RiskRule>();
  for (const level of [...riskLevels].reverse()) {
    const levelChecks = checks(ind, profile.riskThresholds[level], levelNamesZh[level]);
    for (const [rule, check] of Object.entries(levelChecks) as [RiskRule, Check][]) {
      if (check === undefined || fired.has(rule)) continue;
      fired.add(rule);
      reasons.push({ rule, level, ...check });
    }
  }
  return { level: reasons[0]?.level ?? null, reasons };
}

/**
 * Labor Contract Law art. 41: a layoff of 20 or more people, or of fewer than 20 that is at least 10%
 * of the staff, must be explained 30 days ahead and reported to the labour administration.
 */
export function isCollectiveLayoff({ headcount, layoffCount }: { headcount: number; layoffCount: number }): boolean {
  if (layoffCount <= 0) return false;
  return layoffCount >= 20 || layoffCount * 10 >= headcount;
}
