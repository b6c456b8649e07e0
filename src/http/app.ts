import type { Socket } from "node:net";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import type { Logger as PinoLogger } from "pino";
import { DrydockError } from "../core/errors.ts";
import type { IdGen } from "../core/ids.ts";
import type { Identity } from "../identity/identity.ts";
import type { Management } from "../identity/management.ts";
import type { TokenService } from "../identity/tokens.ts";
import type { Registry } from "../registry/registry.ts";
import { apiRoutes } from "./api/routes.ts";
import { RegistryAuth } from "./auth.ts";
import { envelope, sendError } from "./errors.ts";
import { registryRoutes } from "./registry-routes.ts";
import { tokenRoutes } from "./token-routes.ts";

export interface HttpSettings {
  bodyIdleMs: number;
  maxManifestBytes: number;
  tls?: { cert: Buffer; key: Buffer };
}

export interface HttpParts {
  registry: Registry;
  log: PinoLogger;
  ids: IdGen;
  /** Absent when authentication is off (identity.auth=none). */
  identity?: {
    identity: Identity;
    management: Management;
    tokens: TokenService;
    basicOnV2: boolean;
    externalUrl: string | undefined;
  };
}

/** The HTTP edge: one fastify app, one plugin per part. */
export function buildHttpApp(parts: HttpParts, settings: HttpSettings): FastifyInstance {
  const app = Fastify({
    loggerInstance: parts.log,
    logController: new OneLineRequestLog({ requestIdLogLabel: "requestId" }),
    genReqId: requestIds(parts.ids),
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 4096 },
    // Slow clients are handled per body (bodyIdleMs); no limit on a whole upload's duration.
    requestTimeout: 0,
    connectionTimeout: 0,
    keepAliveTimeout: 75_000,
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
    // A path that is not valid percent-encoding never reaches a route: answer it here.
    frameworkErrors: (err, request, reply) => sendError(request, reply, err),
    ...(settings.tls ? { https: { cert: settings.tls.cert, key: settings.tls.key } } : {}),
  }) as unknown as FastifyInstance;

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  // Outside any part's routes too, every error is the OCI envelope.
  app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      new DrydockError(
        "UNSUPPORTED",
        `no endpoint ${request.method} ${request.url.split("?")[0]!.slice(0, 200)}`,
        { status: 404 },
      ),
    ),
  );
  const id = parts.identity;
  const auth = id
    ? new RegistryAuth(id.identity, {
        basicOnV2: id.basicOnV2,
        service: id.identity.settings.service,
        externalUrl: id.externalUrl,
      })
    : null;
  app.register(registryRoutes(parts.registry, settings, auth));
  if (id && auth) {
    app.register(tokenRoutes(id.identity, id.tokens));
    app.register(
      apiRoutes({
        identity: id.identity,
        management: id.management,
        auth,
        delivery: id.management.deliveryTargets,
      }),
      {
        prefix: "/api/v1",
      },
    );
  }
  return app;
}

/** One log line per request, when it completes, with what an operator greps for. */
class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      remote: request.ip,
      ...(error ? { err: error } : {}),
    };
    if (error) reply.log.error(fields, "request failed");
    else reply.log.info(fields, "request completed");
  }
}

/** Request ids: a random prefix per process and a counter; unique and cheap (no entropy per request). */
function requestIds(ids: IdGen): () => string {
  const prefix = ids.next().slice(0, 10);
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (a garbage request line, an
 * unknown method, a non-numeric Content-Length, broken chunked encoding): answer with the OCI
 * envelope and close, rather than the framework's own error body.
 */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || err.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    envelope(
      new DrydockError(
        tooLarge ? "SIZE_INVALID" : "UNSUPPORTED",
        tooLarge
          ? "request headers are too large"
          : `malformed HTTP request (${err.code ?? "parse error"})`,
        { status },
      ),
    ),
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
