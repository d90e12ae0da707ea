import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Degree, Intention, SkillLevel } from '../../../domain/contracts/common.js';
import {
  DEFAULT_MATCH_LIMIT,
  DEGREE_POINTS,
  INTENTION_POINTS,
  MAJOR_POINTS,
  OCCUPATION_POINTS,
  REGION_POINTS,
  SKILL_POINTS,
  assessMatch,
  rankSeekers,
  rankVacancies,
  textsMatch,
  type JobSeeker,
  type MatchReason,
  type OpenVacancy,
  type Position,
} from '../../../domain/matching.js';

const graduate = (overrides: Partial<JobSeeker> = {}): JobSeeker => ({
  caseId: 'grad1311:aaaa:2026',
  caseType: 'graduate-1311',
  regionCode: '220102',
  nameMasked: '李**',
  intention: 'employment',
  skillLevel: null,
  degree: 'bachelor',
  major: '会计学',
  occupation: null,
  ...overrides,
});

const worker = (overrides: Partial<JobSeeker> = {}): JobSeeker => ({
  caseId: 'reemployment:bbbb:LF-1',
  caseType: 'reemployment',
  regionCode: '220102',
  nameMasked: '王**',
  intention: 'employment',
  skillLevel: 'intermediate',
  degree: null,
  major: null,
  occupation: '数控车工',
  ...overrides,
});

const accountant: Position = { title: '会计', count: 2, major: '会计', degree: 'bachelor' };
const turner: Position = { title: '数控车工（两班倒）', count: 10, skillLevel: 'intermediate' };

function reasonOf(seeker: JobSeeker, position: Position, factor: MatchReason['factor'], region = '220102'): MatchReason | undefined {
  const a = assessMatch(seeker, position, region);
  if (!a.offered) throw new Error(`not offered: ${a.reason.text}`);
  return a.reasons.find((r) => r.factor === factor);
}

