/**
 * Jilin: 吉就组办〔2022〕1号 (plan to raise employment-service quality, 2022-01-17). Everything not
 * set here is the national profile's.
 */
import { deriveProfile } from './define.js';
import { nationalProfile } from './national.js';
import type { Source } from './schema.js';

const JILIN_PLAN = '吉就组办〔2022〕1号';
const clause = (c: string): Source => ({ kind: 'clause', document: JILIN_PLAN, clause: c });

export const jilinProfile = deriveProfile(nationalProfile, {
  id: 'jilin',
  name: '吉林省',
  regionPrefixes: ['22'],
  // 二(三): "强化'1311'服务" for graduates who left school without a job; the item deadlines stay
  // the national defaults.
  service1311: {
    items: nationalProfile.service1311.items.map((item) => ({
      ...item,
      count: { value: item.count.value, source: clause('二(三)') },
    })),
  },
});
