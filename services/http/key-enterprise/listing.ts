/**
 * Putting an enterprise on the key-enterprise list (Shandong 鲁人社字〔2021〕138号 三(二)3: 制定重点企业
 * 清单，设立就业服务专员), or updating its listing. Every listing passes through putOnKeyList, whether
 * one enterprise over the API or a row of the bureau's list file, so whatever every listing must
 * satisfy is checked in that one function.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import type { PrismaClient } from '../../../activities/infra/db.js';
import { RegistryError, type RegistryClient } from '../../../activities/infra/registry-client.js';
import { registryLookUps } from '../../../activities/registries.js';
import { canSeeRegion } from '../../../domain/access.js';
import type { Actor, Role } from '../../../domain/actor.js';
import { keyEnterpriseWorkflowId, type KeyEnterprise } from '../../../domain/cases/key-enterprise.js';
import { validateCreditCode } from '../../../domain/identity.js';
import type { EnterpriseListingResult, EnterpriseRegistration } from '../../../domain/contracts/key-enterprise.js';
import { keyEnterpriseAccountQuery, updateListingUpdate } from '../../../workflows/key-enterprise/messages.js';
import { keyEnterpriseWorkflow } from '../../../workflows/key-enterprise/workflow.js';
import { fromWorkflowFailure, HttpError } from '../errors.js';

/** Who keeps the list: the bureau's supervisors and leaders. */
export const listKeepers: readonly Role[] = ['supervisor', 'leader'];

export interface ListingDeps {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  /** The market-regulation registry every listing is checked against. */
  amr: RegistryClient;
}

/** Where a listing came from, for the audit trail. */
export type ListingSource = { via: 'api' } | { via: 'import'; fileName: string; row: number };

/**
 * One answer for a listing the caller may not make, whether the region it claims lies outside their
 * jurisdiction or the enterprise is already on another jurisdiction's list: the same words and no
 * case ID, so the answer does not say which, nor where the enterprise is listed (as the graduate
 * import's IMPORT_REFUSED_REASON). That a listing claiming the caller's own region was refused where
 * an unlisted enterprise would be listed stays visible to a list keeper; every such refusal is
 * written to the owning account's audit trail, where that bureau sees who tried.
 */
export const LISTING_REFUSED_REASON = '此企业无法由您列入名单：所在地不在您的辖区内，或已由其他地区列为重点企业。企业迁移的，请由原属地移出后再列入';

const listingRefused = () => new HttpError(403, 'listing_refused', LISTING_REFUSED_REASON);

/** The account refused an update for its jurisdiction (the role was checked before it was asked). */
const refusedByAccount = (err: unknown) =>
  err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'CaseForbidden';

/** GB 32100 codes failing their check character exist in real registers: listed, and said. */
function creditCodeWarnings(creditCode: string): string[] {
  const check = validateCreditCode(creditCode);
  if (!check.ok || check.checksumValid) return [];
  const expected = /expected (\S+), got (\S+)/.exec(check.warning ?? '');
  const detail = expected ? `：按 GB 32100-2015 应为 ${expected[1] ?? '?'}，实为 ${expected[2] ?? '?'}` : '';
  return [`统一社会信用代码校验位不符${detail}。部分早期赋码的企业如此，已按原样列入，请与市场监管部门的登记核对`];
}

const unregistered: EnterpriseRegistration = { checked: false, name: null, status: null, regionCode: null, industryCode: null, establishedOn: null };

/** Names as registers and lists write them differ in spaces and full-width brackets only. */
const sameName = (a: string, b: string) => {
  const plain = (s: string) => s.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  return plain(a) === plain(b);
};

/**
 * Asks market regulation what it has on record. A deregistered enterprise is refused: it has no
 * jobs to keep or fill. Anything else is listed, with a warning where the record differs from
 * what was typed, or where the registry could not say: an outage must not stop a bureau keeping
 * its list.
 */