describe('assessMatch: each factor with its points and reason', () => {
  it('scores a perfect graduate fit 100, the sum of its reasons', () => {
    const a = assessMatch(graduate({ skillLevel: 'senior' }), { ...accountant, skillLevel: 'junior' }, '220102');
    expect(a).toEqual({
      offered: true,
      score: 100,
      reasons: [
        { factor: 'region', points: REGION_POINTS.county, text: '同一县区（220102）' },
        { factor: 'intention', points: INTENTION_POINTS.employment, text: '有就业意愿' },
        { factor: 'major', points: MAJOR_POINTS, text: '专业对口（岗位要求“会计”，本人“会计学”）' },
        { factor: 'skill', points: SKILL_POINTS.meets, text: '技能等级达到要求（要求初级，本人高级）' },
        { factor: 'degree', points: DEGREE_POINTS, text: '学历达到要求（要求本科，本人本科）' },
      ],
    });
  });

  it.each([
    ['220102', '220102', REGION_POINTS.county, '同一县区（220102）'],
    ['220102001', '220102', REGION_POINTS.county, '同一县区（220102）'],
    ['220104', '220102', REGION_POINTS.city, '同一地市（长春市）'],
    ['220104', '220100', REGION_POINTS.city, '同一地市（长春市）'],
    ['220202', '220102', REGION_POINTS.province, '同一省份（吉林省）'],
    ['370102', '220102', REGION_POINTS.elsewhere, '不在同一省份（户籍地山东省，岗位在吉林省）'],
    // Counties directly under a province share no city (city group 90).
    ['429004', '429005', REGION_POINTS.province, '同一省份（湖北省）'],
    ['441900003', '441900', REGION_POINTS.city, '同一地市（441900）'],
    ['990102', '220102', 0, '地区代码无效，未计地区分'],
  ])('region: household %s, job in %s → %i', (home, job, points, text) => {
    expect(reasonOf(graduate({ regionCode: home }), accountant, 'region', job)).toEqual({ factor: 'region', points, text });
  });

  it.each([
    ['employment', INTENTION_POINTS.employment, '有就业意愿'],
    ['undecided', INTENTION_POINTS.undecided, '就业意向未定'],
    [null, INTENTION_POINTS.unknown, '就业意向尚不清楚（待联系确认）'],
  ] as const)('intention %s scores %i', (intention, points, text) => {
    expect(reasonOf(graduate({ intention }), accountant, 'intention')).toEqual({ factor: 'intention', points, text });
  });

  it('ranks wanting employment above undecided', () => {
    expect(INTENTION_POINTS.employment).toBeGreaterThan(INTENTION_POINTS.undecided);
  });

  it.each([
    ['further-study', '本人意向：升学，不推荐岗位'],
    ['business', '本人意向：创业，不推荐岗位'],
    ['none', '本人意向：暂无意愿，不推荐岗位'],
  ] as const)('does not offer a job to a person whose intention is %s', (intention, text) => {
    expect(assessMatch(graduate({ intention }), accountant, '220102')).toEqual({ offered: false, reason: { factor: 'intention', points: 0, text } });
  });

  it.each([
    ['会计', '会计学', MAJOR_POINTS, '专业对口（岗位要求“会计”，本人“会计学”）'],
    [' 计算机类相关专业 ', '计算机科学与技术', MAJOR_POINTS, '专业对口（岗位要求“计算机类相关专业”，本人“计算机科学与技术”）'],
    ['财务管理、会计', ' 会计 ', MAJOR_POINTS, '专业对口（岗位要求“财务管理、会计”，本人“会计”）'],
    ['ＩＴ', 'it', MAJOR_POINTS, '专业对口（岗位要求“ＩＴ”，本人“it”）'],
    ['机械设计制造及其自动化', '机械设计制造及其自动化', MAJOR_POINTS, '专业对口（岗位要求“机械设计制造及其自动化”，本人“机械设计制造及其自动化”）'],
    ['汉语言文学', '会计学', 0, '专业不符（岗位要求“汉语言文学”，本人“会计学”）'],
    // A one-character term is compared whole, never as part of another.
    ['法', '法语', 0, '专业不符（岗位要求“法”，本人“法语”）'],
    [undefined, '会计学', 0, '岗位不限专业'],
    ['  ', '会计学', 0, '岗位不限专业'],
    ['专业不限', '会计学', 0, '岗位不限专业'],
    ['不限专业', '会计学', 0, '岗位不限专业'],
    ['会计', null, 0, '岗位要求“会计”专业，本人专业不详'],
  ])('major: position %j, graduate %j → %i', (required, major, points, text) => {
    expect(reasonOf(graduate({ major }), { ...accountant, major: required }, 'major')).toEqual({ factor: 'major', points, text });
  });

  it.each([
    ['数控车工（两班倒）', '数控车工', OCCUPATION_POINTS, '原职业“数控车工”与岗位“数控车工（两班倒）”相符'],
    ['车工/钳工', '钳工', OCCUPATION_POINTS, '原职业“钳工”与岗位“车工/钳工”相符'],
    ['电焊工', '数控车工', 0, '原职业“数控车工”与岗位“电焊工”不同'],
    ['电焊工', null, 0, '原职业不详'],
  ])('occupation of a laid-off worker: position %j, occupation %j → %i', (title, occupation, points, text) => {
    expect(reasonOf(worker({ occupation }), { ...turner, title }, 'occupation')).toEqual({ factor: 'occupation', points, text });
  });

  it('judges a graduate by major and a laid-off worker by occupation, never both', () => {
    const factors = (s: JobSeeker) => {
      const a = assessMatch(s, { ...turner, major: '机械' }, '220102');
      return a.offered ? a.reasons.map((r) => r.factor) : [];
    };
    expect(factors(graduate())).toEqual(['region', 'intention', 'major', 'skill', 'degree']);
    expect(factors(worker())).toEqual(['region', 'intention', 'occupation', 'skill', 'degree']);
  });

  it.each([
    ['intermediate', 'senior', SKILL_POINTS.meets, '技能等级达到要求（要求中级，本人高级）'],
    ['intermediate', 'intermediate', SKILL_POINTS.meets, '技能等级达到要求（要求中级，本人中级）'],
    ['intermediate', 'junior', SKILL_POINTS.oneBelow, '技能等级低一级（要求中级，本人初级）'],
    ['senior', 'junior', 0, '技能等级低于要求（要求高级，本人初级）'],
    // No certificate is not "one grade below" a junior one: the trade is not certified at all.
    ['junior', 'none', 0, '无技能等级（岗位要求初级）'],
    ['intermediate', null, 0, '技能等级不详（岗位要求中级）'],
    [undefined, 'senior', 0, '岗位不限技能等级'],
    ['none', null, 0, '岗位不限技能等级'],
  ] as const)('skill: required %s, seeker %s → %i', (required, level, points, text) => {
    expect(reasonOf(worker({ skillLevel: level }), { ...turner, skillLevel: required }, 'skill')).toEqual({ factor: 'skill', points, text });
  });

  it.each([
    ['bachelor', 'doctor', DEGREE_POINTS, '学历达到要求（要求本科，本人博士研究生）'],
    ['master', 'master', DEGREE_POINTS, '学历达到要求（要求硕士研究生，本人硕士研究生）'],
    ['bachelor', 'associate', 0, '学历低于要求（要求本科，本人专科）'],
    ['associate', null, 0, '学历不详（岗位要求专科）'],
    [undefined, 'associate', 0, '岗位不限学历'],
  ] as const)('degree: required %s, graduate %s → %i', (required, degree, points, text) => {
    expect(reasonOf(graduate({ degree }), { ...accountant, degree: required }, 'degree')).toEqual({ factor: 'degree', points, text });
  });
});

