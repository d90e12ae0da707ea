/**
 * The registries other departments answer look-ups from (docs/contracts.md, "Registries the
 * activities call"): what is asked, what comes back, and how a failed look-up is named. A
 * registry's answer is checked against these before anything uses it, so a registry answering
 * garbage is a typed failure, not a crash or a wrong decision.
 */
import { z } from 'zod';
import { Count, CreditCode, EnterpriseName, EnterpriseStatus, IndustryCode, IsoDate, Period, RegionCode } from './common.js';

/** Social insurance: is this person enrolled, and where. */
export const EnrolmentAnswer = z.object({
  enrolled: z.boolean(),
  creditCode: CreditCode.optional(),
  regionCode: RegionCode.optional(),
  since: IsoDate.optional(),
});
export type EnrolmentAnswer = z.infer<typeof EnrolmentAnswer>;

/** Social insurance: an enterprise's insured headcount for a month. */
export const HeadcountAnswer = z.object({ insuredHeadcount: Count, period: Period });
export type HeadcountAnswer = z.infer<typeof HeadcountAnswer>;

/** Market regulation: an enterprise's registration record. */
export const EnterpriseRecord = z.object({
  creditCode: CreditCode,
  name: EnterpriseName,
  regionCode: RegionCode,
  industryCode: IndustryCode,
  status: EnterpriseStatus,
  establishedOn: IsoDate,
});
export type EnterpriseRecord = z.infer<typeof EnterpriseRecord>;

export const registryNames = { si: '社保登记系统', amr: '市场监管登记系统' } as const;
export type RegistryName = keyof typeof registryNames;

/**
 * How a look-up fails, as an ApplicationFailure type. Unavailable is transient (retried with
 * backoff); the others are answers that asking again will not change.
 */
export const registryFailures = {
  RegistryUnavailable: '暂不可用',
  RegistryUnknown: '无此记录',
  RegistryBadResponse: '返回数据不符合约定',
  RegistryRefused: '拒绝了请求',
} as const;
export type RegistryFailureType = keyof typeof registryFailures;

export function isRegistryFailureType(type: string | null | undefined): type is RegistryFailureType {
  return typeof type === 'string' && Object.hasOwn(registryFailures, type);
}
