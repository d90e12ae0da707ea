/**
 * An HTTP client for one department registry (docs/contracts.md): a timeout per call, a limit on
 * calls in flight and a circuit breaker, so a registry that is slow or down is asked less, not
 * more, while it recovers. Every failure is a RegistryError naming its type; transient ones
 * (network, timeout, 5xx, 429, breaker open) are retryable, answers that asking again would not
 * change (404, other 4xx, a body that breaks the contract) are not. Error messages carry the
 * registry's name and status only, never a request or response body: bodies hold ID numbers.
 */
import type { z } from 'zod';
import { registryFailures, registryNames, type RegistryFailureType, type RegistryName } from '../../domain/contracts/registries.js';

export interface RegistryClientConfig {
  name: RegistryName;
  baseUrl: string;
  token?: string;
  /** Each call's own limit; the caller's (an activity's) timeout covers waiting for a slot too. */
  timeoutMs: number;
  /** At most this many calls in flight to this registry from this process; the rest wait their turn. */
  maxInFlight: number;
  /** Consecutive transient failures that open the breaker, and how long it stays open before one trial call. */
  breaker: { failures: number; openMs: number };
  /**
   * Attempts per call made here. Activities use 1: Temporal retries them with backoff and keeps
   * count. A caller outside a workflow (an HTTP request) may retry a transient failure briefly.
   */
  attempts?: number;
  /** The first wait between attempts here, doubled each time. */
  retryDelayMs?: number;
  /** Told when the breaker opens or closes, for the operator's log. */
  onBreaker?: (event: { registry: RegistryName; state: 'open' | 'closed'; failures: number }) => void;
  now?: () => number;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly type: RegistryFailureType,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.type === 'RegistryUnavailable';
  }
}

export interface RegistryRequest<T> {
  method: 'GET' | 'POST';
  /** Path below the base URL. Never put an ID number here: URLs get logged. */
  path: string;
  body?: unknown;
  /** Sent as X-Request-Id: the same look-up retried carries the same ID. */
  requestId: string;
  answer: z.ZodType<T>;
  /** Overrides the client's attempts for this call (a person waiting on an HTTP answer may retry briefly). */
  attempts?: number;
}

export interface RegistryClient {
  readonly name: RegistryName;
  call<T>(request: RegistryRequest<T>): Promise<T>;
  /** For the operator and tests: 'closed' (normal), 'open' (failing fast) or 'half-open' (one trial call out). */
  breakerState(): 'closed' | 'open' | 'half-open';
}

export function createRegistryClient(config: RegistryClientConfig): RegistryClient {
  const now = config.now ?? Date.now;
  const label = registryNames[config.name];
  const base = config.baseUrl.replace(/\/+$/, '');
  const configuredAttempts = config.attempts ?? 1;
  const fail = (type: RegistryFailureType, detail: string, status?: number) => new RegistryError(type, `${label}${registryFailures[type]}：${detail}`, status);

  let consecutiveFailures = 0;
  let openUntil: number | null = null;
  let trialInFlight = false;
  let inFlight = 0;
  const waiting: Array<() => void> = [];

  const breakerState = (): 'closed' | 'open' | 'half-open' => {
    if (openUntil === null) return 'closed';
    return now() < openUntil ? 'open' : 'half-open';
  };

  const succeeded = () => {
    if (openUntil !== null) config.onBreaker?.({ registry: config.name, state: 'closed', failures: consecutiveFailures });
    consecutiveFailures = 0;
    openUntil = null;
  };

  const failedTransiently = () => {
    consecutiveFailures += 1;
    const wasOpen = openUntil !== null;
    if (wasOpen || consecutiveFailures >= config.breaker.failures) {
      openUntil = now() + config.breaker.openMs;
      if (!wasOpen) config.onBreaker?.({ registry: config.name, state: 'open', failures: consecutiveFailures });
    }
  };

  const acquire = async () => {
    if (inFlight >= config.maxInFlight) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight += 1;
  };
  const release = () => {
    inFlight -= 1;
    waiting.shift()?.();
  };

  async function once<T>(request: RegistryRequest<T>): Promise<T> {
    const state = breakerState();
    // Open: fail fast so the registry gets time to recover. Half-open: one trial call decides.
    if (state === 'open' || (state === 'half-open' && trialInFlight)) {
      throw fail('RegistryUnavailable', `连续 ${consecutiveFailures} 次失败，暂停调用至 ${new Date(openUntil ?? now()).toISOString()}`);
    }
    const trial = state === 'half-open';
    if (trial) trialInFlight = true;
    await acquire();
    try {
      let response: Response;
      try {
        response = await fetch(`${base}${request.path}`, {
          method: request.method,
          headers: {
            accept: 'application/json',
            'x-request-id': request.requestId,
            ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
      } catch (err) {
        failedTransiently();
        const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
        throw fail('RegistryUnavailable', timedOut ? `${config.timeoutMs} 毫秒内无应答` : `无法连接（${networkCode(err)}）`);
      }
      if (response.status >= 500 || response.status === 429) {
        await response.body?.cancel();
        failedTransiently();
        throw fail('RegistryUnavailable', `HTTP ${response.status}`, response.status);
      }
      // The registry answered: whatever it said, it is up.
      succeeded();
      if (response.status === 404) {
        await response.body?.cancel();
        throw fail('RegistryUnknown', `HTTP 404`, 404);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw fail('RegistryRefused', `HTTP ${response.status}`, response.status);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw fail('RegistryBadResponse', '应答不是 JSON', response.status);
      }
      const parsed = request.answer.safeParse(body);
      if (!parsed.success) {
        // Field paths only: the values may be personal data.
        throw fail('RegistryBadResponse', parsed.error.issues.map((i) => i.path.join('.') || '(root)').join('、'), response.status);
      }
      return parsed.data;
    } finally {
      release();
      if (trial) trialInFlight = false;
    }
  }

  return {
    name: config.name,
    breakerState,
    async call<T>(request: RegistryRequest<T>): Promise<T> {
      const attempts = Math.max(1, request.attempts ?? configuredAttempts);
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await once(request);
        } catch (err) {
          if (!(err instanceof RegistryError) || !err.retryable || attempt >= attempts || breakerState() === 'open') throw err;
          await new Promise((resolve) => setTimeout(resolve, (config.retryDelayMs ?? 200) * 2 ** (attempt - 1)));
        }
      }
    },
  };
}

/** The system error code behind a failed fetch (ECONNREFUSED, ENOTFOUND …), which says what went wrong without any URL. */
function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : (err as Error).name;
}