describe('textsMatch', () => {
  it.each([
    ['会计', '会计学', true],
    ['会计学', '会计', true],
    ['软件开发方向', '软件工程', false],
    ['软件开发方向', '软件开发', true],
    ['市场营销或电子商务', '电子商务', true],
    ['', '会计', false],
    ['专业不限', '会计', false],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(textsMatch(a, b)).toBe(expected);
  });
});

describe('rankSeekers', () => {
  const positions = [accountant, turner];

  it('offers each seeker once, for the position they fit best, best first', () => {
    const ranked = rankSeekers({
      demandRegionCode: '220102',
      positions,
      seekers: [
        graduate({ caseId: 'g-elsewhere', regionCode: '370102' }),
        worker({ caseId: 'w-turner' }),
        graduate({ caseId: 'g-study', intention: 'further-study' }),
        graduate({ caseId: 'g-undecided', intention: 'undecided', regionCode: '220104' }),
      ],
    });
    expect(ranked.map((m) => [m.seeker.caseId, m.positionIndex, m.score])).toEqual([
      ['w-turner', 1, 85],
      ['g-elsewhere', 0, 65],
      ['g-undecided', 0, 62],
    ]);
    const best = ranked[0]!;
    expect(best.reasons.map((r) => r.text)).toEqual([
      '同一县区（220102）',
      '有就业意愿',
      '原职业“数控车工”与岗位“数控车工（两班倒）”相符',
      '技能等级达到要求（要求中级，本人中级）',
      '岗位不限学历',
    ]);
    expect(best.score).toBe(best.reasons.reduce((sum, r) => sum + r.points, 0));
  });

  it('breaks ties by case ID, whatever the input order', () => {
    const seekers = ['c', 'a', 'b'].map((caseId) => graduate({ caseId }));
    expect(rankSeekers({ demandRegionCode: '220102', positions, seekers }).map((m) => m.seeker.caseId)).toEqual(['a', 'b', 'c']);
    expect(rankSeekers({ demandRegionCode: '220102', positions, seekers: [...seekers].reverse() }).map((m) => m.seeker.caseId)).toEqual(['a', 'b', 'c']);
  });

  it('takes the first of equally good positions', () => {
    const ranked = rankSeekers({
      demandRegionCode: '220102',
      positions: [
        { title: '出纳', count: 1 },
        { title: '文员', count: 1 },
      ],
      seekers: [graduate()],
    });
    expect(ranked.map((m) => m.positionIndex)).toEqual([0]);
  });

  it('counts a seeker listed twice once', () => {
    const ranked = rankSeekers({ demandRegionCode: '220102', positions, seekers: [graduate(), graduate({ major: '汉语言文学' })] });
    expect(ranked).toHaveLength(1);
    expect(ranked[0]!.seeker.major).toBe('会计学');
  });

  it(`returns at most the limit, ${DEFAULT_MATCH_LIMIT} unless asked, and refuses a limit that is not a whole number`, () => {
    const seekers = Array.from({ length: 30 }, (_, i) => graduate({ caseId: `g-${String(i).padStart(2, '0')}` }));
    expect(rankSeekers({ demandRegionCode: '220102', positions, seekers })).toHaveLength(DEFAULT_MATCH_LIMIT);
    expect(rankSeekers({ demandRegionCode: '220102', positions, seekers, limit: 5 }).map((m) => m.seeker.caseId)).toEqual([
      'g-00',
      'g-01',
      'g-02',
      'g-03',
      'g-04',
    ]);
    expect(rankSeekers({ demandRegionCode: '220102', positions, seekers, limit: 0 })).toEqual([]);
    expect(() => rankSeekers({ demandRegionCode: '220102', positions, seekers, limit: -1 })).toThrow(RangeError);
    expect(() => rankSeekers({ demandRegionCode: '220102', positions, seekers, limit: 2.5 })).toThrow(RangeError);
  });

  it('offers nobody for a demand without positions', () => {
    expect(rankSeekers({ demandRegionCode: '220102', positions: [], seekers: [graduate()] })).toEqual([]);
  });
});

