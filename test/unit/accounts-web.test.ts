/**
 * The workbench's accounts and responses pages, their logic without a browser: due dates in working
 * days, soonest due first, the demand form's failures in Chinese beside their fields (from the API's
 * own schema, and from the API's 400 answer), and how a directive stands for the leader.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RecordDemandBody } from '../../domain/contracts/key-enterprise.js';
import {
  bySoonestDue,
  describeAccountEntry,
  directiveStanding,
  dueState,
  formErrors,
  serverFieldErrors,
} from '../../services/web/src/workbench/lib/accounts.js';

// Friday 20 November 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-20T02:00:00Z');

describe('workbench accounts', () => {
  it('tells a due date in working days, overdue in words', () => {
    expect(dueState(null, NOW)).toEqual({ kind: 'none', text: '暂无' });
    expect(dueState('2026-11-20', NOW)).toEqual({ kind: 'today', text: '今日到期' });
    // The weekend does not count: Monday is the next working day.
    expect(dueState('2026-11-23', NOW)).toEqual({ kind: 'soon', text: '还剩 1 个工作日' });
    expect(dueState('2026-12-04', NOW)).toEqual({ kind: 'later', text: '还剩 10 个工作日' });
    expect(dueState('2026-11-18', NOW)).toEqual({ kind: 'overdue', text: '已逾期 2 个工作日' });
  });

  it('puts the soonest contact first and accounts without one last', () => {
    const items = [
      { name: '乙', nextContactDue: null },
      { name: '甲', nextContactDue: '2026-12-01' },
      { name: '丙', nextContactDue: '2026-11-01' },
    ];
    expect(bySoonestDue(items).map((i) => i.name)).toEqual(['丙', '甲', '乙']);
  });

  it('says what is wrong with a demand beside each field, in Chinese', () => {
    expect(formErrors(RecordDemandBody, { positions: [{ title: '', count: 2 }] })).toEqual({ 'positions.0.title': '请填写岗位名称' });
    expect(formErrors(RecordDemandBody, { positions: [{ title: '电工' }] })).toEqual({ 'positions.0.count': '请填写招聘人数' });
    expect(formErrors(RecordDemandBody, { positions: [{ title: '电工', count: 1, wageMin: 9000, wageMax: 5000 }] })).toEqual({
      'positions.0.wageMin': '月薪下限不能高于月薪上限',
    });
    expect(formErrors(RecordDemandBody, { positions: [], neededBy: '2026/12/01' })).toEqual({
      positions: '请至少填写一个岗位',
      neededBy: '请按“年-月-日”选择到岗日期',
    });
    expect(formErrors(RecordDemandBody, { positions: [{ title: '电工', count: 1 }] })).toEqual({});
  });

  it('says the same under the workbench’s zh-CN zod locale, not zod’s generic words', () => {
    z.config(z.locales.zhCN());
    try {
      expect(formErrors(RecordDemandBody, { positions: [{ title: '', count: 2 }] })).toEqual({ 'positions.0.title': '请填写岗位名称' });
      expect(formErrors(RecordDemandBody, { positions: [{ title: '电工' }] })).toEqual({ 'positions.0.count': '请填写招聘人数' });
      expect(formErrors(RecordDemandBody, { positions: [] })).toEqual({ positions: '请至少填写一个岗位' });
    } finally {
      z.config(z.locales.en());
    }
  });

  it('puts the API’s 400 issues beside their fields, never in English', () => {
    expect(
      serverFieldErrors([
        { path: 'positions.1.title', message: 'Too small: expected string to have >=1 characters' },
        { path: 'demandId', message: '不得含有控制字符或不可见的格式字符 (control or invisible format characters are not allowed)' },
      ]),
    ).toEqual({
      'positions.1.title': '岗位名称填写有误',
      demandId: '不得含有控制字符或不可见的格式字符 (control or invisible format characters are not allowed)',
    });
  });

  it('reads an account’s timeline entries as sentences', () => {
    expect(describeAccountEntry('demand.received', { demandId: 'D-1', source: 'liaison', positions: 2, vacancies: 5 })).toBe(
      '收到专员登记用工需求 D-1：2 个岗位，共 5 人',
    );
    expect(describeAccountEntry('opened', { reason: '列入重点企业名单' })).toBe('列入重点企业名单');
    expect(describeAccountEntry('task.complete', { taskType: 'enterprise-contact', by: 'liaison-wang' })).toBe('定期联系任务办结（liaison-wang）');
    expect(describeAccountEntry('task.created', { taskType: 'enterprise-demand-response', by: 'system' })).toBe('用工需求响应任务生成');
    expect(describeAccountEntry('something.new', {})).toBe('something.new');
  });

  it('tells how a directive stands, an overdue one above all', () => {
    expect(directiveStanding({ status: 'issued', overdue: false, unacknowledged: false })).toEqual({ text: '待确认', type: 'warning' });
    expect(directiveStanding({ status: 'issued', overdue: false, unacknowledged: true })).toEqual({ text: '逾期未确认', type: 'danger' });
    expect(directiveStanding({ status: 'acknowledged', overdue: true, unacknowledged: false })).toEqual({ text: '逾期未完成', type: 'danger' });
    expect(directiveStanding({ status: 'done', overdue: false, unacknowledged: false })).toEqual({ text: '已完成', type: 'success' });
    expect(directiveStanding({ status: 'declined', overdue: false, unacknowledged: false })).toEqual({ text: '已拒绝', type: 'danger' });
  });
});
