/**
 * A server-sent-events reader as the dashboard reads the stream: fetch with the bearer token in the
 * header and a stream reader (EventSource cannot send headers), for the tests and the benchmark.
 */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseConnection {
  status: number;
  /** Resolves when the stream ends (closed by the server, or aborted). */
  done: Promise<void>;
  close(): void;
}

/** Opens the stream and calls `onEvent` for each event as it arrives (comments are not events). */
export async function openSse(url: string, token: string, onEvent: (event: SseEvent) => void, options: { lastEventId?: string } = {}): Promise<SseConnection> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}) },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    return { status: res.status, done: Promise.resolve(), close: () => undefined };
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: Partial<SseEvent> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const name = line.slice(0, colon);
            const text = line.slice(colon + 1).replace(/^ /, '');
            if (name === 'id' || name === 'event' || name === 'data') event[name] = text;
          }
          if (event.event) onEvent(event as SseEvent);
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  })();
  return { status: res.status, done, close: () => abort.abort() };
}
