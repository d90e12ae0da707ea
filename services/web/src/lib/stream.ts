/**
 * The dashboard's live connection to GET /api/stream: fetch with the token in the Authorization
 * header (never in a URL), the body read as server-sent events, and after any drop a reconnect that
 * sends the last event ID seen, so the server resumes where the page left off.
 */
import { SseParser, type SseMessage } from './sse.js';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'stopped';

/** What the server says about the connection itself (dashboard contract); everything else is a topic event. */
export interface ControlNotice {
  kind: 'ready' | 'reset' | 'closing';
  code?: string;
  message?: string;
  resumed?: boolean;
}

export interface StreamOptions {
  url: string;
  token: string;
  fetch: typeof fetch;
  onEvent: (message: SseMessage) => void;
  onState: (state: ConnectionState, detail?: string) => void;
  onNotice: (notice: ControlNotice) => void;
  /** The wait before reconnect attempt `attempt` (1, 2, …). */
  retryDelayMs?: (attempt: number) => number;
  /** Nothing at all (not even a heartbeat) for this long means the connection is dead: reconnect. */
  idleTimeoutMs?: number;
  /** The ID to resume after, e.g. kept from a previous page state. */
  lastEventId?: string;
}

export interface StreamHandle {
  stop(): void;
  lastEventId(): string | undefined;
  /** Drops the current connection (as a network fault would) and lets the client reconnect. */
  drop(): void;
}

/** 1 s, 2 s, 4 s … up to 15 s, so a restarting server is not stormed by every open dashboard. */
export const defaultRetryDelayMs = (attempt: number): number => Math.min(15_000, 1000 * 2 ** Math.min(attempt - 1, 4));

const CONTROL_EVENTS: Record<string, ControlNotice['kind']> = { 'stream.ready': 'ready', 'stream.reset': 'reset', 'stream.closing': 'closing' };

function notice(kind: ControlNotice['kind'], data: string): ControlNotice {
  try {
    const body = JSON.parse(data) as unknown;
    if (typeof body !== 'object' || body === null) return { kind };
    const { code, message, resumed } = body as Record<string, unknown>;
    return {
      kind,
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof message === 'string' ? { message } : {}),
      ...(typeof resumed === 'boolean' ? { resumed } : {}),
    };
  } catch {
    return { kind };
  }
}

/**
 * Tells, notice by notice, whether events may have been missed, so a page reloads what it shows: a
 * reset, or a reconnect the server could not resume (the first connection of a page is neither).
 */
export function gapWatcher(): (notice: ControlNotice) => boolean {
  let everOpen = false;
  return (n) => {
    if (n.kind === 'reset') return true;
    if (n.kind !== 'ready') return false;
    const missed = everOpen && n.resumed === false;
    everOpen = true;
    return missed;
  };
}

export function openStream(options: StreamOptions): StreamHandle {
  const retryDelay = options.retryDelayMs ?? defaultRetryDelayMs;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  let lastEventId = options.lastEventId;
  let stopped = false;
  let current: AbortController | undefined;
  let wake: (() => void) | undefined;
  /** Whether the latest connection got as far as stream.ready: then the retry count starts again. */
  let opened = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => (clearTimeout(timer), resolve());
    });

  async function connectOnce(): Promise<'retry' | 'unauthorized'> {
    const controller = new AbortController();
    current = controller;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), idleTimeoutMs);
    };
    try {
      touch();
      const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const res = await options.fetch(options.url, { headers, signal: controller.signal });
      if (res.status === 401 || res.status === 403) return 'unauthorized';
      if (!res.ok || !res.body) return 'retry';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'retry';
        touch();
        for (const message of parser.push(value)) {
          // Control events carry an id too (where a fresh stream starts, where a reset resumes): keep it.
          if (message.id !== undefined) lastEventId = message.id;
          const control = CONTROL_EVENTS[message.event];
          if (control) {
            const n = notice(control, message.data);
            if (control === 'ready') {
              opened = true;
              options.onState('open');
            }
            options.onNotice(n);
            continue;
          }
          options.onEvent(message);
        }
      }
    } catch {
      return 'retry';
    } finally {
      clearTimeout(idle);
      controller.abort();
    }
  }

  void (async () => {
    let attempt = 0;
    options.onState('connecting');
    while (!stopped) {
      opened = false;
      const outcome = await connectOnce();
      if (stopped) break;
      if (outcome === 'unauthorized') {
        stopped = true;
        options.onState('unauthorized', '登录已失效，请重新登录');
        return;
      }
      attempt = opened ? 1 : attempt + 1;
      options.onState('reconnecting');
      await sleep(retryDelay(attempt));
    }
    options.onState('stopped');
  })();

  return {
    stop() {
      stopped = true;
      current?.abort();
      wake?.();
    },
    lastEventId: () => lastEventId,
    drop() {
      current?.abort();
    },
  };
}
