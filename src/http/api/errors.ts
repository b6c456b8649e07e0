import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { DrydockError, isDrydockError } from "../../core/errors.ts";
import { API_CHALLENGE } from "./principal.ts";

/** The error body of the management API: {"error":{"code","message"}}. */
export function apiEnvelope(err: DrydockError) {
  return { error: { code: err.code, message: err.message } };
}

/** Anything thrown, as a DrydockError; unknown failures become INTERNAL with a generic message. */
export function toApiError(err: unknown): DrydockError {
  if (isDrydockError(err)) return err;
  const fe = err as Partial<FastifyError>;
  const status = fe.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    if (status === 413)
      return new DrydockError("INVALID", "body: larger than the limit of 64 KiB", { status });
    if (status === 415)
      return new DrydockError("INVALID", "body: must be JSON (Content-Type: application/json)", {
        status,
      });
    if (fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err instanceof SyntaxError)
      return new DrydockError(
        "INVALID",
        /prototype/.test(fe.message ?? "")
          ? "body: __proto__ and constructor.prototype keys are refused"
          : "body: not valid JSON",
      );
    const message = (fe.message ?? "bad request").slice(0, 200);
    return new DrydockError(
      "INVALID",
      fe.code?.startsWith("FST_ERR_CTP") ? `body: ${message}` : message,
      {
        status,
      },
    );
  }
  return new DrydockError("INTERNAL", "internal error; the request id in the logs has the details");
}

export function sendApiError(
  request: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
): FastifyReply {
  const e = toApiError(err);
  if (e.status >= 500) request.log.error({ err }, "request failed");
  else request.log.info({ code: e.code, status: e.status, reason: e.message }, "request refused");
  reply.code(e.status).headers(e.headers);
  if (e.status === 401) reply.header("www-authenticate", API_CHALLENGE);
  // An unread or half-read body leaves the connection in an unknown state: close it after this answer.
  if (!request.raw.complete) reply.header("connection", "close");
  return reply.type("application/json; charset=utf-8").send(apiEnvelope(e));
}
