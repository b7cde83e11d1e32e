// Server-sent events, parsed as the WHATWG spec says
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
// fed bytes in whatever pieces the network delivers: a piece may end inside a
// field name, a `data:` value, a multi-byte character, or between the CR and LF
// of a CRLF.

/** One dispatched event; `event` is `message` when the stream named none. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

/** Incremental SSE parser: `push` bytes, get the events they complete; `end` when the body ends. */
export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private sawFirstChunk = false;
  private eventType = '';
  private dataLines: string[] = [];
  private lastEventId: string | undefined;

  /** Feeds the next piece of the body; returns the events it completed. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (!this.sawFirstChunk && text.length > 0) {
      this.sawFirstChunk = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.buffer += text;
    return this.drainLines(false);
  }

  /** The body ended: flushes complete lines; an event without its blank line is dropped, as the spec says. */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    const events = this.drainLines(true);
    this.eventType = '';
    this.dataLines = [];
    return events;
  }

  private drainLines(atEnd: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const cr = this.buffer.indexOf('\r', start);
      const lf = this.buffer.indexOf('\n', start);
      if (cr === -1 && lf === -1) break;
      let lineEnd: number;
      let next: number;
      if (lf !== -1 && (cr === -1 || lf < cr)) {
        lineEnd = lf;
        next = lf + 1;
      } else {
        // A CR as the last character may be the first half of a CRLF still in flight.
        if (cr === this.buffer.length - 1 && !atEnd) break;
        lineEnd = cr;
        next = this.buffer.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      }
      const event = this.processLine(this.buffer.slice(start, lineEnd));
      if (event) events.push(event);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    if (atEnd) this.buffer = '';
    return events;
  }

  private processLine(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // a comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataLines.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      default:
        // `retry` and unknown fields mean nothing to a one-shot POST stream.
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const type = this.eventType;
    const lines = this.dataLines;
    this.eventType = '';
    this.dataLines = [];
    if (lines.length === 0) return undefined;
    const event: SseEvent = { event: type === '' ? 'message' : type, data: lines.join('\n') };
    return this.lastEventId === undefined ? event : { ...event, id: this.lastEventId };
  }
}
