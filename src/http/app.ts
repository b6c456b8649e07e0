import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import type { Logger as PinoLogger } from "pino";
import type { IdGen } from "../core/ids.ts";
import type { Registry } from "../registry/registry.ts";
import { registryRoutes } from "./registry-routes.ts";

export interface HttpSettings {
  bodyIdleMs: number;
  maxManifestBytes: number;
  tls?: { cert: Buffer; key: Buffer };
}

export interface HttpParts {
  registry: Registry;
  log: PinoLogger;
  ids: IdGen;
}

/** The HTTP edge: one fastify app, one plugin per part. */
export function buildHttpApp(parts: HttpParts, settings: HttpSettings): FastifyInstance {
  const app = Fastify({
    loggerInstance: parts.log,
    logController: new OneLineRequestLog({ requestIdLogLabel: "requestId" }),
    genReqId: () => parts.ids.next(),
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 4096 },
    // Slow clients are handled per body (bodyIdleMs); no limit on a whole upload's duration.
    requestTimeout: 0,
    connectionTimeout: 0,
    keepAliveTimeout: 75_000,
    return503OnClosing: true,
    ...(settings.tls ? { https: { cert: settings.tls.cert, key: settings.tls.key } } : {}),
  }) as unknown as FastifyInstance;

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  app.register(registryRoutes(parts.registry, settings));
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
