/**
 * Server-sent events, parsed from the text of a `fetch` body as it arrives (the page reads the
 * stream with fetch, not EventSource, so the token travels in a header). Follows the WHATWG
 * event-stream rules the dashboard needs: lines end in LF, CRLF or CR, a blank line dispatches,
 * `:` starts a comment, `data` lines join with LF, and the last `id` seen carries over.
 */
export interface SseMessage {
  /** The last event ID when this event was dispatched; undefined until the server sent one. */
  id: string | undefined;
  /** `message` when the event named none. */
  event: string;
  data: string;
}

export class SseParser {
  private pending = '';
  /** A chunk ended in CR: an LF at the start of the next one belongs to that line ending. */
  private afterCr = false;
  private data: string[] = [];
  private event = '';
  private lastId: string | undefined;

  /** The events completed by this chunk of text. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = false;
    const out: SseMessage[] = [];
    let buffer = this.pending + text;
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      let width = buffer.startsWith('\r\n', end) ? 2 : 1;
      // A CR that ends the text may be half of a CRLF split across chunks.
      if (buffer[end] === '\r' && end === buffer.length - 1) {
        this.afterCr = true;
        width = 1;
      }
      const message = this.line(buffer.slice(0, end));
      if (message) out.push(message);
      buffer = buffer.slice(end + width);
    }
    this.pending = buffer;
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const [data, event] = [this.data, this.event];
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    return { id: this.lastId, event: event || 'message', data: data.join('\n') };
  }
}
