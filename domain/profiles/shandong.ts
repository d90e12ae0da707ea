/**
 * Shandong. The 2021 programme (鲁人社字〔2021〕138号) requires the key-enterprise list (三(二)3)
 * and starting the emergency response plan in risk-clustered areas (三(二)5) but sets no numbers;
 * the layoff-cluster thresholds come from Shandong's 2016 unemployment dynamic monitoring and early
 * warning system. Everything not set here is the national profile's.
 */
import { deriveProfile } from './define.js';
import { nationalProfile } from './national.js';
import type { Source } from './schema.js';

/**
 * The 2016 scheme is not among the documents in policy/; its provision is quoted as reported by
 * 经济日报 on 2016-04-16. Its document number is not verified, so the provision is named instead.
 */
const SHANDONG_2016: Source = {
  kind: 'clause',
  document: '山东省失业动态监测预警制度（山东省人力资源和社会保障厅，2016；文号未核实）',
  clause: '规模性失业预警',
};

// The per-firm criterion of the cluster is the scheme's at every level, so that a firm counts the
// same way whichever level is being checked; only level IV's firm counts are the scheme's.
const perFirm = {
  // "每户企业集中裁员超过50人": more than 50, i.e. 51 under this module's "≥ threshold" rule.
  layoffClusterMinPerFirm: { value: 51, source: SHANDONG_2016 },
  // "或裁员数量占在职职工总数30%以上": 以上 includes 30%.
  layoffClusterMinPctPerFirm: { value: 30, source: SHANDONG_2016 },
};

export const shandongProfile = deriveProfile(nationalProfile, {
  id: 'shandong',
  name: '山东省',
  regionPrefixes: ['37'],
  riskThresholds: {
    IV: {
      ...perFirm,
      // "县(市、区)内同时出现5个(含)以上企业…一次性集中裁员".
      layoffClusterFirms: { value: 5, source: SHANDONG_2016 },
      // "或者单个企业一次性集中裁员200人以上".
      singleFirmLayoff: { value: 200, source: SHANDONG_2016 },
    },
    III: perFirm,
    II: perFirm,
    I: perFirm,
  },
});
