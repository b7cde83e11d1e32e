/** Collects a stream's bytes up to a cap; beyond it only counts, so memory stays bounded. */
export class OutputBuffer {
  private chunks: Buffer[] = [];
  private kept = 0;
  /** Bytes seen, kept or not. */
  total = 0;

  constructor(private readonly cap: number) {}

  /** Adds a chunk; returns the part that was kept (what a live view should show). */
  push(chunk: Buffer): Buffer {
    this.total += chunk.length;
    const room = this.cap - this.kept;
    if (room <= 0) return Buffer.alloc(0);
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(part);
    this.kept += part.length;
    return part;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
