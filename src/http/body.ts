import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";
import { DrydockError } from "../core/errors.ts";

/**
 * A request body as a stream that fails (instead of hanging) when the client stalls for
 * `idleMs`, disconnects early, or sends fewer bytes than its Content-Length.
 */
export function bodyStream(req: IncomingMessage, idleMs: number): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
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
          new DrydockError("REQUEST_TIMEOUT", `request body sent nothing for ${idleMs / 1000}s`),
        ),
      idleMs,
    );
  };
  arm();
  req.on("data", arm);
  req.once("end", () => clearTimeout(timer));
  req.once("error", () => fail(incomplete()));
  req.once("close", () => {
    if (!req.complete) fail(incomplete());
  });
  req.pipe(out);
  return out;
}

function incomplete(): DrydockError {
  return new DrydockError(
    "BLOB_UPLOAD_INVALID",
    "the client closed the connection before the whole body arrived",
  );
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
  for await (const chunk of bodyStream(req, idleMs) as AsyncIterable<Buffer>) {
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
