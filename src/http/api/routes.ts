import type { FastifyInstance } from "fastify";
import { DrydockError } from "../../core/errors.ts";
import type { TargetOptions } from "../../identity/delivery.ts";
import type { Identity } from "../../identity/identity.ts";
import type { Management } from "../../identity/management.ts";
import type { RegistryAuth } from "../auth.ts";
import { auditRoutes } from "./audit.ts";
import { sendApiError } from "./errors.ts";
import { namespaceRoutes } from "./namespaces.ts";
import { openApiDocument } from "./openapi.ts";
import { principalOf } from "./principal.ts";
import { robotRoutes } from "./robots.ts";
import { type ApiRoute, jsonRoute, mountRoutes } from "./route-table.ts";
import { OpenApiDocument } from "./schemas.ts";
import { tokenRoutes } from "./tokens.ts";
import { trustPolicyRoutes } from "./trust-policies.ts";
import { userRoutes } from "./users.ts";

/** Request bodies of the management API are JSON of at most this many bytes. */
export const API_BODY_LIMIT = 64 * 1024;

export interface ApiRouteDeps {
  identity: Identity;
  management: Management;
  auth: RegistryAuth;
  /** How robot delivery targets are checked (e.g. http webhooks to loopback in tests). */
  delivery?: TargetOptions;
}

/** Every route of /api/v1, the OpenAPI document's included. */
export function apiRouteTable(deps: ApiRouteDeps): ApiRoute[] {
  let document: Record<string, unknown> | null = null;
  const table: ApiRoute[] = [
    jsonRoute({
      method: "GET",
      path: "/openapi.json",
      operationId: "getOpenApiDocument",
      summary: "This API, described in OpenAPI 3.1",
      tag: "meta",
      needsAuth: false,
      response: OpenApiDocument,
      handle: async () => {
        document ??= describe(table);
        return document;
      },
    }),
    ...userRoutes(deps),
    ...namespaceRoutes(deps),
    ...robotRoutes(deps, deps.delivery),
    ...trustPolicyRoutes(deps),
    ...tokenRoutes(deps),
    ...auditRoutes(deps),
  ];
  return table;
}

function describe(table: readonly ApiRoute[]): Record<string, unknown> {
  return openApiDocument(table, {
    title: "drydock management API",
    version: "1",
    description:
      'Users, namespaces, members, robot accounts, OIDC trust policies, personal access tokens and the audit trail of a drydock registry. Errors are {"error":{"code","message"}}.',
  });
}

/**
 * The management REST API, mounted under /api/v1: JSON in (at most 64 KiB) and out, every
 * error as {"error":{"code","message"}}, every route but openapi.json for signed-in callers.
 * Identity's Management does the permission checks and the auditing.
 */
export function apiRoutes(deps: ApiRouteDeps) {
  const table = apiRouteTable(deps);
  // Built now, so that a route table the document cannot describe fails at start.
  describe(table);
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    const parseJson = app.getDefaultJsonParser("error", "error");
    app.addContentTypeParser(
      "application/json",
      { parseAs: "string", bodyLimit: API_BODY_LIMIT },
      (request, body, done) => {
        // An empty body is no body (some clients send the header on every request).
        if ((body as string).trim() === "") return done(null, undefined);
        parseJson(request, body as string, done);
      },
    );
    app.setErrorHandler((err, request, reply) => sendApiError(request, reply, err));
    app.setNotFoundHandler((request, reply) =>
      sendApiError(
        request,
        reply,
        new DrydockError(
          "NOT_FOUND",
          `no endpoint ${request.method} ${request.url.split("?")[0]!.slice(0, 200)}`,
        ),
      ),
    );
    // Answers carry secrets (once) and permissions: no cache keeps them.
    app.addHook("onSend", async (_request, reply, payload) => {
      reply.header("cache-control", "no-store");
      return payload;
    });
    mountRoutes(app, table, (request) => principalOf(request, deps.identity));
  };
}