describe('rankVacancies', () => {
  const vacancy = (overrides: Partial<OpenVacancy>): OpenVacancy => ({
    demandId: 'D-1',
    creditCode: '91220102MA0000001H',
    enterpriseName: '长春示例会计师事务所',
    regionCode: '220102',
    positionIndex: 0,
    position: accountant,
    open: 1,
    ...overrides,
  });

  it('ranks open vacancies for a graduate, best first, ties by demand and position', () => {
    const ranked = rankVacancies({
      seeker: graduate(),
      vacancies: [
        vacancy({ demandId: 'D-3', regionCode: '220202' }),
        vacancy({ demandId: 'D-2', positionIndex: 1, position: turner }),
        vacancy({ demandId: 'D-2', positionIndex: 0 }),
        vacancy({ demandId: 'D-1', positionIndex: 2 }),
        vacancy({ demandId: 'D-0', open: 0 }),
      ],
    });
    expect(ranked.map((m) => [m.vacancy.demandId, m.vacancy.positionIndex, m.score])).toEqual([
      ['D-1', 2, 85],
      ['D-2', 0, 85],
      ['D-3', 0, 70],
      ['D-2', 1, 45],
    ]);
    expect(ranked[2]!.reasons[0]).toEqual({ factor: 'region', points: REGION_POINTS.province, text: '同一省份（吉林省）' });
  });

  it('offers nothing to a person not looking for a job, and honours the limit', () => {
    const vacancies = Array.from({ length: 25 }, (_, i) => vacancy({ demandId: `D-${i}` }));
    expect(rankVacancies({ seeker: graduate({ intention: 'business' }), vacancies })).toEqual([]);
    expect(rankVacancies({ seeker: graduate(), vacancies })).toHaveLength(DEFAULT_MATCH_LIMIT);
    expect(rankVacancies({ seeker: graduate(), vacancies, limit: 3 })).toHaveLength(3);
  });
});

