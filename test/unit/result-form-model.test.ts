/**
 * The workbench's completion form as data (services/web/src/workbench/lib/result-form.ts): built
 * from every task type's result JSON Schema, it shows each field with its Chinese title and the
 * widget its shape needs, turns what a person entered back into the result the same zod schema
 * accepts, and says beside each field what is wrong, in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { taskResultSchemas } from '../../domain/cases/index.js';
import {
  collect,
  fieldMessages,
  formModel,
  initialState,
  serverMessages,
  type BranchState,
  type Field,
  type FormModel,
  type GroupState,
} from '../../services/web/src/workbench/lib/result-form.js';

type TaskType = keyof typeof taskResultSchemas;
const types = Object.keys(taskResultSchemas) as TaskType[];
const modelOf = (type: TaskType) => formModel(z.toJSONSchema(taskResultSchemas[type], { io: 'input' }));
const chinese = /\p{Script=Han}/u;

function everyField(fields: readonly Field[]): Field[] {
  return fields.flatMap((f) => [
    f,
    ...(f.kind === 'group' || f.kind === 'rows' ? everyField(f.fields) : []),
    ...(f.kind === 'branch' ? f.branches.flatMap((b) => everyField(b.fields)) : []),
  ]);
}

const summary = (model: FormModel) => model.fields.map((f) => [f.key, f.kind, f.title, f.required]);

describe('result form model', () => {
  it.each(types)('%s: every field is shown under a Chinese title, every choice under a Chinese label', (type) => {
    const fields = everyField(modelOf(type).fields);
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) {
      expect(f.title, `${type}.${f.key}`).toMatch(chinese);
      if (f.kind === 'enum' || f.kind === 'choices') for (const o of f.options) expect(o.label, `${type}.${f.key}.${o.value}`).toMatch(chinese);
      if (f.kind === 'branch') for (const b of f.branches) expect(b.label).toMatch(chinese);
    }
  });

  it.each(types)('%s: an untouched form is refused by its schema, and only with Chinese messages beside fields', (type) => {
    const model = modelOf(type);
    const result = collect(model, initialState(model.fields));
    const parsed = taskResultSchemas[type].safeParse(result);
    expect(parsed.success).toBe(false);
    const messages = fieldMessages(model, result, parsed.error?.issues ?? []);
    expect(messages['']).toBeUndefined();
    for (const message of Object.values(messages)) expect(message).toMatch(chinese);
  });

  it('first contact: a choice of reached or not, whose reached branch asks for wish, intention and skill level', () => {
    const model = modelOf('graduate-first-contact');
    expect(model.fields).toHaveLength(1);
    const choice = model.fields[0] as Extract<Field, { kind: 'branch' }>;
    expect([choice.kind, choice.key, choice.title]).toEqual(['branch', 'reached', '是否联系上']);
    expect(choice.branches.map((b) => [b.value, b.label])).toEqual([
      ['false', '未联系上'],
      ['true', '已联系上'],
    ]);
    const reached = choice.branches[1];
    expect(reached?.fields.map((f) => [f.key, f.kind, f.title, f.required])).toEqual([
      ['wantsWork', 'boolean', '有就业意愿', true],
      ['intention', 'enum', '去向意向', true],
      ['skillLevel', 'enum', '技能等级', true],
      ['note', 'text', '备注', false],
    ]);
    const intention = reached?.fields[1] as Extract<Field, { kind: 'enum' }>;
    expect(intention.widget).toBe('select');
    expect(intention.options[0]).toEqual({ value: 'employment', label: '就业' });
    expect((reached?.fields[2] as Extract<Field, { kind: 'enum' }>).widget).toBe('radio');

    const state = initialState(model.fields);
    const branch = state.reached as BranchState;
    expect(
      fieldMessages(model, collect(model, state), taskResultSchemas['graduate-first-contact'].safeParse(collect(model, state)).error?.issues ?? []),
    ).toEqual({
      reached: '请选择是否联系上',
    });
    branch.chosen = 'true';
    Object.assign(branch.values.true ?? {}, { wantsWork: true, intention: 'employment' });
    const partial = collect(model, state);
    expect(partial).toEqual({ reached: true, wantsWork: true, intention: 'employment' });
    const issues = taskResultSchemas['graduate-first-contact'].safeParse(partial).error?.issues ?? [];
    expect(fieldMessages(model, partial, issues)).toEqual({ skillLevel: '请选择技能等级' });
    Object.assign(branch.values.true ?? {}, { skillLevel: 'junior', note: '电话联系' });
    expect(taskResultSchemas['graduate-first-contact'].parse(collect(model, state))).toEqual({
      reached: true,
      wantsWork: true,
      intention: 'employment',
      skillLevel: 'junior',
      note: '电话联系',
    });
    branch.chosen = 'false';
    expect(collect(model, state)).toEqual({ reached: false });
  });

  it('a delivered service: channel as radio buttons, the summary as a textarea with the schema’s own message', () => {
    const model = modelOf('graduate-policy-briefing');
    expect(summary(model)).toEqual([
      ['channel', 'enum', '服务方式', true],
      ['summary', 'text', '服务情况', true],
    ]);
    expect(model.fields[1]).toMatchObject({ multiline: true, maxLength: 2000 });
    const result = collect(model, { channel: 'phone', summary: '' });
    expect(fieldMessages(model, result, taskResultSchemas['graduate-policy-briefing'].safeParse(result).error?.issues ?? [])).toEqual({
      summary: '请填写服务情况',
    });
  });

  it('a job recommendation: one-line position and employer, an optional vacancy group left out until filled in', () => {
    const model = modelOf('graduate-job-recommendation');
    expect(summary(model)).toEqual([
      ['position', 'text', '推荐岗位', true],
      ['employer', 'text', '用人单位', true],
      ['response', 'enum', '求职者反馈', true],
      ['vacancy', 'group', '重点企业岗位', false],
    ]);
    expect(model.fields[0]).toMatchObject({ multiline: false });
    const state = initialState(model.fields);
    Object.assign(state, { position: '会计', employer: '长春某公司', response: 'interviewing' });
    expect(collect(model, state)).toEqual({ position: '会计', employer: '长春某公司', response: 'interviewing' });
    const vacancy = state.vacancy as GroupState;
    vacancy.enabled = true;
    Object.assign(vacancy.values, { creditCode: '91220102MA0000TA1X', demandId: 'D-1', positionIndex: 0 });
    expect(collect(model, state).vacancy).toEqual({ creditCode: '91220102MA0000TA1X', demandId: 'D-1', positionIndex: 0 });
  });

  it('an enterprise survey: vacancy rows, several subsidies, a date, a yes/no with its default', () => {
    const model = modelOf('enterprise-contact');
    expect(summary(model)).toEqual([
      ['channel', 'enum', '服务方式', true],
      ['insuredHeadcount', 'number', '在岗参保职工人数', true],
      ['shortage', 'number', '用工缺口（人）', true],
      ['vacancies', 'rows', '缺工岗位结构', false],
      ['recruitmentRequested', 'boolean', '企业委托招聘', false],
      ['neededBy', 'date', '需求到岗日期', false],
      ['subsidyHelp', 'choices', '需协助申报的补贴', false],
      ['summary', 'text', '服务情况', true],
    ]);
    expect(model.fields[1]).toMatchObject({ integer: true, min: 0 });
    expect(model.fields[1]).not.toHaveProperty('max');
    expect(model.fields[4]).toMatchObject({ initial: false });
    const rows = model.fields[3] as Extract<Field, { kind: 'rows' }>;
    expect(rows.maxItems).toBe(50);
    expect(rows.fields.map((f) => [f.key, f.title, f.required])).toEqual([
      ['title', '岗位名称', true],
      ['count', '需求人数', true],
      ['skillLevel', '技能等级要求', false],
      ['degree', '学历要求', false],
      ['major', '专业要求', false],
      ['wageMin', '月薪下限（元）', false],
      ['wageMax', '月薪上限（元）', false],
    ]);
    const state = initialState(model.fields);
    Object.assign(state, { channel: 'in-person', insuredHeadcount: 120, shortage: 3, recruitmentRequested: true, summary: '走访' });
    (state.vacancies as unknown[]).push({ ...initialState(rows.fields), title: '焊工', count: 3 });
    const result = collect(model, state);
    expect(result.vacancies).toEqual([{ title: '焊工', count: 3 }]);
    expect(taskResultSchemas['enterprise-contact'].safeParse(result).success).toBe(true);
    const noRows = { ...result, vacancies: [] };
    expect(fieldMessages(model, noRows, taskResultSchemas['enterprise-contact'].safeParse(noRows).error?.issues ?? [])).toEqual({
      vacancies: '委托招聘须填写缺工岗位',
    });
  });

  it('a command group: members as a list of lines, one row to start with', () => {
    const model = modelOf('risk-command-group');
    const members = model.fields[0] as Extract<Field, { kind: 'list' }>;
    expect([members.kind, members.title, members.minItems, members.item.title]).toEqual(['list', '指挥部成员', 1, '成员单位']);
    const state = initialState(model.fields);
    expect(state.members).toEqual(['']);
    state.members = ['财政局', '教育局'];
    state.note = '已成立';
    expect(taskResultSchemas['risk-command-group'].parse(collect(model, state))).toEqual({ members: ['财政局', '教育局'], note: '已成立' });
    const emptyMember = collect(model, { members: [''], note: '已成立' });
    expect(fieldMessages(model, emptyMember, taskResultSchemas['risk-command-group'].safeParse(emptyMember).error?.issues ?? [])).toEqual({
      'members.0': '请填写成员单位',
    });
  });

  it('yes/no without a default is asked, several measures are checkboxes', () => {
    const model = modelOf('layoff-review');
    expect(summary(model)).toEqual([
      ['planCompliant', 'boolean', '裁员方案合规', true],
      ['measures', 'choices', '帮扶措施', true],
      ['summary', 'text', '核查情况', true],
    ]);
    expect(model.fields[0]).not.toHaveProperty('initial');
    const result = collect(model, initialState(model.fields));
    expect(fieldMessages(model, result, taskResultSchemas['layoff-review'].safeParse(result).error?.issues ?? [])).toEqual({
      planCompliant: '请选择裁员方案合规',
      measures: '至少选择一项帮扶措施',
      summary: '请填写核查情况',
    });
  });

  it('puts the server’s 400 issues beside their fields, and what names no field above the form', () => {
    const model = modelOf('graduate-first-contact');
    expect(
      serverMessages(model, [
        { path: 'result.skillLevel', message: '无效选项' },
        { path: 'result', message: '办结结果填写有误' },
        { path: 'result.unknownField', message: '多余字段' },
      ]),
    ).toEqual({ skillLevel: '无效选项', '': '办结结果填写有误；多余字段' });
  });
});
