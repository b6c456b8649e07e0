import { Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";
import { chunksOf, LayerStreamError, READ_AHEAD } from "./chunks.ts";
import { GzipError, gunzipMembers } from "./gzip.ts";

/** A layer's compression, told apart by its first bytes (image spec layer.md media types). */
export type LayerCompression = "gzip" | "zstd" | "none";

export { LayerStreamError };

export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  return "none";
}

/**
 * zlib's output chunk. Each round of inflation on the thread pool ends with a callback on the
 * thread that reads the tar, which starts the next round; while that thread is busy (package
 * readers, other layers), the pool waits. 1 MiB rounds (~4 ms of inflating each) keep the pool
 * busy through those pauses: bench/scan.sh's cold scan went from 1.96 s to 1.79 s (median of
 * 9, against 256 KiB) for ~the same peak memory; 2 MiB was no faster and used ~20 MiB more.
 */
const GZIP_CHUNK = 1024 * 1024;

/**
 * The uncompressed bytes of a layer blob (gzip, zstd or plain tar, whatever its media type
 * claims) as a paused readable: attach 'data' and call resume(). gzip goes through node:zlib in
 * 1 MiB chunks on the thread pool, beside the code handling the previous chunk; zstd through
 * fzstd. `onCompressed` sees each compressed chunk (progress). Errors of the compressed stream
 * are the returned stream's errors.
 */
async function openLayerStream(
  compressed: Readable,
  onCompressed: ((bytes: number) => void) | undefined,
  gzipCrc: boolean,
): Promise<{ stream: Readable; gzip: "raw" | null }> {
  const { head, ended } = await peek(compressed, 4);
  // A blob of fewer than four bytes has ended already: its bytes go on in a stream of their own.
  if (ended) compressed = Readable.from(head.length > 0 ? [head] : [], { objectMode: false });
  if (onCompressed) compressed.on("data", (c: Buffer) => onCompressed(c.length));
  const kind = sniffCompression(head);
  if (kind === "none" || (kind === "gzip" && !gzipCrc)) {
    compressed.pause();
    return { stream: compressed, gzip: kind === "gzip" ? "raw" : null };
  }
  const inflate = kind === "gzip" ? createGunzip({ chunkSize: GZIP_CHUNK }) : zstdStream();
  compressed.on("error", (err) => inflate.destroy(err));
  inflate.on("close", () => compressed.destroy());
  compressed.pipe(inflate);
  inflate.pause();
  return { stream: inflate, gzip: null };
}

/** The first `n` bytes (fewer at the end), put back into the stream unless it ended. */
function peek(stream: Readable, n: number): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (ended: boolean) => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      stream.off("error", onError);
      const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      if (head.length > 0 && !ended) stream.unshift(head);
      resolve({ head, ended });
    };
    const onEnd = () => finish(true);
    const onReadable = () => {
      for (;;) {
        const chunk = stream.read() as Buffer | null;
        if (chunk === null) return;
        chunks.push(chunk);
        length += chunk.length;
        if (length >= n) return finish(false);
      }
    };
    const onError = (err: Error) => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      reject(err);
    };
    stream.on("readable", onReadable);
    stream.once("end", onEnd);
    stream.once("error", onError);
  });
}

function zstdStream(): Transform {
  const out = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        z.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        done();
      } catch (err) {
        done(new LayerStreamError(`corrupt zstd data: ${(err as Error).message}`));
      }
    },
    flush(done) {
      try {
        z.push(new Uint8Array(0), true);
        done();
      } catch (err) {
        done(new LayerStreamError(`corrupt zstd data: ${(err as Error).message}`));
      }
    },
  });
  const z = new Decompress((chunk) => {
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  return out;
}

/** Compressed bytes read ahead of the inflater (core/gzip.ts). */
const COMPRESSED_AHEAD = 2 * 1024 * 1024;

export interface InflateOptions {
  /**
   * false: gzip's CRC-32 of each member's data is not computed (core/gzip.ts), for a caller
   * that checks the inflated bytes itself, as the scanner does against the diff_id. Default true.
   */
  gzipCrc?: boolean;
}

/**
 * The uncompressed bytes as an async sequence of chunks (for consumers that await per entry).
 * Up to 8 MiB are read ahead; breaking out of the loop, or an error, destroys the streams.
 */
export async function* inflateLayer(
  compressed: Readable,
  onCompressed?: (bytes: number) => void,
  opts: InflateOptions = {},
): AsyncGenerator<Buffer> {
  let stream: Readable | null = null;
  try {
    const opened = await openLayerStream(compressed, onCompressed, opts.gzipCrc ?? true);
    stream = opened.stream;
    // Compressed bytes are read ahead only as far as the inflater needs to stay busy.
    if (opened.gzip === "raw") yield* rawGzip(chunksOf(stream, COMPRESSED_AHEAD));
    else yield* chunksOf(stream, READ_AHEAD);
  } finally {
    stream?.destroy();
    compressed.destroy();
  }
}

/** gzip without CRC (core/gzip.ts), its errors told as the other formats' are. */
async function* rawGzip(compressed: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* gunzipMembers(compressed, GZIP_CHUNK);
  } catch (err) {
    if (!(err instanceof GzipError)) throw err;
    throw new LayerStreamError(
      /unexpected end/.test(err.message)
        ? `truncated gzip data: ${err.message}`
        : `corrupt gzip data: ${err.message}`,
    );
  }
}
