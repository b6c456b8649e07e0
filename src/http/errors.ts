import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { DrydockError, isDrydockError } from "../core/errors.ts";

/** The OCI error envelope: {"errors":[{"code","message","detail"}]}. */
export function envelope(err: DrydockError) {
  return {
    errors: [
      {
        code: err.code,
        message: err.message,
        ...(err.detail !== undefined ? { detail: err.detail } : {}),
      },
    ],
  };
}

/** Turns anything thrown into a DrydockError; unknown failures become INTERNAL (500). */
export function toDrydockError(err: unknown): DrydockError {
  if (isDrydockError(err)) return err;
  const fe = err as Partial<FastifyError>;
  if (fe.code === "FST_ERR_BAD_URL") {
    return new DrydockError("NAME_INVALID", "the request path is not valid percent-encoding");
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 413 ? "SIZE_INVALID" : "UNSUPPORTED";
    return new DrydockError(code, fe.message ?? "bad request", { status: fe.statusCode });
  }
  return new DrydockError("INTERNAL", "internal error; the request id in the logs has the details");
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
): FastifyReply {
  const e = toDrydockError(err);
  if (e.status >= 500) request.log.error({ err }, "request failed");
  else request.log.info({ code: e.code, status: e.status, reason: e.message }, "request refused");
  reply.code(e.status).headers(e.headers);
  // An unread or half-read body leaves the connection in an unknown state: close it after this answer.
  if (!request.raw.complete) reply.header("connection", "close");
  if (request.method === "HEAD") return reply.send();
  return reply.type("application/json; charset=utf-8").send(envelope(e));
}
