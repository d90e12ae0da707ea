/**
 * The collective-layoff filing case (hrss.layoff.filed.v1): its key, the filing as the workflow
 * keeps it, and the result of its review task (Shandong 鲁人社发〔2019〕6号 (十): help for
 * enterprises in mass layoffs).
 */
import { z } from 'zod';
import { choiceList, labelled, SafeText, TEXT_CAPS } from '../contracts/common.js';
import type { LayoffFiledV1 } from '../contracts/inbound.js';

export const layoffFilingCaseType = 'layoff-filing';

/** The filing as validated at the edge, minus transport fields. */
export type LayoffFiling = Omit<LayoffFiledV1, 'eventId'>;

/** A filing is one case for ever, keyed by the enterprise and its filing number. */
export function layoffFilingWorkflowId(filing: Pick<LayoffFiling, 'creditCode' | 'filingId'>): string {
  return `layoff-filing:${filing.creditCode}:${filing.filingId}`;
}

export const LayoffMeasure = labelled(
  z.enum(['labour-relations-guidance', 'social-insurance-continuation', 'reemployment-services', 'special-job-fair', 'policy-consultation']),
  {
    'labour-relations-guidance': '劳动关系指导',
    'social-insurance-continuation': '社会保险关系接续',
    'reemployment-services': '再就业服务',
    'special-job-fair': '专场招聘会',
    'policy-consultation': '政策咨询',
  },
);

export const layoffFilingTaskResults = {
  'layoff-review': z.strictObject({
    planCompliant: z.boolean().meta({ title: '裁员方案合规', description: '裁员方案是否符合劳动合同法第四十一条程序' }),
    measures: choiceList(LayoffMeasure).min(1, { error: '至少选择一项帮扶措施' }).meta({ title: '帮扶措施' }),
    summary: SafeText(TEXT_CAPS.NOTE).min(1, { error: '请填写核查情况' }).meta({ title: '核查情况' }),
  }),
} as const;
