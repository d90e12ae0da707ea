/**
 * Jilin: 吉就组办〔2022〕1号 (plan to raise employment-service quality, 2022-01-17). Everything not
 * set here is the national profile's.
 */
import { citeCounts, clauseOf, deriveProfile } from './define.js';
import { nationalProfile } from './national.js';

const clause = clauseOf('吉就组办〔2022〕1号');

export const jilinProfile = deriveProfile(nationalProfile, {
  id: 'jilin',
  name: '吉林省',
  regionPrefixes: ['22'],
  // 二(三): "强化'1311'服务" for graduates who left school without a job; the item deadlines stay
  // the national defaults.
  service1311: { items: citeCounts(nationalProfile.service1311.items, clause('二(三)')) },
});
