import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DrydockError } from "../core/errors.ts";
import { type Identity, parseScope, type Scope, type TokenGrant } from "../identity/identity.ts";
import type { TokenService } from "../identity/tokens.ts";
import { ANONYMOUS, type Principal } from "../identity/types.ts";
import { basicCredentials, requestContext } from "./auth.ts";
import { sendError } from "./errors.ts";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const MAX_SCOPES = 32;

/**
 * The token endpoint of the Docker registry token specification, and its OAuth2 form:
 *   GET  /token?service=&scope=&account=&offline_token=   (Basic credentials, or none)
 *   POST /token  grant_type=password | refresh_token | token-exchange (an OIDC ID token)
 *   GET  /token/jwks  the public keys that verify drydock's tokens
 * A token carries only what was asked for and is allowed; a request for more than allowed
 * still gets a token, with fewer actions (the registry then refuses the rest).
 */
export function tokenRoutes(identity: Identity, tokens: TokenService) {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    app.setErrorHandler((err, request, reply) => sendError(request, reply, err));

    app.get("/token", async (request, reply) => {
      const query = request.query as Record<string, string | string[] | undefined>;
      checkService(identity, one(query.service));
      const ctx = requestContext(request);
      const basic = basicCredentials(request.headers.authorization);
      if (request.headers.authorization && !basic)
        throw new DrydockError(
          "UNAUTHORIZED",
          "the token endpoint takes Basic credentials or none",
        );
      const principal: Principal = basic
        ? await identity.authenticate(basic.username, basic.password, ctx)
        : ANONYMOUS;
      const account = one(query.account);
      if (account && basic && account !== basic.username && principal.kind !== "workload")
        throw new DrydockError("UNAUTHORIZED", "account does not match the credentials");
      const grant = await identity.issueToken(principal, scopes(query.scope), ctx, {
        offline: one(query.offline_token) === "true",
      });
      return reply.header("cache-control", "no-store").send(dockerAnswer(grant));
    });

    app.post("/token", async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string>;
      const ctx = requestContext(request);
      try {
        checkService(identity, form.service);
        const requested = scopes(form.scope?.split(" ").filter(Boolean));
        let principal: Principal;
        switch (form.grant_type) {
          case "password":
            if (!form.username || form.password === undefined)
              throw oauthError(400, "invalid_request", "username and password are required");
            principal = await identity.authenticate(form.username, form.password, ctx);
            break;
          case "refresh_token":
            if (!form.refresh_token)
              throw oauthError(400, "invalid_request", "refresh_token is required");
            principal = await identity.redeemRefreshToken(form.refresh_token, ctx);
            break;
          case TOKEN_EXCHANGE:
            if (!form.subject_token)
              throw oauthError(400, "invalid_request", "subject_token is required");
            principal = await identity.authenticate("oidc", form.subject_token, ctx);
            break;
          default:
            throw oauthError(
              400,
              "unsupported_grant_type",
              `grant_type ${String(form.grant_type).slice(0, 80)} is not supported`,
            );
        }
        const grant = await identity.issueToken(principal, requested, ctx, {
          offline: form.access_type === "offline",
        });
        return reply.header("cache-control", "no-store").send({
          access_token: grant.token,
          token_type: "Bearer",
          expires_in: grant.expiresIn,
          issued_at: grant.issuedAt,
          scope: grant.access.map((a) => `${a.type}:${a.name}:${a.actions.join(",")}`).join(" "),
          ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
        });
      } catch (err) {
        return sendOauthError(request, reply, err);
      }
    });

    app.get("/token/jwks", async (_request, reply) =>
      reply.header("cache-control", "public, max-age=300").send(tokens.jwks()),
    );
  };
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function scopes(raw: string | string[] | undefined): Scope[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  // Several scopes may also come space-separated in one parameter (containerd does that).
  const parts = list.flatMap((s) => s.split(" ")).filter(Boolean);
  if (parts.length > MAX_SCOPES)
    throw new DrydockError("DENIED", `at most ${MAX_SCOPES} scopes per token`, { status: 400 });
  const out: Scope[] = [];
  for (const part of parts) {
    const scope = parseScope(part);
    if (!scope)
      throw new DrydockError("DENIED", `malformed scope "${part.slice(0, 200)}"`, { status: 400 });
    out.push(scope);
  }
  return out;
}

function checkService(identity: Identity, service: string | undefined): void {
  if (service !== undefined && service !== identity.settings.service)
    throw new DrydockError(
      "DENIED",
      `unknown service "${service.slice(0, 100)}"; this is ${identity.settings.service}`,
      {
        status: 400,
      },
    );
}

function dockerAnswer(grant: TokenGrant) {
  return {
    token: grant.token,
    access_token: grant.token,
    expires_in: grant.expiresIn,
    issued_at: grant.issuedAt,
    ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
  };
}

class OauthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

function oauthError(status: number, error: string, message: string): OauthError {
  return new OauthError(status, error, message);
}

/** RFC 6749 section 5.2 errors: {"error", "error_description"}. */
function sendOauthError(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  if (err instanceof OauthError)
    return reply.code(err.status).send({ error: err.error, error_description: err.message });
  if (err instanceof DrydockError && err.status < 500) {
    const error =
      err.code === "UNAUTHORIZED"
        ? "invalid_grant"
        : err.code === "TOOMANYREQUESTS"
          ? "slow_down"
          : "invalid_request";
    return reply
      .code(err.code === "UNAUTHORIZED" ? 401 : err.status)
      .headers(err.headers)
      .send({ error, error_description: err.message });
  }
  return sendError(request, reply, err);
}