describe('matching properties', () => {
  const text = fc.constantFrom('会计', '会计学', '计算机类相关专业', '软件工程', '数控车工', '车工/钳工', '电焊工', '专业不限', '', ' 法 ');
  const region = fc.constantFrom('220102', '220104', '220202', '370102', '429004', '441900003', '110105');
  const seeker = fc.record({
    caseId: fc.stringMatching(/^[a-e]{1,3}$/),
    caseType: fc.constantFrom('graduate-1311' as const, 'reemployment' as const),
    regionCode: region,
    nameMasked: fc.constant('张*'),
    intention: fc.option(fc.constantFrom(...Intention.options)),
    skillLevel: fc.option(fc.constantFrom(...SkillLevel.options)),
    degree: fc.option(fc.constantFrom(...Degree.options)),
    major: fc.option(text),
    occupation: fc.option(text),
  });
  const position: fc.Arbitrary<Position> = fc.record(
    {
      title: text,
      count: fc.integer({ min: 1, max: 50 }),
      skillLevel: fc.constantFrom(...SkillLevel.options),
      degree: fc.constantFrom(...Degree.options),
      major: text,
    },
    { requiredKeys: ['title', 'count'] },
  );
  const demand = fc.record({
    demandRegionCode: region,
    positions: fc.array(position, { maxLength: 4 }),
    seekers: fc.array(seeker, { maxLength: 25 }),
    limit: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  });

  it('ranks a subset of the seekers, each at most once, sorted, within the limit, with scores that are the sums of non-negative points', () => {
    fc.assert(
      fc.property(demand, (input) => {
        const ranked = rankSeekers(input);
        expect(ranked.length).toBeLessThanOrEqual(input.limit ?? DEFAULT_MATCH_LIMIT);
        expect(new Set(ranked.map((m) => m.seeker.caseId)).size).toBe(ranked.length);
        for (const m of ranked) {
          expect(input.seekers).toContain(m.seeker);
          expect(m.positionIndex).toBeGreaterThanOrEqual(0);
          expect(m.positionIndex).toBeLessThan(input.positions.length);
          expect(m.reasons.every((r) => r.points >= 0 && r.text.length > 0)).toBe(true);
          expect(m.score).toBe(m.reasons.reduce((sum, r) => sum + r.points, 0));
          expect(m.score).toBeGreaterThan(0);
          expect(m.score).toBeLessThanOrEqual(100);
          expect(['further-study', 'business', 'none']).not.toContain(m.seeker.intention);
        }
        for (const [a, b] of ranked.slice(1).map((m, i) => [ranked[i]!, m] as const)) {
          expect(a.score > b.score || (a.score === b.score && a.seeker.caseId < b.seeker.caseId)).toBe(true);
        }
      }),
    );
  });

  it('leaves out only those not looking for a job, when the limit allows everyone', () => {
    fc.assert(
      fc.property(demand, (input) => {
        fc.pre(input.positions.length > 0);
        const unique = [...new Map(input.seekers.map((s) => [s.caseId, s])).values()];
        const ranked = rankSeekers({ ...input, seekers: unique, limit: unique.length });
        const looking = unique.filter((s) => s.intention === null || !['further-study', 'business', 'none'].includes(s.intention));
        expect(ranked.map((m) => m.seeker.caseId).sort()).toEqual(looking.map((s) => s.caseId).sort());
      }),
    );
  });

  it('does not depend on the order seekers arrive in', () => {
    fc.assert(
      fc.property(demand, fc.func(fc.integer()), (input, key) => {
        const unique = [...new Map(input.seekers.map((s) => [s.caseId, s])).values()];
        const shuffled = [...unique].sort((a, b) => key(a.caseId) - key(b.caseId));
        expect(rankSeekers({ ...input, seekers: shuffled })).toEqual(rankSeekers({ ...input, seekers: unique }));
      }),
    );
  });

  it('never scores wanting employment below being undecided, all else equal', () => {
    fc.assert(
      fc.property(seeker, position, region, (s, p, r) => {
        const score = (intention: Intention) => {
          const a = assessMatch({ ...s, intention }, p, r);
          return a.offered ? a.score : -1;
        };
        expect(score('employment')).toBeGreaterThan(score('undecided'));
      }),
    );
  });
});
