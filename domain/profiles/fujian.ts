/**
 * Fujian: 闽人社文〔2021〕156号 (the "322" programme, 2021-12-31). Everything not set here is the
 * national profile's.
 */
import { deriveProfile } from './define.js';
import { nationalProfile } from './national.js';
import type { Source } from './schema.js';

const FUJIAN_322 = '闽人社文〔2021〕156号';
const clause = (c: string): Source => ({ kind: 'clause', document: FUJIAN_322, clause: c });

export const fujianProfile = deriveProfile(nationalProfile, {
  id: 'fujian',
  name: '福建省',
  regionPrefixes: ['35'],
  // 三(一)1: "实行'一次性告知'、10 个工作日内办结".
  unemploymentRegistrationWorkingDays: { value: 10, source: clause('三(一)1') },
  // 三(二)1: "落实重点帮扶131服务承诺制"; the item deadlines stay the national defaults.
  service131: {
    items: nationalProfile.service131.items.map((item) => ({
      ...item,
      count: { value: item.count.value, source: clause('三(二)1') },
    })),
  },
});
