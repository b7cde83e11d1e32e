/** One frame of the executor's output protocol (see executor-script.ts). */
export interface Frame {
  readonly kind: string;
  readonly id: number;
  readonly payload: Buffer;
}

const HEADER = 9;

/** Cuts the executor's byte stream into frames, across chunk boundaries. */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly onFrame: (frame: Frame) => void) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < HEADER) return;
    let buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    let offset = 0;
    while (buf.length - offset >= HEADER) {
      const length = buf.readUInt32BE(offset + 5);
      if (buf.length - offset < HEADER + length) break;
      const kind = String.fromCharCode(buf[offset]!);
      const id = buf.readUInt32BE(offset + 1);
      const payload = buf.subarray(offset + HEADER, offset + HEADER + length);
      offset += HEADER + length;
      this.onFrame({ kind, id, payload });
    }
    buf = buf.subarray(offset);
    this.pending = buf.length > 0 ? [buf] : [];
    this.pendingBytes = buf.length;
  }
}
