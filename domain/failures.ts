/**
 * Every business failure a workflow can answer a person with: its `ApplicationFailure` type, the
 * HTTP status and stable code the API answers with, and the message a caseworker reads when the
 * failure carries none of its own. One table, so a workflow and the API cannot disagree on what a
 * rejection means; the HTTP mapper is next to HttpError (services/http/errors.ts).
 *
 * A failure's first detail may refine it: a string is a more specific code (e.g. 'not_assignee'),
 * an array the failing fields of a bad input.
 */
export const businessFailures = {
  TaskNotFound: { status: 404, code: 'task_not_found', message: '任务不存在' },
  TaskConflict: { status: 409, code: 'task_conflict', message: '任务当前状态不允许此操作' },
  TaskForbidden: { status: 403, code: 'forbidden', message: '您无权办理此任务' },
  InvalidTaskResult: { status: 400, code: 'validation_failed', message: '办结结果填写有误' },
  CaseForbidden: { status: 403, code: 'forbidden', message: '您无权办理此案件' },
  CaseConflict: { status: 409, code: 'case_closed', message: '案件已办结' },
  CaseAlreadyClosed: { status: 409, code: 'case_closed', message: '案件已关闭' },
  InvalidRequest: { status: 400, code: 'validation_failed', message: '请求参数有误' },
  EnterpriseConflict: { status: 409, code: 'enterprise_conflict', message: '重点企业账户当前状态不允许此操作' },
} as const satisfies Record<string, { status: 400 | 403 | 404 | 409; code: string; message: string }>;

export type BusinessFailureType = keyof typeof businessFailures;

export function isBusinessFailureType(type: string | null | undefined): type is BusinessFailureType {
  return typeof type === 'string' && Object.hasOwn(businessFailures, type);
}
