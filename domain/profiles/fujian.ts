/**
 * Fujian: 闽人社文〔2021〕156号 (the "322" programme, 2021-12-31). Everything not set here is the
 * national profile's.
 */
import { citeCounts, clauseOf, deriveProfile } from './define.js';
import { nationalProfile } from './national.js';

const clause = clauseOf('闽人社文〔2021〕156号');

export const fujianProfile = deriveProfile(nationalProfile, {
  id: 'fujian',
  name: '福建省',
  regionPrefixes: ['35'],
  // 三(一)1: "实行'一次性告知'、10 个工作日内办结".
  unemploymentRegistrationWorkingDays: { value: 10, source: clause('三(一)1') },
  // 三(二)1: "落实重点帮扶131服务承诺制"; the item deadlines stay the national defaults.
  service131: { items: citeCounts(nationalProfile.service131.items, clause('三(二)1')) },
});
