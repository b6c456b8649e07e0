import type { FastifyRequest } from "fastify";
import { DrydockError } from "../core/errors.ts";
import type { RequestContext } from "../identity/audit.ts";
import type { Identity } from "../identity/identity.ts";
import { type AccessEntry, type Action, ANONYMOUS, type Principal } from "../identity/types.ts";

/** Who made a request and how: no credentials, a registry token, or Basic credentials. */
export interface Caller {
  principal: Principal;
  via: "anonymous" | "bearer" | "basic";
  /** What the bearer token grants (bearer only). */
  access: AccessEntry[];
}

export const ANONYMOUS_CALLER: Caller = { principal: ANONYMOUS, via: "anonymous", access: [] };

export function requestContext(request: FastifyRequest): RequestContext {
  const ua = request.headers["user-agent"];
  return { source: request.ip, userAgent: typeof ua === "string" ? ua : "" };
}

/** `Basic` credentials from a header, or null when there are none or they are malformed. */
export function basicCredentials(
  header: string | undefined,
): { username: string; password: string } | null {
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function bearerToken(header: string | undefined): string | null {
  if (!header || !/^bearer /i.test(header)) return null;
  const token = header.slice(7).trim();
  return token.length > 0 ? token : null;
}

/** Whether a token's access list grants `action` on `repository`. */
export function tokenGrants(
  access: AccessEntry[],
  type: string,
  name: string,
  action: string,
): boolean {
  return access.some(
    (a) =>
      a.type === type && a.name === name && (a.actions.includes(action) || a.actions.includes("*")),
  );
}

export interface AuthSettings {
  /** Accept Basic credentials directly on /v2/ (for clients that never fetch a token). */
  basicOnV2: boolean;
  service: string;
  /** Base URL the token realm is built from; derived from the request when unset. */
  externalUrl: string | undefined;
}

/**
 * Authentication and authorization at the HTTP edge of the registry: reads the caller's
 * credentials, asks identity what they may do, and refuses with the answer the Docker token
 * specification describes. A refusal never tells whether the repository exists.
 */
export class RegistryAuth {
  constructor(
    readonly identity: Identity,
    readonly settings: AuthSettings,
  ) {}

  async caller(request: FastifyRequest): Promise<Caller> {
    const header = request.headers.authorization;
    if (!header) return ANONYMOUS_CALLER;
    const token = bearerToken(header);
    if (token !== null) {
      try {
        const { principal, access } = await this.identity.verifyToken(token);
        return { principal, via: "bearer", access };
      } catch (err) {
        if (!(err instanceof DrydockError)) throw err;
        throw this.challenge(request, null, err.message, "invalid_token");
      }
    }
    const basic = basicCredentials(header);
    if (basic && this.settings.basicOnV2) {
      const principal = await this.identity.authenticate(
        basic.username,
        basic.password,
        requestContext(request),
      );
      return { principal, via: "basic", access: [] };
    }
    throw this.challenge(
      request,
      null,
      basic
        ? "use a token from the token endpoint (Basic credentials are not accepted here)"
        : "unsupported Authorization scheme",
    );
  }

  /** The base endpoint and the catalog need a signed-in caller. */
  requireSignedIn(request: FastifyRequest, caller: Caller, scope: string | null): void {
    if (caller.principal.kind === "anonymous")
      throw this.challenge(request, scope, "authentication required");
    if (scope && caller.via === "bearer" && !tokenGrants(caller.access, "registry", "catalog", "*"))
      throw this.challenge(
        request,
        scope,
        "the token does not grant registry:catalog:*",
        "insufficient_scope",
      );
  }

  /** Refuses unless `caller` may take `action` on `repository` now (its token, and its role today). */
  async require(
    request: FastifyRequest,
    caller: Caller,
    repository: string,
    action: Action,
  ): Promise<void> {
    const allowed = await this.identity.allowedActions(caller.principal, repository);
    const inToken =
      caller.via !== "bearer" || tokenGrants(caller.access, "repository", repository, action);
    if (allowed.has(action) && inToken) {
      if (action === "push")
        await this.identity.ensureNamespaceForPush(
          caller.principal,
          repository,
          requestContext(request),
        );
      return;
    }
    this.identity.audit.record(
      {
        actor: caller.principal,
        action: `registry.${action}`,
        target: repository,
        result: "denied",
        detail: { method: request.method, via: caller.via },
      },
      requestContext(request),
    );
    const scope = `repository:${repository}:${action === "pull" ? "pull" : `pull,${action}`}`;
    if (caller.via === "basic")
      throw new DrydockError("DENIED", `requested access to the resource is denied`);
    throw this.challenge(
      request,
      scope,
      caller.via === "anonymous"
        ? "authentication required"
        : "the token does not grant this access",
      caller.via === "bearer" ? "insufficient_scope" : undefined,
    );
  }

  /** Whether `caller` may pull `repository` (used for cross-repository mounts). */
  async mayPull(caller: Caller, repository: string): Promise<boolean> {
    const allowed = await this.identity.allowedActions(caller.principal, repository);
    return (
      allowed.has("pull") &&
      (caller.via !== "bearer" || tokenGrants(caller.access, "repository", repository, "pull"))
    );
  }

  /** A filter for the catalog: only namespaces the caller may know of. */
  catalogFilter(caller: Caller): (repository: string) => Promise<boolean> {
    return async (repository) =>
      (await this.identity.allowedActions(caller.principal, repository)).has("pull");
  }

  record(
    request: FastifyRequest,
    caller: Caller,
    action: string,
    target: string,
    detail: Record<string, unknown> = {},
  ): void {
    this.identity.audit.record(
      { actor: caller.principal, action, target, result: "success", detail },
      requestContext(request),
    );
  }

  realm(request: FastifyRequest): string {
    const base =
      this.settings.externalUrl?.replace(/\/$/, "") ?? `${request.protocol}://${request.host}`;
    return `${base}/token`;
  }

  challenge(
    request: FastifyRequest,
    scope: string | null,
    message: string,
    error?: string,
  ): DrydockError {
    const parts = [`realm="${this.realm(request)}"`, `service="${this.settings.service}"`];
    if (scope) parts.push(`scope="${scope}"`);
    if (error) parts.push(`error="${error}"`);
    return new DrydockError("UNAUTHORIZED", message, {
      headers: { "www-authenticate": `Bearer ${parts.join(",")}` },
    });
  }
}
