import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";

/** A layer's compression, told apart by its first bytes (image spec layer.md media types). */
export type LayerCompression = "gzip" | "zstd" | "none";

export class LayerStreamError extends Error {}

export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  return "none";
}

/** How far gunzip (on the thread pool) may run ahead of the code reading its output. */
const INFLATE_AHEAD = 4 * 1024 * 1024;

/**
 * The uncompressed bytes of a layer blob (gzip, zstd or plain tar, whatever its media type
 * claims), as an async sequence of chunks. gzip goes through node:zlib in 256 KiB chunks on
 * the thread pool, so it runs beside the caller's work on the previous chunk; zstd through
 * fzstd. `onCompressed` sees each compressed chunk (progress). Breaking out of the loop, or an
 * error, destroys the streams.
 */
export async function* inflateLayer(
  compressed: Readable,
  onCompressed?: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  const it = compressed[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const start: Buffer[] = [];
  let seen = 0;
  while (seen < 4) {
    const next = await it.next();
    if (next.done) break;
    start.push(next.value);
    seen += next.value.length;
    onCompressed?.(next.value.length);
  }
  const first = start.length === 1 ? start[0]! : Buffer.concat(start);
  async function* raw(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      onCompressed?.(next.value.length);
      yield next.value;
    }
  }
  try {
    const kind = sniffCompression(first);
    if (kind === "none") yield* raw();
    else if (kind === "gzip") yield* gunzip(raw());
    else yield* unzstd(raw());
  } finally {
    compressed.destroy();
  }
}

async function* gunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const input = Readable.from(source, { objectMode: false });
  const z = createGunzip({ chunkSize: 256 * 1024 });
  input.on("error", (err) => z.destroy(err));
  input.pipe(z);
  try {
    yield* chunksOf(z, INFLATE_AHEAD);
  } finally {
    input.destroy();
    z.destroy();
  }
}

/**
 * A readable's chunks as they were pushed, through 'data' events: async iteration would call
 * read(), which concatenates (copies) whatever is buffered. Up to `ahead` bytes are queued
 * before the stream is paused, so the producer keeps working while the consumer does.
 */
async function* chunksOf(stream: Readable, ahead: number): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  stream.on("data", (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= ahead) stream.pause();
    notify();
  });
  stream.on("end", () => {
    ended = true;
    notify();
  });
  stream.on("error", (err) => {
    failure = err;
    notify();
  });
  stream.on("close", () => {
    // Destroyed without 'end' or 'error': the data stopped early.
    if (!ended && !failure) failure = new LayerStreamError("layer stream ended early (truncated)");
    notify();
  });
  for (;;) {
    if (queue.length > 0) {
      const chunk = queue.shift()!;
      queued -= chunk.length;
      if (stream.isPaused() && queued < ahead / 2) stream.resume();
      yield chunk;
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

async function* unzstd(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  const z = new Decompress((chunk) => {
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  const push = (bytes: Uint8Array, final: boolean) => {
    try {
      z.push(bytes, final);
    } catch (err) {
      throw new LayerStreamError(`corrupt zstd data: ${(err as Error).message}`);
    }
  };
  for await (const chunk of source) {
    push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), false);
    yield* out.splice(0);
  }
  push(new Uint8Array(0), true);
  yield* out.splice(0);
}
