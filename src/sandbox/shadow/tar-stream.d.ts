// The part of tar-stream 2.x (MIT; dockerode's own tar writer) the copy layer uses.
declare module 'tar-stream' {
  import type { Readable } from 'node:stream';
  interface Pack extends Readable {
    entry(header: Record<string, unknown>, body: Buffer | null, callback: (err?: Error | null) => void): unknown;
    finalize(): void;
  }
  export function pack(): Pack;
}
