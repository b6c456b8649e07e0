import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";
import { DrydockError, type ErrorCode } from "../core/errors.ts";

/**
 * A request body as a stream that fails (instead of hanging) when the client stalls for
 * `idleMs` (408), disconnects early, or sends fewer bytes than its Content-Length.
 * `code` is the OCI error code those failures carry (blob or manifest upload).
 */
export function bodyStream(
  req: IncomingMessage,
  idleMs: number,
  code: ErrorCode = "BLOB_UPLOAD_INVALID",
): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  // The failure may come before anyone reads: keep it on the stream (readers see it through
  // `errored` and async iteration) rather than let an unheard 'error' end the process.
  out.on("error", () => {});
  let timer: NodeJS.Timeout | undefined;
  const fail = (err: Error) => {
    clearTimeout(timer);
    req.unpipe(out);
    out.destroy(err);
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        fail(
          new DrydockError(code, `request body sent nothing for ${idleMs / 1000}s`, {
            status: 408,
          }),
        ),
      idleMs,
    );
  };
  arm();
  req.on("data", arm);
  req.once("end", () => clearTimeout(timer));
  out.once("close", () => clearTimeout(timer));
  req.once("error", () => fail(incomplete(code)));
  req.once("close", () => {
    if (!req.complete) fail(incomplete(code));
  });
  req.pipe(out);
  return out;
}

function incomplete(code: ErrorCode): DrydockError {
  return new DrydockError(code, "the client closed the connection before the whole body arrived");
}

/** Reads a whole body up to `limit` bytes (for manifests). */
export async function readBody(
  req: IncomingMessage,
  limit: number,
  idleMs: number,
  tooLarge: (size: number) => Error,
): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bodyStream(req, idleMs, "MANIFEST_INVALID") as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(size);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Whether a request carries a body at all. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  if (length !== undefined) return Number(length) > 0;
  return req.headers["transfer-encoding"] !== undefined;
}
