/**
 * The workbench's one way to the API: the bearer token of the session on every call, answers
 * checked with zod where a page reads them, and every refusal turned into an ApiError that carries
 * the server's stable code, its Chinese message and the failing fields, so a page can say what
 * went wrong as a person understands it (someone else claimed it first, outside your area, this
 * field is missing) and put a field's message beside the field.
 */
import type { z } from 'zod';
import type { FieldIssue } from '../../../../../domain/contracts/common.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** What a person reads when the server gave no message of its own, by HTTP status. */
const byStatus: Record<number, string> = {
  400: '填写的内容有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '您无权进行此操作（可能不在您的辖区或职责范围内）',
  404: '要找的内容不存在，可能已被删除或不在您的辖区',
  409: '内容已被他人修改或状态已变化，请刷新后重试',
  413: '提交的内容过大',
  503: '服务暂时不可用，请稍后重试',
};

/** The sentence a page shows for a failed call. */
export function explain(err: unknown): string {
  if (err instanceof ApiError) return err.message || byStatus[err.status] || `操作失败（${err.status}）`;
  if (err instanceof TypeError) return '无法连接服务器，请检查网络后重试';
  return err instanceof Error && err.message ? err.message : '操作失败';
}

export interface ApiClient {
  get<T>(path: string, schema?: z.ZodType<T>): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, schema?: z.ZodType<T>): Promise<T>;
  /** A call whose answer is not JSON (an export file): the response itself, refusals still thrown. */
  raw(path: string, init?: RequestInit): Promise<Response>;
}

export interface ApiOptions {
  token: () => string | undefined;
  /** Told once the server refuses the token (expired, revoked): the page signs out. */
  onUnauthorized: (message: string) => void;
  fetch?: typeof fetch;
}

export function createApiClient(options: ApiOptions): ApiClient {
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const token = options.token();
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const res = await (options.fetch ?? fetch)(path, { ...init, headers, cache: 'no-store' });
    if (res.ok) return res;
    const body = (await res.json().catch(() => ({}))) as { code?: unknown; message?: unknown; issues?: unknown };
    const error = new ApiError(
      res.status,
      typeof body.code === 'string' ? body.code : `http_${res.status}`,
      typeof body.message === 'string' ? body.message : (byStatus[res.status] ?? `操作失败（${res.status}）`),
      Array.isArray(body.issues) ? (body.issues as FieldIssue[]) : [],
    );
    if (res.status === 401) options.onUnauthorized(error.message);
    throw error;
  };
  const json = async <T>(res: Response, schema?: z.ZodType<T>): Promise<T> => {
    const body: unknown = res.status === 204 ? undefined : await res.json();
    if (!schema) return body as T;
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiError(res.status, 'unexpected_answer', '服务器返回的数据格式不符，请刷新页面或联系管理员');
    return parsed.data;
  };
  return {
    get: async (path, schema) => json(await call(path), schema),
    post: async (path, body, schema) =>
      json(
        await call(path, {
          method: 'POST',
          ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        }),
        schema,
      ),
    raw: call,
  };
}
