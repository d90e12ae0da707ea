/**
 * Where the page keeps the token: sessionStorage, which ends with the browser tab, never
 * localStorage or a cookie. The claims are read for display only; the server checks the token.
 */
const KEY = 'jiuye.dashboard.token';

/** The part of sessionStorage the page uses (typed here, so the tests need no DOM types). */
export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenClaims {
  user: string;
  role: string;
  jurisdiction: string;
  expiresAt?: number;
}

export function loadToken(storage: Pick<TokenStore, 'getItem'>): string | undefined {
  return storage.getItem(KEY) ?? undefined;
}

export function saveToken(storage: Pick<TokenStore, 'setItem'>, token: string): void {
  storage.setItem(KEY, token);
}

export function clearToken(storage: Pick<TokenStore, 'removeItem'>): void {
  storage.removeItem(KEY);
}

/** The claims of a JWT's payload, or undefined for text that is not one (e.g. a pasted error message). */
export function readClaims(token: string): TokenClaims | undefined {
  const part = token.trim().split('.')[1];
  if (!part || token.trim().split('.').length !== 3) return undefined;
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0)));
    const body = JSON.parse(json) as Record<string, unknown>;
    if (typeof body.sub !== 'string' || typeof body.role !== 'string' || typeof body.jurisdiction !== 'string') return undefined;
    return { user: body.sub, role: body.role, jurisdiction: body.jurisdiction, ...(typeof body.exp === 'number' ? { expiresAt: body.exp * 1000 } : {}) };
  } catch {
    return undefined;
  }
}

const formatter = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** A timestamp in Beijing time, as the bureau reads it: 12/03 18:30:05. */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatter.format(t);
}