async function checkRegistration(amr: RegistryClient, enterprise: KeyEnterprise): Promise<{ registration: EnterpriseRegistration; warnings: string[] }> {
  let record;
  try {
    // A person waits on this answer: one quick retry, then go on without it.
    record = await amr.call({
      ...registryLookUps.enterprise(enterprise),
      requestId: `enterprise-listing:${enterprise.creditCode}:${randomUUID()}`,
      attempts: 2,
    });
  } catch (err) {
    if (!(err instanceof RegistryError)) throw err;
    const warning =
      err.type === 'RegistryUnknown'
        ? '市场监管登记系统无此统一社会信用代码的登记记录，已按填报列入，请核对代码'
        : `未能与市场监管登记核对名称和状态（${err.message}），已按填报列入`;
    return { registration: unregistered, warnings: [warning] };
  }
  if (record.status === 'deregistered') {
    throw new HttpError(409, 'enterprise_deregistered', `市场监管登记显示该企业已注销（登记名称：${record.name}），不能列入重点企业名单`);
  }
  const warnings: string[] = [];
  if (!sameName(record.name, enterprise.name)) warnings.push(`企业名称与市场监管登记不一致：填报“${enterprise.name}”，登记为“${record.name}”`);
  if (record.regionCode !== enterprise.regionCode) warnings.push(`所在地与市场监管登记不一致：填报 ${enterprise.regionCode}，登记为 ${record.regionCode}`);
  if (record.status === 'suspended') warnings.push('市场监管登记状态为停业（歇业），已列入，请关注稳岗');
  return {
    registration: {
      checked: true,
      name: record.name,
      status: record.status,
      regionCode: record.regionCode,
      industryCode: record.industryCode,
      establishedOn: record.establishedOn,
    },
    warnings,
  };
}

/**
 * Lists the enterprise (starting its account `key-enterprise:<creditCode>`, anew if it was removed
 * before), or gives its running account the new details (a new liaison officer takes over the
 * open tasks). The caller must keep the list in the enterprise's region, and the account (if it
 * runs) must be in their jurisdiction. Audited, unless nothing changed. Throws HttpError: 403
 * role_not_allowed for a role that does not keep the list, 403 listing_refused for a listing outside
 * the caller's jurisdiction (LISTING_REFUSED_REASON), 409 when the account refuses (a move to
 * another county seen from above both, a removal under way).
 */
export async function putOnKeyList(deps: ListingDeps, actor: Actor, enterprise: KeyEnterprise, source: ListingSource): Promise<EnterpriseListingResult> {
  if (!listKeepers.includes(actor.role)) throw new HttpError(403, 'role_not_allowed', '只有主管或领导可以维护重点企业名单');
  if (!canSeeRegion(actor, enterprise.regionCode)) throw listingRefused();
  const caseId = keyEnterpriseWorkflowId(enterprise.creditCode);
  const refuse = async (ownerRegion: string): Promise<never> => {
    await deps.prisma.auditEntry.create({
      data: {
        id: `enterprise-listing-refused:${randomUUID()}`,
        at: new Date(),
        actorId: actor.userId,
        actorRole: actor.role,
        action: 'enterprise.list-refused-other-jurisdiction',
        caseId,
        regionCode: ownerRegion,
        detail: { claimedRegionCode: enterprise.regionCode, actorJurisdiction: actor.jurisdiction, ...source },
      },
    });
    throw listingRefused();
  };
  // The read model answers before the registry or the account is asked; an account listed so
  // recently that it is not there yet refuses the update below, for the same reason.
  const held = await deps.prisma.keyEnterprise.findUnique({ where: { creditCode: enterprise.creditCode }, select: { regionCode: true, status: true } });
  if (held && held.status !== 'removed' && !canSeeRegion(actor, held.regionCode)) return refuse(held.regionCode);
  const { registration, warnings: registryWarnings } = await checkRegistration(deps.amr, enterprise);
  const warnings = [...creditCodeWarnings(enterprise.creditCode), ...registryWarnings];
  let effect: EnterpriseListingResult['effect'];
  let changed: string[] = [];
  try {
    await deps.client.workflow.start(keyEnterpriseWorkflow, {
      workflowId: caseId,
      taskQueue: deps.taskQueue,
      args: [{ enterprise, listedBy: actor.userId }],
      // Removed from the list, the account ended; listed again, it runs anew under the same ID.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    effect = 'listed';
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const account = deps.client.workflow.getHandle(caseId);
    try {
      const result = await account.executeUpdate(updateListingUpdate, { args: [{ actor, enterprise }] });
      effect = result.effect;
      changed = result.changed;
    } catch (failure) {
      if (refusedByAccount(failure)) return refuse((await account.query(keyEnterpriseAccountQuery)).regionCode);
      fromWorkflowFailure(failure, '企业已移出重点企业名单，请重新列入');
    }
  }
  if (effect !== 'unchanged') {
    await deps.prisma.auditEntry.create({
      data: {
        id: `enterprise-listing:${randomUUID()}`,
        at: new Date(),
        actorId: actor.userId,
        actorRole: actor.role,
        action: effect === 'listed' ? 'enterprise.list' : 'enterprise.update',
        caseId,
        regionCode: enterprise.regionCode,
        detail: { ...enterprise, changed, warnings, registration, ...source },
      },
    });
  }
  return { creditCode: enterprise.creditCode, caseId, effect, registration, warnings };
}
